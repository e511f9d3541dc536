//! Newtypes for row ids, so a job id is never passed where a task id belongs.

use std::fmt;

use serde::{Deserialize, Serialize};

macro_rules! id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(formatter)
            }
        }

        impl From<i64> for $name {
            fn from(id: i64) -> Self {
                Self(id)
            }
        }
    };
}

id!(
    /// A builder (table builders).
    BuilderId
);
id!(
    /// A target triple (table targets).
    TargetId
);
id!(
    /// A version of a crate (table crate_versions).
    CrateVersionId
);
id!(
    /// What should be built (table tasks).
    TaskId
);
id!(
    /// One leased attempt at a task (table jobs).
    JobId
);
id!(
    /// A file a job produced (table job_artifacts).
    ArtifactId
);
