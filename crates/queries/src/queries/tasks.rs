// This file was generated with `cornucopia`. Do not modify.

#[derive(Clone, Copy, Debug)]
pub struct TaskSetPriorityParams {
    pub priority: i32,
    pub task_id: i64,
}
#[derive(Debug, Clone, PartialEq, Copy)]
pub struct TaskRow {
    pub id: i64,
    pub crate_version_id: i64,
    pub target_id: i64,
    pub kind: crate::types::TaskKind,
    pub state: crate::types::TaskState,
    pub priority: i32,
    pub attempts: i32,
    pub created_at: chrono::DateTime<chrono::FixedOffset>,
    pub updated_at: chrono::DateTime<chrono::FixedOffset>,
}
#[derive(Debug, Clone, PartialEq, Copy)]
pub struct TaskCountByState {
    pub state: crate::types::TaskState,
    pub tasks: i64,
}
use crate::client::async_::GenericClient;
use futures::{self, StreamExt, TryStreamExt};
pub struct I64Query<'c, 'a, 's, C: GenericClient, T, const N: usize> {
    client: &'c C,
    params: [&'a (dyn postgres_types::ToSql + Sync); N],
    query: &'static str,
    cached: Option<&'s tokio_postgres::Statement>,
    extractor: fn(&tokio_postgres::Row) -> Result<i64, tokio_postgres::Error>,
    mapper: fn(i64) -> T,
}
impl<'c, 'a, 's, C, T: 'c, const N: usize> I64Query<'c, 'a, 's, C, T, N>
where
    C: GenericClient,
{
    pub fn map<R>(self, mapper: fn(i64) -> R) -> I64Query<'c, 'a, 's, C, R, N> {
        I64Query {
            client: self.client,
            params: self.params,
            query: self.query,
            cached: self.cached,
            extractor: self.extractor,
            mapper,
        }
    }
    pub async fn one(self) -> Result<T, tokio_postgres::Error> {
        let row =
            crate::client::async_::one(self.client, self.query, &self.params, self.cached).await?;
        Ok((self.mapper)((self.extractor)(&row)?))
    }
    pub async fn all(self) -> Result<Vec<T>, tokio_postgres::Error> {
        self.iter().await?.try_collect().await
    }
    pub async fn opt(self) -> Result<Option<T>, tokio_postgres::Error> {
        let opt_row =
            crate::client::async_::opt(self.client, self.query, &self.params, self.cached).await?;
        Ok(opt_row
            .map(|row| {
                let extracted = (self.extractor)(&row)?;
                Ok((self.mapper)(extracted))
            })
            .transpose()?)
    }
    pub async fn iter(
        self,
    ) -> Result<
        impl futures::Stream<Item = Result<T, tokio_postgres::Error>> + 'c,
        tokio_postgres::Error,
    > {
        let stream = crate::client::async_::raw(
            self.client,
            self.query,
            crate::slice_iter(&self.params),
            self.cached,
        )
        .await?;
        let mapped = stream
            .map(move |res| {
                res.and_then(|row| {
                    let extracted = (self.extractor)(&row)?;
                    Ok((self.mapper)(extracted))
                })
            })
            .into_stream();
        Ok(mapped)
    }
}
pub struct TaskRowQuery<'c, 'a, 's, C: GenericClient, T, const N: usize> {
    client: &'c C,
    params: [&'a (dyn postgres_types::ToSql + Sync); N],
    query: &'static str,
    cached: Option<&'s tokio_postgres::Statement>,
    extractor: fn(&tokio_postgres::Row) -> Result<TaskRow, tokio_postgres::Error>,
    mapper: fn(TaskRow) -> T,
}
impl<'c, 'a, 's, C, T: 'c, const N: usize> TaskRowQuery<'c, 'a, 's, C, T, N>
where
    C: GenericClient,
{
    pub fn map<R>(self, mapper: fn(TaskRow) -> R) -> TaskRowQuery<'c, 'a, 's, C, R, N> {
        TaskRowQuery {
            client: self.client,
            params: self.params,
            query: self.query,
            cached: self.cached,
            extractor: self.extractor,
            mapper,
        }
    }
    pub async fn one(self) -> Result<T, tokio_postgres::Error> {
        let row =
            crate::client::async_::one(self.client, self.query, &self.params, self.cached).await?;
        Ok((self.mapper)((self.extractor)(&row)?))
    }
    pub async fn all(self) -> Result<Vec<T>, tokio_postgres::Error> {
        self.iter().await?.try_collect().await
    }
    pub async fn opt(self) -> Result<Option<T>, tokio_postgres::Error> {
        let opt_row =
            crate::client::async_::opt(self.client, self.query, &self.params, self.cached).await?;
        Ok(opt_row
            .map(|row| {
                let extracted = (self.extractor)(&row)?;
                Ok((self.mapper)(extracted))
            })
            .transpose()?)
    }
    pub async fn iter(
        self,
    ) -> Result<
        impl futures::Stream<Item = Result<T, tokio_postgres::Error>> + 'c,
        tokio_postgres::Error,
    > {
        let stream = crate::client::async_::raw(
            self.client,
            self.query,
            crate::slice_iter(&self.params),
            self.cached,
        )
        .await?;
        let mapped = stream
            .map(move |res| {
                res.and_then(|row| {
                    let extracted = (self.extractor)(&row)?;
                    Ok((self.mapper)(extracted))
                })
            })
            .into_stream();
        Ok(mapped)
    }
}
pub struct TaskCountByStateQuery<'c, 'a, 's, C: GenericClient, T, const N: usize> {
    client: &'c C,
    params: [&'a (dyn postgres_types::ToSql + Sync); N],
    query: &'static str,
    cached: Option<&'s tokio_postgres::Statement>,
    extractor: fn(&tokio_postgres::Row) -> Result<TaskCountByState, tokio_postgres::Error>,
    mapper: fn(TaskCountByState) -> T,
}
impl<'c, 'a, 's, C, T: 'c, const N: usize> TaskCountByStateQuery<'c, 'a, 's, C, T, N>
where
    C: GenericClient,
{
    pub fn map<R>(
        self,
        mapper: fn(TaskCountByState) -> R,
    ) -> TaskCountByStateQuery<'c, 'a, 's, C, R, N> {
        TaskCountByStateQuery {
            client: self.client,
            params: self.params,
            query: self.query,
            cached: self.cached,
            extractor: self.extractor,
            mapper,
        }
    }
    pub async fn one(self) -> Result<T, tokio_postgres::Error> {
        let row =
            crate::client::async_::one(self.client, self.query, &self.params, self.cached).await?;
        Ok((self.mapper)((self.extractor)(&row)?))
    }
    pub async fn all(self) -> Result<Vec<T>, tokio_postgres::Error> {
        self.iter().await?.try_collect().await
    }
    pub async fn opt(self) -> Result<Option<T>, tokio_postgres::Error> {
        let opt_row =
            crate::client::async_::opt(self.client, self.query, &self.params, self.cached).await?;
        Ok(opt_row
            .map(|row| {
                let extracted = (self.extractor)(&row)?;
                Ok((self.mapper)(extracted))
            })
            .transpose()?)
    }
    pub async fn iter(
        self,
    ) -> Result<
        impl futures::Stream<Item = Result<T, tokio_postgres::Error>> + 'c,
        tokio_postgres::Error,
    > {
        let stream = crate::client::async_::raw(
            self.client,
            self.query,
            crate::slice_iter(&self.params),
            self.cached,
        )
        .await?;
        let mapped = stream
            .map(move |res| {
                res.and_then(|row| {
                    let extracted = (self.extractor)(&row)?;
                    Ok((self.mapper)(extracted))
                })
            })
            .into_stream();
        Ok(mapped)
    }
}
pub struct TaskInsertMissingStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn task_insert_missing() -> TaskInsertMissingStmt {
    TaskInsertMissingStmt(
        "INSERT INTO tasks (crate_version_id, target_id, kind) SELECT crate_versions.id, targets.id, kinds.kind FROM crate_versions JOIN crates ON crates.id = crate_versions.crate_id CROSS JOIN targets CROSS JOIN unnest($1::task_kind[]) AS kinds (kind) WHERE crate_versions.removed_at IS NULL AND NOT crate_versions.yanked AND crates.removed_at IS NULL AND targets.enabled AND NOT EXISTS ( SELECT FROM tasks WHERE tasks.crate_version_id = crate_versions.id AND tasks.target_id = targets.id AND tasks.kind = kinds.kind ) ON CONFLICT (crate_version_id, target_id, kind) DO NOTHING",
        None,
    )
}
impl TaskInsertMissingStmt {
    pub async fn prepare<'a, C: GenericClient>(
        mut self,
        client: &'a C,
    ) -> Result<Self, tokio_postgres::Error> {
        self.1 = Some(client.prepare(self.0).await?);
        Ok(self)
    }
    pub async fn bind<
        'c,
        'a,
        's,
        C: GenericClient,
        T1: crate::ArraySql<Item = crate::types::TaskKind>,
    >(
        &'s self,
        client: &'c C,
        kinds: &'a T1,
    ) -> Result<u64, tokio_postgres::Error> {
        client.execute(self.0, &[kinds]).await
    }
}
pub struct TaskNotifyWorkAllTargetsStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn task_notify_work_all_targets() -> TaskNotifyWorkAllTargetsStmt {
    TaskNotifyWorkAllTargetsStmt(
        "SELECT count(pg_notify('buildsrs_work', id::text)) AS notified FROM targets WHERE enabled",
        None,
    )
}
impl TaskNotifyWorkAllTargetsStmt {
    pub async fn prepare<'a, C: GenericClient>(
        mut self,
        client: &'a C,
    ) -> Result<Self, tokio_postgres::Error> {
        self.1 = Some(client.prepare(self.0).await?);
        Ok(self)
    }
    pub fn bind<'c, 'a, 's, C: GenericClient>(
        &'s self,
        client: &'c C,
    ) -> I64Query<'c, 'a, 's, C, i64, 0> {
        I64Query {
            client,
            params: [],
            query: self.0,
            cached: self.1.as_ref(),
            extractor: |row| Ok(row.try_get(0)?),
            mapper: |it| it,
        }
    }
}
pub struct TaskGetStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn task_get() -> TaskGetStmt {
    TaskGetStmt(
        "SELECT tasks.id, tasks.crate_version_id, tasks.target_id, tasks.kind, tasks.state, tasks.priority, tasks.attempts, tasks.created_at, tasks.updated_at FROM tasks WHERE tasks.id = $1",
        None,
    )
}
impl TaskGetStmt {
    pub async fn prepare<'a, C: GenericClient>(
        mut self,
        client: &'a C,
    ) -> Result<Self, tokio_postgres::Error> {
        self.1 = Some(client.prepare(self.0).await?);
        Ok(self)
    }
    pub fn bind<'c, 'a, 's, C: GenericClient>(
        &'s self,
        client: &'c C,
        task_id: &'a i64,
    ) -> TaskRowQuery<'c, 'a, 's, C, TaskRow, 1> {
        TaskRowQuery {
            client,
            params: [task_id],
            query: self.0,
            cached: self.1.as_ref(),
            extractor: |row: &tokio_postgres::Row| -> Result<TaskRow, tokio_postgres::Error> {
                Ok(TaskRow {
                    id: row.try_get(0)?,
                    crate_version_id: row.try_get(1)?,
                    target_id: row.try_get(2)?,
                    kind: row.try_get(3)?,
                    state: row.try_get(4)?,
                    priority: row.try_get(5)?,
                    attempts: row.try_get(6)?,
                    created_at: row.try_get(7)?,
                    updated_at: row.try_get(8)?,
                })
            },
            mapper: |it| TaskRow::from(it),
        }
    }
}
pub struct TaskListByVersionStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn task_list_by_version() -> TaskListByVersionStmt {
    TaskListByVersionStmt(
        "SELECT tasks.id, tasks.crate_version_id, tasks.target_id, tasks.kind, tasks.state, tasks.priority, tasks.attempts, tasks.created_at, tasks.updated_at FROM tasks WHERE tasks.crate_version_id = $1 ORDER BY tasks.id",
        None,
    )
}
impl TaskListByVersionStmt {
    pub async fn prepare<'a, C: GenericClient>(
        mut self,
        client: &'a C,
    ) -> Result<Self, tokio_postgres::Error> {
        self.1 = Some(client.prepare(self.0).await?);
        Ok(self)
    }
    pub fn bind<'c, 'a, 's, C: GenericClient>(
        &'s self,
        client: &'c C,
        crate_version_id: &'a i64,
    ) -> TaskRowQuery<'c, 'a, 's, C, TaskRow, 1> {
        TaskRowQuery {
            client,
            params: [crate_version_id],
            query: self.0,
            cached: self.1.as_ref(),
            extractor: |row: &tokio_postgres::Row| -> Result<TaskRow, tokio_postgres::Error> {
                Ok(TaskRow {
                    id: row.try_get(0)?,
                    crate_version_id: row.try_get(1)?,
                    target_id: row.try_get(2)?,
                    kind: row.try_get(3)?,
                    state: row.try_get(4)?,
                    priority: row.try_get(5)?,
                    attempts: row.try_get(6)?,
                    created_at: row.try_get(7)?,
                    updated_at: row.try_get(8)?,
                })
            },
            mapper: |it| TaskRow::from(it),
        }
    }
}
pub struct TaskCountByStateStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn task_count_by_state() -> TaskCountByStateStmt {
    TaskCountByStateStmt(
        "SELECT state, count(*) AS tasks FROM tasks GROUP BY state ORDER BY state",
        None,
    )
}
impl TaskCountByStateStmt {
    pub async fn prepare<'a, C: GenericClient>(
        mut self,
        client: &'a C,
    ) -> Result<Self, tokio_postgres::Error> {
        self.1 = Some(client.prepare(self.0).await?);
        Ok(self)
    }
    pub fn bind<'c, 'a, 's, C: GenericClient>(
        &'s self,
        client: &'c C,
    ) -> TaskCountByStateQuery<'c, 'a, 's, C, TaskCountByState, 0> {
        TaskCountByStateQuery {
            client,
            params: [],
            query: self.0,
            cached: self.1.as_ref(),
            extractor:
                |row: &tokio_postgres::Row| -> Result<TaskCountByState, tokio_postgres::Error> {
                    Ok(TaskCountByState {
                        state: row.try_get(0)?,
                        tasks: row.try_get(1)?,
                    })
                },
            mapper: |it| TaskCountByState::from(it),
        }
    }
}
pub struct TaskSetPriorityStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn task_set_priority() -> TaskSetPriorityStmt {
    TaskSetPriorityStmt(
        "UPDATE tasks SET priority = $1, updated_at = now() WHERE id = $2 AND state = 'waiting' RETURNING id",
        None,
    )
}
impl TaskSetPriorityStmt {
    pub async fn prepare<'a, C: GenericClient>(
        mut self,
        client: &'a C,
    ) -> Result<Self, tokio_postgres::Error> {
        self.1 = Some(client.prepare(self.0).await?);
        Ok(self)
    }
    pub fn bind<'c, 'a, 's, C: GenericClient>(
        &'s self,
        client: &'c C,
        priority: &'a i32,
        task_id: &'a i64,
    ) -> I64Query<'c, 'a, 's, C, i64, 2> {
        I64Query {
            client,
            params: [priority, task_id],
            query: self.0,
            cached: self.1.as_ref(),
            extractor: |row| Ok(row.try_get(0)?),
            mapper: |it| it,
        }
    }
}
impl<'c, 'a, 's, C: GenericClient>
    crate::client::async_::Params<
        'c,
        'a,
        's,
        TaskSetPriorityParams,
        I64Query<'c, 'a, 's, C, i64, 2>,
        C,
    > for TaskSetPriorityStmt
{
    fn params(
        &'s self,
        client: &'c C,
        params: &'a TaskSetPriorityParams,
    ) -> I64Query<'c, 'a, 's, C, i64, 2> {
        self.bind(client, &params.priority, &params.task_id)
    }
}
