//! Tasks: what should be built, one per crate version, target and kind.
//! Created set-based for every current version that lacks one; moved between
//! states only by the claim protocol in [`crate::jobs`].

use buildsrs_database::queries::queries::tasks as sql;
use chrono::{DateTime, Utc};

use crate::{Backend, CrateVersionId, Error, TargetId, TaskId, TaskKind, TaskState};

/// A task as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Task {
    pub id: TaskId,
    pub crate_version_id: CrateVersionId,
    pub target_id: TargetId,
    pub kind: TaskKind,
    pub state: TaskState,
    /// Higher is claimed first.
    pub priority: i32,
    /// Jobs started for it so far.
    pub attempts: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<sql::TaskRow> for Task {
    fn from(row: sql::TaskRow) -> Self {
        Self {
            id: TaskId(row.id),
            crate_version_id: CrateVersionId(row.crate_version_id),
            target_id: TargetId(row.target_id),
            kind: row.kind,
            state: row.state,
            priority: row.priority,
            attempts: row.attempts,
            created_at: row.created_at.to_utc(),
            updated_at: row.updated_at.to_utc(),
        }
    }
}

impl Backend {
    /// Creates, in one statement, a task of each kind for every current
    /// version (not removed, not yanked, crate not removed) and every enabled
    /// target that lacks one, then wakes idle builders if any was created.
    /// Returns how many were created.
    pub async fn create_tasks(&self, kinds: &[TaskKind]) -> Result<u64, Error> {
        let client = self.client().await?;
        let created = sql::task_insert_missing().bind(&client, &kinds).await?;
        if created > 0 {
            sql::task_notify_work_all_targets()
                .bind(&client)
                .one()
                .await?;
        }
        tracing::info!(created, ?kinds, "created tasks for current versions");
        Ok(created)
    }

    /// One task, if it exists.
    pub async fn task(&self, task: TaskId) -> Result<Option<Task>, Error> {
        let client = self.read_client().await?;
        Ok(sql::task_get()
            .bind(&client, &task.0)
            .opt()
            .await?
            .map(Task::from))
    }

    /// The tasks of one crate version, by id.
    pub async fn tasks_of_version(&self, version: CrateVersionId) -> Result<Vec<Task>, Error> {
        let client = self.read_client().await?;
        let rows = sql::task_list_by_version()
            .bind(&client, &version.0)
            .all()
            .await?;
        Ok(rows.into_iter().map(Task::from).collect())
    }

    /// How many tasks are in each state (states without tasks left out).
    pub async fn task_counts(&self) -> Result<Vec<(TaskState, i64)>, Error> {
        let client = self.read_client().await?;
        let rows = sql::task_count_by_state().bind(&client).all().await?;
        Ok(rows.into_iter().map(|row| (row.state, row.tasks)).collect())
    }

    /// Changes the priority of a waiting task; returns false when the task is
    /// unknown or no longer waiting.
    pub async fn set_task_priority(&self, task: TaskId, priority: i32) -> Result<bool, Error> {
        let client = self.client().await?;
        Ok(sql::task_set_priority()
            .bind(&client, &priority, &task.0)
            .opt()
            .await?
            .is_some())
    }
}
