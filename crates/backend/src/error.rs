//! The one error type of this crate. The claim protocol's refusals are
//! variants of their own (like Buildbot's AlreadyClaimed and NotClaimed), so
//! a caller can answer a builder precisely instead of parsing messages.

use crate::{ArtifactId, BuilderId, JobId, JobStage, JobState};

/// Everything that can go wrong in a backend operation.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The database failed or refused a statement.
    #[error(transparent)]
    Database(#[from] buildsrs_database::Error),
    /// No builder has this id.
    #[error("no builder has id {0}")]
    UnknownBuilder(BuilderId),
    /// The builder is disabled and gets no work.
    #[error("builder {0} is disabled")]
    BuilderDisabled(BuilderId),
    /// No job has this id.
    #[error("no job has id {0}")]
    UnknownJob(JobId),
    /// The job belongs to another builder.
    #[error("job {job} is held by builder {owner}, not by builder {builder}")]
    NotOwner {
        job: JobId,
        owner: BuilderId,
        builder: BuilderId,
    },
    /// The job's lease ran out (whether or not the rescuer has ended it yet);
    /// its task goes, or went, back to the queue.
    #[error("the lease of job {0} has expired")]
    LeaseExpired(JobId),
    /// The job has ended already.
    #[error("job {job} has ended already (it is {state:?})")]
    JobFinished { job: JobId, state: JobState },
    /// A stage change out of the order init, fetch, build, upload.
    #[error(
        "job {job} is in stage {current:?} and cannot move to {requested:?}: stages go init, fetch, build, upload"
    )]
    StageOrder {
        job: JobId,
        current: JobStage,
        requested: JobStage,
    },
    /// Log lines for a stage the job has not reached.
    #[error(
        "job {job} is in stage {current:?} and cannot take log lines of the later stage {requested:?}"
    )]
    LogStageAhead {
        job: JobId,
        current: JobStage,
        requested: JobStage,
    },
    /// A batch of log lines that does not start at the job's line count: sent
    /// twice, or after a lost batch.
    #[error(
        "job {job} has {expected} log lines, so the next batch starts at line {expected}, not {given}"
    )]
    LogOutOfOrder {
        job: JobId,
        expected: i64,
        given: i64,
    },
    /// An artifact name the schema refuses.
    #[error("{0:?} is not an artifact name (letters, digits, `_`, `.`, `+` and `-`, 1 to 255)")]
    InvalidArtifactName(String),
    /// An artifact size beyond what the database stores.
    #[error("artifact size {0} is too large")]
    InvalidArtifactSize(u64),
    /// No artifact has this id.
    #[error("no artifact has id {0}")]
    UnknownArtifact(ArtifactId),
    /// The artifact's job has ended, so it can no longer change.
    #[error("artifact {artifact} is immutable: its job {job} has ended")]
    ArtifactImmutable { artifact: ArtifactId, job: JobId },
    /// A state change was refused although the job looked fine when read
    /// back: another request changed it in between. Retrying tells more.
    #[error("job {0} changed while it was being updated; retry")]
    Conflict(JobId),
    /// A claim for no slot or for more than [`crate::jobs::MAX_CLAIM_SLOTS`].
    #[error("a claim takes 1 to {max} slots, not {0}", max = crate::jobs::MAX_CLAIM_SLOTS)]
    InvalidSlots(u32),
    /// A completion reason that is too long or holds a NUL character.
    #[error(
        "a completion reason holds at most {} characters and no NUL character",
        crate::jobs::MAX_REASON_CHARS
    )]
    InvalidReason,
    /// A log line holding a NUL character, which joins a chunk's lines (the
    /// builder replaces NUL before it sends).
    #[error("log line {index} of the batch holds a NUL character")]
    InvalidLogLine { index: usize },
    /// Compressing a batch of log lines failed.
    #[error("compressing log lines")]
    LogCompression(#[source] std::io::Error),
    /// A stored log chunk that does not decode to its lines.
    #[error("the log chunk of job {job} from line {first_line} is corrupt: {reason}")]
    CorruptLogChunk {
        job: JobId,
        first_line: i64,
        reason: String,
    },
    /// The notification bus has stopped.
    #[error("the notification bus has stopped")]
    BusClosed,
}

impl From<tokio_postgres::Error> for Error {
    fn from(error: tokio_postgres::Error) -> Self {
        Self::Database(error.into())
    }
}

impl Error {
    /// The SQLSTATE of a server error, if this is one.
    pub fn sql_state(&self) -> Option<&tokio_postgres::error::SqlState> {
        match self {
            Self::Database(error) => error.sql_state(),
            _ => None,
        }
    }
}
