//! The benchmark's baselines: how others would write a claim or count a
//! download, beside the benchmark because the backend never does either.
//! The tests include this file too, to prove the baselines are fair (they
//! never share a task).

use buildsrs_backend::{Backend, BuilderId, Error, JobId, TaskId};

/// One statement per download event.
pub const DOWNLOAD_ADD_ONE: &str = include_str!("../sql/download_add_one.sql");
const CLAIM_NAIVE_PICK: &str = include_str!("../sql/claim_naive_pick.sql");
const CLAIM_NAIVE_START: &str = include_str!("../sql/claim_naive_start.sql");
/// Where our claim, `job_claim_next`, is written.
const JOBS_QUERIES: &str = include_str!("../../../../queries/jobs.sql");

/// A claim as others would write it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BaselineClaim {
    /// Queue code as commonly first written: a transaction that locks the
    /// first waiting task (waiting for it), then starts the job in a second
    /// statement.
    Naive,
    /// Our one-statement claim with SKIP LOCKED removed: claims wait for the
    /// first waiting task like everyone else. Made from `job_claim_next`
    /// itself, so the two never drift apart.
    Blocking,
}

/// `job_claim_next` of `queries/jobs.sql` without SKIP LOCKED, with
/// positional parameters: the builder, the slots, the lease in milliseconds.
fn claim_blocking_sql() -> String {
    let queries =
        buildsrs_database::access::source::parse(JOBS_QUERIES).expect("queries/jobs.sql parses");
    let claim = queries
        .iter()
        .find(|query| query.name == "job_claim_next")
        .expect("queries/jobs.sql has job_claim_next");
    let (sql, parameters) = claim.positional();
    assert_eq!(parameters, ["builder_id", "slots", "lease_ms"]);
    assert!(sql.contains("FOR UPDATE SKIP LOCKED"), "{sql}");
    sql.replace("FOR UPDATE SKIP LOCKED", "FOR UPDATE")
}

impl BaselineClaim {
    /// One job for `builder` and its task, leased as the backend leases;
    /// `None` when the row it waited for was taken meanwhile, or nothing
    /// waits.
    pub async fn claim(
        self,
        backend: &Backend,
        builder: BuilderId,
    ) -> Result<Option<(JobId, TaskId)>, Error> {
        let mut client = backend.database().client().await?;
        let lease_ms = backend.config().lease.as_millis() as i64;
        let row = match self {
            Self::Blocking => {
                let statement = client.prepare_cached(&claim_blocking_sql()).await?;
                client
                    .query_opt(&statement, &[&builder.0, &1i64, &lease_ms])
                    .await?
            }
            Self::Naive => {
                let pick = client.prepare_cached(CLAIM_NAIVE_PICK).await?;
                let start = client.prepare_cached(CLAIM_NAIVE_START).await?;
                let transaction = client.transaction().await?;
                let row = match transaction.query_opt(&pick, &[&builder.0]).await? {
                    Some(task) => {
                        let task: i64 = task.get(0);
                        transaction
                            .query_opt(&start, &[&task, &builder.0, &lease_ms])
                            .await?
                    }
                    None => None,
                };
                transaction.commit().await?;
                row
            }
        };
        Ok(row.map(|row| (JobId(row.get("job_id")), TaskId(row.get("task_id")))))
    }
}
