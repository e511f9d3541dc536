//! The order of a job's stages, init, fetch, build, upload, written once:
//! the generated [`JobStage`] has no order of its own, and a generated type
//! takes no inherent `impl` here, so the order comes as an extension trait.

use std::iter;

use crate::JobStage;

/// Where a stage stands in the order a job goes through them.
pub(crate) trait StageOrder: Copy {
    /// The stage before this one, from which a job may move to it; `None`
    /// for `Init`, where every job starts.
    fn previous(self) -> Option<Self>;

    /// Whether this stage comes after `other`.
    fn is_after(self, other: Self) -> bool;
}

impl StageOrder for JobStage {
    fn previous(self) -> Option<Self> {
        match self {
            Self::Init => None,
            Self::Fetch => Some(Self::Init),
            Self::Build => Some(Self::Fetch),
            Self::Upload => Some(Self::Build),
        }
    }

    fn is_after(self, other: Self) -> bool {
        iter::successors(self.previous(), |stage| stage.previous()).any(|stage| stage == other)
    }
}
