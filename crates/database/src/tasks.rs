//! Tasks, as operators handle them: list, create, retry, cancel and
//! prioritize the tasks that match a [`TaskFilter`]. The scheduler in the
//! backend crate creates tasks on its own; these are the manual levers.

use crate::queries::types::{TaskKind, TaskState};

use crate::queries::queries::tasks as sql;
use crate::{Client, Error};

pub use sql::TaskListFiltered as TaskListing;

/// The priority `tasks prioritize` gives by default: above fresh publishes
/// (100) and backfills (0).
pub const RAISED_PRIORITY: i32 = 1000;

/// Which tasks an operation applies to: those matching every field given.
/// Also the `tasks` commands' filter flags.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "options", derive(clap::Args))]
pub struct TaskFilter {
    /// Only tasks in this state (waiting, active, succeeded, failed, held,
    /// delayed, cancelled).
    #[cfg_attr(feature = "options", arg(long, value_parser = parse_state))]
    pub state: Option<TaskState>,
    /// Only tasks of this target triple.
    #[cfg_attr(feature = "options", arg(long))]
    pub target: Option<String>,
    /// Only tasks of this crate (any case).
    #[cfg_attr(feature = "options", arg(long = "crate"))]
    pub krate: Option<String>,
    /// Only tasks of this version.
    #[cfg_attr(feature = "options", arg(long))]
    pub version: Option<String>,
}

impl TaskFilter {
    /// Whether the filter names anything: retry, cancel and prioritize refuse
    /// to touch every task by accident.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// Up to `limit` matching tasks, newest first, with their latest job's result.
pub async fn list(
    client: &Client,
    filter: &TaskFilter,
    limit: i64,
) -> Result<Vec<TaskListing>, Error> {
    Ok(sql::task_list_filtered()
        .bind(
            client,
            &filter.state,
            &filter.target.as_deref(),
            &filter.krate.as_deref(),
            &filter.version.as_deref(),
            &limit,
        )
        .all()
        .await?)
}

/// Creates the missing tasks of `kinds` at `priority` for the current
/// versions of a crate (one version when given) and every enabled target
/// (one when given). Returns how many were created.
pub async fn create(
    client: &Client,
    krate: &str,
    version: Option<&str>,
    target: Option<&str>,
    kinds: &[TaskKind],
    priority: i32,
) -> Result<i64, Error> {
    let created = sql::task_create_matching()
        .bind(client, &priority, &kinds, &krate, &version, &target)
        .one()
        .await?;
    Ok(created.created)
}

/// Makes matching failed or cancelled tasks wait again, attempts reset.
pub async fn retry(client: &Client, filter: &TaskFilter) -> Result<i64, Error> {
    refuse_empty(filter)?;
    Ok(sql::task_retry_matching()
        .bind(
            client,
            &filter.state,
            &filter.target.as_deref(),
            &filter.krate.as_deref(),
            &filter.version.as_deref(),
        )
        .one()
        .await?)
}

/// Cancels matching unfinished tasks, ending their running jobs. Returns how
/// many tasks and jobs.
pub async fn cancel(client: &Client, filter: &TaskFilter) -> Result<(i64, i64), Error> {
    refuse_empty(filter)?;
    let row = sql::task_cancel_matching()
        .bind(
            client,
            &filter.state,
            &filter.target.as_deref(),
            &filter.krate.as_deref(),
            &filter.version.as_deref(),
        )
        .one()
        .await?;
    Ok((row.tasks, row.jobs))
}

/// Gives matching tasks that have not started (waiting, delayed, held) a new
/// priority. Returns how many.
pub async fn prioritize(client: &Client, filter: &TaskFilter, priority: i32) -> Result<i64, Error> {
    refuse_empty(filter)?;
    Ok(sql::task_prioritize_matching()
        .bind(
            client,
            &priority,
            &filter.state,
            &filter.target.as_deref(),
            &filter.krate.as_deref(),
            &filter.version.as_deref(),
        )
        .one()
        .await?)
}

fn refuse_empty(filter: &TaskFilter) -> Result<(), Error> {
    if filter.is_empty() {
        return Err(Error::EmptyTaskFilter);
    }
    Ok(())
}

/// A task state as the schema spells it (`waiting`, `failed`, ...).
pub fn parse_state(text: &str) -> Result<TaskState, String> {
    Ok(match text {
        "waiting" => TaskState::Waiting,
        "active" => TaskState::Active,
        "succeeded" => TaskState::Succeeded,
        "failed" => TaskState::Failed,
        "held" => TaskState::Held,
        "delayed" => TaskState::Delayed,
        "cancelled" => TaskState::Cancelled,
        other => {
            return Err(format!(
                "{other:?} is not a task state (waiting, active, succeeded, failed, held, delayed, cancelled)"
            ));
        }
    })
}

/// A task kind as the schema spells it (`binary`, `metadata`).
pub fn parse_kind(text: &str) -> Result<TaskKind, String> {
    match text {
        "binary" => Ok(TaskKind::Binary),
        "metadata" => Ok(TaskKind::Metadata),
        other => Err(format!("{other:?} is not a task kind (binary, metadata)")),
    }
}
