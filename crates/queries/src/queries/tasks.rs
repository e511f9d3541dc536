// This file was generated with `cornucopia`. Do not modify.

#[derive(Clone, Copy, Debug)]
pub struct TaskSetPriorityParams {
    pub priority: i32,
    pub task_id: i64,
}
#[derive(Debug)]
pub struct TaskListFilteredParams<T1: crate::StringSql, T2: crate::StringSql, T3: crate::StringSql>
{
    pub state: Option<crate::types::TaskState>,
    pub target: Option<T1>,
    pub crate_name: Option<T2>,
    pub version: Option<T3>,
    pub limit: i64,
}
#[derive(Debug)]
pub struct TaskCreateMatchingParams<
    T1: crate::ArraySql<Item = crate::types::TaskKind>,
    T2: crate::StringSql,
    T3: crate::StringSql,
    T4: crate::StringSql,
> {
    pub priority: i32,
    pub kinds: T1,
    pub crate_name: T2,
    pub version: Option<T3>,
    pub target: Option<T4>,
}
#[derive(Debug)]
pub struct TaskRetryMatchingParams<T1: crate::StringSql, T2: crate::StringSql, T3: crate::StringSql>
{
    pub state: Option<crate::types::TaskState>,
    pub target: Option<T1>,
    pub crate_name: Option<T2>,
    pub version: Option<T3>,
}
#[derive(Debug)]
pub struct TaskCancelMatchingParams<
    T1: crate::StringSql,
    T2: crate::StringSql,
    T3: crate::StringSql,
> {
    pub state: Option<crate::types::TaskState>,
    pub target: Option<T1>,
    pub crate_name: Option<T2>,
    pub version: Option<T3>,
}
#[derive(Debug)]
pub struct TaskPrioritizeMatchingParams<
    T1: crate::StringSql,
    T2: crate::StringSql,
    T3: crate::StringSql,
> {
    pub priority: i32,
    pub state: Option<crate::types::TaskState>,
    pub target: Option<T1>,
    pub crate_name: Option<T2>,
    pub version: Option<T3>,
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
#[derive(Debug, Clone, PartialEq)]
pub struct TaskListFiltered {
    pub id: i64,
    pub crate_name: String,
    pub version: String,
    pub target: String,
    pub kind: crate::types::TaskKind,
    pub state: crate::types::TaskState,
    pub priority: i32,
    pub attempts: i32,
    pub retry_at: Option<chrono::DateTime<chrono::FixedOffset>>,
    pub updated_at: chrono::DateTime<chrono::FixedOffset>,
    pub last_result: Option<crate::types::BuildResult>,
    pub last_exit_code: Option<i32>,
    pub last_reason: Option<String>,
}
pub struct TaskListFilteredBorrowed<'a> {
    pub id: i64,
    pub crate_name: &'a str,
    pub version: &'a str,
    pub target: &'a str,
    pub kind: crate::types::TaskKind,
    pub state: crate::types::TaskState,
    pub priority: i32,
    pub attempts: i32,
    pub retry_at: Option<chrono::DateTime<chrono::FixedOffset>>,
    pub updated_at: chrono::DateTime<chrono::FixedOffset>,
    pub last_result: Option<crate::types::BuildResult>,
    pub last_exit_code: Option<i32>,
    pub last_reason: Option<&'a str>,
}
impl<'a> From<TaskListFilteredBorrowed<'a>> for TaskListFiltered {
    fn from(
        TaskListFilteredBorrowed {
            id,
            crate_name,
            version,
            target,
            kind,
            state,
            priority,
            attempts,
            retry_at,
            updated_at,
            last_result,
            last_exit_code,
            last_reason,
        }: TaskListFilteredBorrowed<'a>,
    ) -> Self {
        Self {
            id,
            crate_name: crate_name.into(),
            version: version.into(),
            target: target.into(),
            kind,
            state,
            priority,
            attempts,
            retry_at,
            updated_at,
            last_result,
            last_exit_code,
            last_reason: last_reason.map(|v| v.into()),
        }
    }
}
#[derive(Debug, Clone, PartialEq, Copy)]
pub struct TaskCreateMatching {
    pub created: i64,
    pub woken: i64,
}
#[derive(Debug, Clone, PartialEq, Copy)]
pub struct TaskCancelMatching {
    pub tasks: i64,
    pub jobs: i64,
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
pub struct TaskListFilteredQuery<'c, 'a, 's, C: GenericClient, T, const N: usize> {
    client: &'c C,
    params: [&'a (dyn postgres_types::ToSql + Sync); N],
    query: &'static str,
    cached: Option<&'s tokio_postgres::Statement>,
    extractor: fn(&tokio_postgres::Row) -> Result<TaskListFilteredBorrowed, tokio_postgres::Error>,
    mapper: fn(TaskListFilteredBorrowed) -> T,
}
impl<'c, 'a, 's, C, T: 'c, const N: usize> TaskListFilteredQuery<'c, 'a, 's, C, T, N>
where
    C: GenericClient,
{
    pub fn map<R>(
        self,
        mapper: fn(TaskListFilteredBorrowed) -> R,
    ) -> TaskListFilteredQuery<'c, 'a, 's, C, R, N> {
        TaskListFilteredQuery {
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
pub struct TaskCreateMatchingQuery<'c, 'a, 's, C: GenericClient, T, const N: usize> {
    client: &'c C,
    params: [&'a (dyn postgres_types::ToSql + Sync); N],
    query: &'static str,
    cached: Option<&'s tokio_postgres::Statement>,
    extractor: fn(&tokio_postgres::Row) -> Result<TaskCreateMatching, tokio_postgres::Error>,
    mapper: fn(TaskCreateMatching) -> T,
}
impl<'c, 'a, 's, C, T: 'c, const N: usize> TaskCreateMatchingQuery<'c, 'a, 's, C, T, N>
where
    C: GenericClient,
{
    pub fn map<R>(
        self,
        mapper: fn(TaskCreateMatching) -> R,
    ) -> TaskCreateMatchingQuery<'c, 'a, 's, C, R, N> {
        TaskCreateMatchingQuery {
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
pub struct TaskCancelMatchingQuery<'c, 'a, 's, C: GenericClient, T, const N: usize> {
    client: &'c C,
    params: [&'a (dyn postgres_types::ToSql + Sync); N],
    query: &'static str,
    cached: Option<&'s tokio_postgres::Statement>,
    extractor: fn(&tokio_postgres::Row) -> Result<TaskCancelMatching, tokio_postgres::Error>,
    mapper: fn(TaskCancelMatching) -> T,
}
impl<'c, 'a, 's, C, T: 'c, const N: usize> TaskCancelMatchingQuery<'c, 'a, 's, C, T, N>
where
    C: GenericClient,
{
    pub fn map<R>(
        self,
        mapper: fn(TaskCancelMatching) -> R,
    ) -> TaskCancelMatchingQuery<'c, 'a, 's, C, R, N> {
        TaskCancelMatchingQuery {
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
        "INSERT INTO tasks (crate_version_id, target_id, kind) SELECT crate_versions.id, targets.id, kinds.kind FROM crate_versions JOIN crates ON crates.id = crate_versions.crate_id CROSS JOIN targets CROSS JOIN unnest($1::task_kind[]) AS kinds (kind) WHERE crate_versions.removed_at IS NULL AND NOT crate_versions.yanked AND crates.removed_at IS NULL AND targets.enabled AND NOT EXISTS ( SELECT FROM tasks WHERE tasks.crate_version_id = crate_versions.id AND tasks.target_id = targets.id AND tasks.kind = kinds.kind ) ORDER BY crate_versions.id, targets.id, kinds.kind ON CONFLICT (crate_version_id, target_id, kind) DO NOTHING",
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
pub struct TaskReleaseDelayedStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn task_release_delayed() -> TaskReleaseDelayedStmt {
    TaskReleaseDelayedStmt(
        "WITH due AS ( SELECT id FROM tasks WHERE state = 'delayed' AND retry_at <= now() ORDER BY retry_at LIMIT $1 FOR UPDATE SKIP LOCKED ), released AS ( UPDATE tasks SET state = CASE WHEN crate_version_current(tasks.crate_version_id) THEN 'waiting' ELSE 'held' END::task_state, retry_at = NULL, updated_at = now() WHERE tasks.id = ANY (ARRAY(SELECT due.id FROM due)) RETURNING tasks.id ) SELECT count(*) AS released FROM released",
        None,
    )
}
impl TaskReleaseDelayedStmt {
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
        limit: &'a i64,
    ) -> I64Query<'c, 'a, 's, C, i64, 1> {
        I64Query {
            client,
            params: [limit],
            query: self.0,
            cached: self.1.as_ref(),
            extractor: |row| Ok(row.try_get(0)?),
            mapper: |it| it,
        }
    }
}
pub struct TaskListFilteredStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn task_list_filtered() -> TaskListFilteredStmt {
    TaskListFilteredStmt(
        "SELECT tasks.id, crates.name AS crate_name, crate_versions.version, targets.name AS target, tasks.kind, tasks.state, tasks.priority, tasks.attempts, tasks.retry_at, tasks.updated_at, last_job.result AS last_result, last_job.exit_code AS last_exit_code, last_job.reason AS last_reason FROM tasks JOIN crate_versions ON crate_versions.id = tasks.crate_version_id JOIN crates ON crates.id = crate_versions.crate_id JOIN targets ON targets.id = tasks.target_id LEFT JOIN LATERAL ( SELECT jobs.result, jobs.exit_code, jobs.reason FROM jobs WHERE jobs.task_id = tasks.id ORDER BY jobs.id DESC LIMIT 1 ) AS last_job ON true WHERE ($1::task_state IS NULL OR tasks.state = $1::task_state) AND ($2::text IS NULL OR targets.name = $2::text) AND ($3::text IS NULL OR lower(crates.name) = lower($3::text)) AND ($4::text IS NULL OR crate_versions.version = $4::text) ORDER BY tasks.id DESC LIMIT $5",
        None,
    )
}
impl TaskListFilteredStmt {
    pub async fn prepare<'a, C: GenericClient>(
        mut self,
        client: &'a C,
    ) -> Result<Self, tokio_postgres::Error> {
        self.1 = Some(client.prepare(self.0).await?);
        Ok(self)
    }
    pub fn bind<
        'c,
        'a,
        's,
        C: GenericClient,
        T1: crate::StringSql,
        T2: crate::StringSql,
        T3: crate::StringSql,
    >(
        &'s self,
        client: &'c C,
        state: &'a Option<crate::types::TaskState>,
        target: &'a Option<T1>,
        crate_name: &'a Option<T2>,
        version: &'a Option<T3>,
        limit: &'a i64,
    ) -> TaskListFilteredQuery<'c, 'a, 's, C, TaskListFiltered, 5> {
        TaskListFilteredQuery {
            client,
            params: [state, target, crate_name, version, limit],
            query: self.0,
            cached: self.1.as_ref(),
            extractor: |
                row: &tokio_postgres::Row,
            | -> Result<TaskListFilteredBorrowed, tokio_postgres::Error> {
                Ok(TaskListFilteredBorrowed {
                    id: row.try_get(0)?,
                    crate_name: row.try_get(1)?,
                    version: row.try_get(2)?,
                    target: row.try_get(3)?,
                    kind: row.try_get(4)?,
                    state: row.try_get(5)?,
                    priority: row.try_get(6)?,
                    attempts: row.try_get(7)?,
                    retry_at: row.try_get(8)?,
                    updated_at: row.try_get(9)?,
                    last_result: row.try_get(10)?,
                    last_exit_code: row.try_get(11)?,
                    last_reason: row.try_get(12)?,
                })
            },
            mapper: |it| TaskListFiltered::from(it),
        }
    }
}
impl<'c, 'a, 's, C: GenericClient, T1: crate::StringSql, T2: crate::StringSql, T3: crate::StringSql>
    crate::client::async_::Params<
        'c,
        'a,
        's,
        TaskListFilteredParams<T1, T2, T3>,
        TaskListFilteredQuery<'c, 'a, 's, C, TaskListFiltered, 5>,
        C,
    > for TaskListFilteredStmt
{
    fn params(
        &'s self,
        client: &'c C,
        params: &'a TaskListFilteredParams<T1, T2, T3>,
    ) -> TaskListFilteredQuery<'c, 'a, 's, C, TaskListFiltered, 5> {
        self.bind(
            client,
            &params.state,
            &params.target,
            &params.crate_name,
            &params.version,
            &params.limit,
        )
    }
}
pub struct TaskCreateMatchingStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn task_create_matching() -> TaskCreateMatchingStmt {
    TaskCreateMatchingStmt(
        "WITH created AS ( INSERT INTO tasks (crate_version_id, target_id, kind, priority) SELECT crate_versions.id, targets.id, kinds.kind, $1::integer FROM crate_versions JOIN crates ON crates.id = crate_versions.crate_id CROSS JOIN targets CROSS JOIN unnest($2::task_kind[]) AS kinds (kind) WHERE lower(crates.name) = lower($3::text) AND ($4::text IS NULL OR crate_versions.version = $4::text) AND ($5::text IS NULL OR targets.name = $5::text) AND targets.enabled AND crate_version_current(crate_versions.id) ORDER BY crate_versions.id, targets.id, kinds.kind ON CONFLICT (crate_version_id, target_id, kind) DO NOTHING RETURNING target_id ), woken AS ( SELECT count(pg_notify('buildsrs_work', target_id::text)) AS targets FROM (SELECT DISTINCT target_id FROM created) AS work ) SELECT (SELECT count(*) FROM created) AS created, (SELECT targets FROM woken) AS woken",
        None,
    )
}
impl TaskCreateMatchingStmt {
    pub async fn prepare<'a, C: GenericClient>(
        mut self,
        client: &'a C,
    ) -> Result<Self, tokio_postgres::Error> {
        self.1 = Some(client.prepare(self.0).await?);
        Ok(self)
    }
    pub fn bind<
        'c,
        'a,
        's,
        C: GenericClient,
        T1: crate::ArraySql<Item = crate::types::TaskKind>,
        T2: crate::StringSql,
        T3: crate::StringSql,
        T4: crate::StringSql,
    >(
        &'s self,
        client: &'c C,
        priority: &'a i32,
        kinds: &'a T1,
        crate_name: &'a T2,
        version: &'a Option<T3>,
        target: &'a Option<T4>,
    ) -> TaskCreateMatchingQuery<'c, 'a, 's, C, TaskCreateMatching, 5> {
        TaskCreateMatchingQuery {
            client,
            params: [priority, kinds, crate_name, version, target],
            query: self.0,
            cached: self.1.as_ref(),
            extractor:
                |row: &tokio_postgres::Row| -> Result<TaskCreateMatching, tokio_postgres::Error> {
                    Ok(TaskCreateMatching {
                        created: row.try_get(0)?,
                        woken: row.try_get(1)?,
                    })
                },
            mapper: |it| TaskCreateMatching::from(it),
        }
    }
}
impl<
    'c,
    'a,
    's,
    C: GenericClient,
    T1: crate::ArraySql<Item = crate::types::TaskKind>,
    T2: crate::StringSql,
    T3: crate::StringSql,
    T4: crate::StringSql,
>
    crate::client::async_::Params<
        'c,
        'a,
        's,
        TaskCreateMatchingParams<T1, T2, T3, T4>,
        TaskCreateMatchingQuery<'c, 'a, 's, C, TaskCreateMatching, 5>,
        C,
    > for TaskCreateMatchingStmt
{
    fn params(
        &'s self,
        client: &'c C,
        params: &'a TaskCreateMatchingParams<T1, T2, T3, T4>,
    ) -> TaskCreateMatchingQuery<'c, 'a, 's, C, TaskCreateMatching, 5> {
        self.bind(
            client,
            &params.priority,
            &params.kinds,
            &params.crate_name,
            &params.version,
            &params.target,
        )
    }
}
pub struct TaskRetryMatchingStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn task_retry_matching() -> TaskRetryMatchingStmt {
    TaskRetryMatchingStmt(
        "WITH retried AS ( UPDATE tasks SET state = CASE WHEN crate_version_current(tasks.crate_version_id) THEN 'waiting' ELSE 'held' END::task_state, attempts = 0, retry_at = NULL, updated_at = now() FROM crate_versions, crates, targets WHERE crate_versions.id = tasks.crate_version_id AND crates.id = crate_versions.crate_id AND targets.id = tasks.target_id AND tasks.state IN ('failed', 'cancelled') AND ($1::task_state IS NULL OR tasks.state = $1::task_state) AND ($2::text IS NULL OR targets.name = $2::text) AND ($3::text IS NULL OR lower(crates.name) = lower($3::text)) AND ($4::text IS NULL OR crate_versions.version = $4::text) RETURNING tasks.id ) SELECT count(*) AS retried FROM retried",
        None,
    )
}
impl TaskRetryMatchingStmt {
    pub async fn prepare<'a, C: GenericClient>(
        mut self,
        client: &'a C,
    ) -> Result<Self, tokio_postgres::Error> {
        self.1 = Some(client.prepare(self.0).await?);
        Ok(self)
    }
    pub fn bind<
        'c,
        'a,
        's,
        C: GenericClient,
        T1: crate::StringSql,
        T2: crate::StringSql,
        T3: crate::StringSql,
    >(
        &'s self,
        client: &'c C,
        state: &'a Option<crate::types::TaskState>,
        target: &'a Option<T1>,
        crate_name: &'a Option<T2>,
        version: &'a Option<T3>,
    ) -> I64Query<'c, 'a, 's, C, i64, 4> {
        I64Query {
            client,
            params: [state, target, crate_name, version],
            query: self.0,
            cached: self.1.as_ref(),
            extractor: |row| Ok(row.try_get(0)?),
            mapper: |it| it,
        }
    }
}
impl<'c, 'a, 's, C: GenericClient, T1: crate::StringSql, T2: crate::StringSql, T3: crate::StringSql>
    crate::client::async_::Params<
        'c,
        'a,
        's,
        TaskRetryMatchingParams<T1, T2, T3>,
        I64Query<'c, 'a, 's, C, i64, 4>,
        C,
    > for TaskRetryMatchingStmt
{
    fn params(
        &'s self,
        client: &'c C,
        params: &'a TaskRetryMatchingParams<T1, T2, T3>,
    ) -> I64Query<'c, 'a, 's, C, i64, 4> {
        self.bind(
            client,
            &params.state,
            &params.target,
            &params.crate_name,
            &params.version,
        )
    }
}
pub struct TaskCancelMatchingStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn task_cancel_matching() -> TaskCancelMatchingStmt {
    TaskCancelMatchingStmt(
        "WITH cancelled AS ( UPDATE tasks SET state = 'cancelled', retry_at = NULL, updated_at = now() FROM crate_versions, crates, targets WHERE crate_versions.id = tasks.crate_version_id AND crates.id = crate_versions.crate_id AND targets.id = tasks.target_id AND tasks.state IN ('waiting', 'delayed', 'held', 'active') AND ($1::task_state IS NULL OR tasks.state = $1::task_state) AND ($2::text IS NULL OR targets.name = $2::text) AND ($3::text IS NULL OR lower(crates.name) = lower($3::text)) AND ($4::text IS NULL OR crate_versions.version = $4::text) RETURNING tasks.id ), stopped AS ( UPDATE jobs SET state = 'failed', result = 'cancelled', reason = 'cancelled by an operator', finished_at = now() FROM cancelled WHERE jobs.task_id = cancelled.id AND jobs.state = 'active' RETURNING jobs.id ) SELECT (SELECT count(*) FROM cancelled) AS tasks, (SELECT count(*) FROM stopped) AS jobs",
        None,
    )
}
impl TaskCancelMatchingStmt {
    pub async fn prepare<'a, C: GenericClient>(
        mut self,
        client: &'a C,
    ) -> Result<Self, tokio_postgres::Error> {
        self.1 = Some(client.prepare(self.0).await?);
        Ok(self)
    }
    pub fn bind<
        'c,
        'a,
        's,
        C: GenericClient,
        T1: crate::StringSql,
        T2: crate::StringSql,
        T3: crate::StringSql,
    >(
        &'s self,
        client: &'c C,
        state: &'a Option<crate::types::TaskState>,
        target: &'a Option<T1>,
        crate_name: &'a Option<T2>,
        version: &'a Option<T3>,
    ) -> TaskCancelMatchingQuery<'c, 'a, 's, C, TaskCancelMatching, 4> {
        TaskCancelMatchingQuery {
            client,
            params: [state, target, crate_name, version],
            query: self.0,
            cached: self.1.as_ref(),
            extractor:
                |row: &tokio_postgres::Row| -> Result<TaskCancelMatching, tokio_postgres::Error> {
                    Ok(TaskCancelMatching {
                        tasks: row.try_get(0)?,
                        jobs: row.try_get(1)?,
                    })
                },
            mapper: |it| TaskCancelMatching::from(it),
        }
    }
}
impl<'c, 'a, 's, C: GenericClient, T1: crate::StringSql, T2: crate::StringSql, T3: crate::StringSql>
    crate::client::async_::Params<
        'c,
        'a,
        's,
        TaskCancelMatchingParams<T1, T2, T3>,
        TaskCancelMatchingQuery<'c, 'a, 's, C, TaskCancelMatching, 4>,
        C,
    > for TaskCancelMatchingStmt
{
    fn params(
        &'s self,
        client: &'c C,
        params: &'a TaskCancelMatchingParams<T1, T2, T3>,
    ) -> TaskCancelMatchingQuery<'c, 'a, 's, C, TaskCancelMatching, 4> {
        self.bind(
            client,
            &params.state,
            &params.target,
            &params.crate_name,
            &params.version,
        )
    }
}
pub struct TaskPrioritizeMatchingStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn task_prioritize_matching() -> TaskPrioritizeMatchingStmt {
    TaskPrioritizeMatchingStmt(
        "WITH changed AS ( UPDATE tasks SET priority = $1::integer, updated_at = now() FROM crate_versions, crates, targets WHERE crate_versions.id = tasks.crate_version_id AND crates.id = crate_versions.crate_id AND targets.id = tasks.target_id AND tasks.state IN ('waiting', 'delayed', 'held') AND ($2::task_state IS NULL OR tasks.state = $2::task_state) AND ($3::text IS NULL OR targets.name = $3::text) AND ($4::text IS NULL OR lower(crates.name) = lower($4::text)) AND ($5::text IS NULL OR crate_versions.version = $5::text) RETURNING tasks.id ) SELECT count(*) AS changed FROM changed",
        None,
    )
}
impl TaskPrioritizeMatchingStmt {
    pub async fn prepare<'a, C: GenericClient>(
        mut self,
        client: &'a C,
    ) -> Result<Self, tokio_postgres::Error> {
        self.1 = Some(client.prepare(self.0).await?);
        Ok(self)
    }
    pub fn bind<
        'c,
        'a,
        's,
        C: GenericClient,
        T1: crate::StringSql,
        T2: crate::StringSql,
        T3: crate::StringSql,
    >(
        &'s self,
        client: &'c C,
        priority: &'a i32,
        state: &'a Option<crate::types::TaskState>,
        target: &'a Option<T1>,
        crate_name: &'a Option<T2>,
        version: &'a Option<T3>,
    ) -> I64Query<'c, 'a, 's, C, i64, 5> {
        I64Query {
            client,
            params: [priority, state, target, crate_name, version],
            query: self.0,
            cached: self.1.as_ref(),
            extractor: |row| Ok(row.try_get(0)?),
            mapper: |it| it,
        }
    }
}
impl<'c, 'a, 's, C: GenericClient, T1: crate::StringSql, T2: crate::StringSql, T3: crate::StringSql>
    crate::client::async_::Params<
        'c,
        'a,
        's,
        TaskPrioritizeMatchingParams<T1, T2, T3>,
        I64Query<'c, 'a, 's, C, i64, 5>,
        C,
    > for TaskPrioritizeMatchingStmt
{
    fn params(
        &'s self,
        client: &'c C,
        params: &'a TaskPrioritizeMatchingParams<T1, T2, T3>,
    ) -> I64Query<'c, 'a, 's, C, i64, 5> {
        self.bind(
            client,
            &params.priority,
            &params.state,
            &params.target,
            &params.crate_name,
            &params.version,
        )
    }
}
