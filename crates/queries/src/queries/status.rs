// This file was generated with `cornucopia`. Do not modify.

#[derive(Debug, Clone, PartialEq)]
pub struct StatusQueueDepth {
    pub target: String,
    pub state: crate::types::TaskState,
    pub tasks: i64,
}
pub struct StatusQueueDepthBorrowed<'a> {
    pub target: &'a str,
    pub state: crate::types::TaskState,
    pub tasks: i64,
}
impl<'a> From<StatusQueueDepthBorrowed<'a>> for StatusQueueDepth {
    fn from(
        StatusQueueDepthBorrowed {
            target,
            state,
            tasks,
        }: StatusQueueDepthBorrowed<'a>,
    ) -> Self {
        Self {
            target: target.into(),
            state,
            tasks,
        }
    }
}
#[derive(Debug, Clone, PartialEq)]
pub struct StatusBuilders {
    pub id: i64,
    pub comment: Option<String>,
    pub enabled: bool,
    pub last_heartbeat_at: Option<chrono::DateTime<chrono::FixedOffset>>,
    pub running_jobs: i64,
}
pub struct StatusBuildersBorrowed<'a> {
    pub id: i64,
    pub comment: Option<&'a str>,
    pub enabled: bool,
    pub last_heartbeat_at: Option<chrono::DateTime<chrono::FixedOffset>>,
    pub running_jobs: i64,
}
impl<'a> From<StatusBuildersBorrowed<'a>> for StatusBuilders {
    fn from(
        StatusBuildersBorrowed {
            id,
            comment,
            enabled,
            last_heartbeat_at,
            running_jobs,
        }: StatusBuildersBorrowed<'a>,
    ) -> Self {
        Self {
            id,
            comment: comment.map(|v| v.into()),
            enabled,
            last_heartbeat_at,
            running_jobs,
        }
    }
}
#[derive(Debug, Clone, PartialEq, Copy)]
pub struct StatusJobMinutes {
    pub minute: chrono::DateTime<chrono::FixedOffset>,
    pub claims: i64,
    pub completions: i64,
}
#[derive(Debug, Clone, PartialEq)]
pub struct StatusRecentBuilds {
    pub id: i64,
    pub crate_name: String,
    pub version: String,
    pub target: String,
    pub kind: crate::types::TaskKind,
    pub state: crate::types::JobState,
    pub result: Option<crate::types::BuildResult>,
    pub finished_at: Option<chrono::DateTime<chrono::FixedOffset>>,
}
pub struct StatusRecentBuildsBorrowed<'a> {
    pub id: i64,
    pub crate_name: &'a str,
    pub version: &'a str,
    pub target: &'a str,
    pub kind: crate::types::TaskKind,
    pub state: crate::types::JobState,
    pub result: Option<crate::types::BuildResult>,
    pub finished_at: Option<chrono::DateTime<chrono::FixedOffset>>,
}
impl<'a> From<StatusRecentBuildsBorrowed<'a>> for StatusRecentBuilds {
    fn from(
        StatusRecentBuildsBorrowed {
            id,
            crate_name,
            version,
            target,
            kind,
            state,
            result,
            finished_at,
        }: StatusRecentBuildsBorrowed<'a>,
    ) -> Self {
        Self {
            id,
            crate_name: crate_name.into(),
            version: version.into(),
            target: target.into(),
            kind,
            state,
            result,
            finished_at,
        }
    }
}
use crate::client::async_::GenericClient;
use futures::{self, StreamExt, TryStreamExt};
pub struct StatusQueueDepthQuery<'c, 'a, 's, C: GenericClient, T, const N: usize> {
    client: &'c C,
    params: [&'a (dyn postgres_types::ToSql + Sync); N],
    query: &'static str,
    cached: Option<&'s tokio_postgres::Statement>,
    extractor: fn(&tokio_postgres::Row) -> Result<StatusQueueDepthBorrowed, tokio_postgres::Error>,
    mapper: fn(StatusQueueDepthBorrowed) -> T,
}
impl<'c, 'a, 's, C, T: 'c, const N: usize> StatusQueueDepthQuery<'c, 'a, 's, C, T, N>
where
    C: GenericClient,
{
    pub fn map<R>(
        self,
        mapper: fn(StatusQueueDepthBorrowed) -> R,
    ) -> StatusQueueDepthQuery<'c, 'a, 's, C, R, N> {
        StatusQueueDepthQuery {
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
pub struct StatusBuildersQuery<'c, 'a, 's, C: GenericClient, T, const N: usize> {
    client: &'c C,
    params: [&'a (dyn postgres_types::ToSql + Sync); N],
    query: &'static str,
    cached: Option<&'s tokio_postgres::Statement>,
    extractor: fn(&tokio_postgres::Row) -> Result<StatusBuildersBorrowed, tokio_postgres::Error>,
    mapper: fn(StatusBuildersBorrowed) -> T,
}
impl<'c, 'a, 's, C, T: 'c, const N: usize> StatusBuildersQuery<'c, 'a, 's, C, T, N>
where
    C: GenericClient,
{
    pub fn map<R>(
        self,
        mapper: fn(StatusBuildersBorrowed) -> R,
    ) -> StatusBuildersQuery<'c, 'a, 's, C, R, N> {
        StatusBuildersQuery {
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
pub struct StatusJobMinutesQuery<'c, 'a, 's, C: GenericClient, T, const N: usize> {
    client: &'c C,
    params: [&'a (dyn postgres_types::ToSql + Sync); N],
    query: &'static str,
    cached: Option<&'s tokio_postgres::Statement>,
    extractor: fn(&tokio_postgres::Row) -> Result<StatusJobMinutes, tokio_postgres::Error>,
    mapper: fn(StatusJobMinutes) -> T,
}
impl<'c, 'a, 's, C, T: 'c, const N: usize> StatusJobMinutesQuery<'c, 'a, 's, C, T, N>
where
    C: GenericClient,
{
    pub fn map<R>(
        self,
        mapper: fn(StatusJobMinutes) -> R,
    ) -> StatusJobMinutesQuery<'c, 'a, 's, C, R, N> {
        StatusJobMinutesQuery {
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
pub struct StatusRecentBuildsQuery<'c, 'a, 's, C: GenericClient, T, const N: usize> {
    client: &'c C,
    params: [&'a (dyn postgres_types::ToSql + Sync); N],
    query: &'static str,
    cached: Option<&'s tokio_postgres::Statement>,
    extractor:
        fn(&tokio_postgres::Row) -> Result<StatusRecentBuildsBorrowed, tokio_postgres::Error>,
    mapper: fn(StatusRecentBuildsBorrowed) -> T,
}
impl<'c, 'a, 's, C, T: 'c, const N: usize> StatusRecentBuildsQuery<'c, 'a, 's, C, T, N>
where
    C: GenericClient,
{
    pub fn map<R>(
        self,
        mapper: fn(StatusRecentBuildsBorrowed) -> R,
    ) -> StatusRecentBuildsQuery<'c, 'a, 's, C, R, N> {
        StatusRecentBuildsQuery {
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
pub struct StatusQueueDepthStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn status_queue_depth() -> StatusQueueDepthStmt {
    StatusQueueDepthStmt(
        "SELECT targets.name AS target, tasks.state, count(*) AS tasks FROM tasks JOIN targets ON targets.id = tasks.target_id GROUP BY targets.name, tasks.state ORDER BY targets.name, tasks.state",
        None,
    )
}
impl StatusQueueDepthStmt {
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
    ) -> StatusQueueDepthQuery<'c, 'a, 's, C, StatusQueueDepth, 0> {
        StatusQueueDepthQuery {
            client,
            params: [],
            query: self.0,
            cached: self.1.as_ref(),
            extractor: |
                row: &tokio_postgres::Row,
            | -> Result<StatusQueueDepthBorrowed, tokio_postgres::Error> {
                Ok(StatusQueueDepthBorrowed {
                    target: row.try_get(0)?,
                    state: row.try_get(1)?,
                    tasks: row.try_get(2)?,
                })
            },
            mapper: |it| StatusQueueDepth::from(it),
        }
    }
}
pub struct StatusBuildersStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn status_builders() -> StatusBuildersStmt {
    StatusBuildersStmt(
        "SELECT builders.id, builders.comment, builders.enabled, builders.last_heartbeat_at, count(jobs.id) AS running_jobs FROM builders LEFT JOIN jobs ON jobs.builder_id = builders.id AND jobs.state = 'active' GROUP BY builders.id ORDER BY builders.id",
        None,
    )
}
impl StatusBuildersStmt {
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
    ) -> StatusBuildersQuery<'c, 'a, 's, C, StatusBuilders, 0> {
        StatusBuildersQuery {
            client,
            params: [],
            query: self.0,
            cached: self.1.as_ref(),
            extractor: |
                row: &tokio_postgres::Row,
            | -> Result<StatusBuildersBorrowed, tokio_postgres::Error> {
                Ok(StatusBuildersBorrowed {
                    id: row.try_get(0)?,
                    comment: row.try_get(1)?,
                    enabled: row.try_get(2)?,
                    last_heartbeat_at: row.try_get(3)?,
                    running_jobs: row.try_get(4)?,
                })
            },
            mapper: |it| StatusBuilders::from(it),
        }
    }
}
pub struct StatusJobMinutesStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn status_job_minutes() -> StatusJobMinutesStmt {
    StatusJobMinutesStmt(
        "WITH minutes AS ( SELECT minute FROM generate_series( date_trunc('minute', now()) - make_interval(mins => $1::int), date_trunc('minute', now()), interval '1 minute' ) AS minute ), since AS ( SELECT min(minute) AS start FROM minutes ), claims AS ( SELECT date_trunc('minute', created_at) AS minute, count(*) AS jobs FROM jobs, since WHERE created_at >= since.start GROUP BY 1 ), completions AS ( SELECT date_trunc('minute', finished_at) AS minute, count(*) AS jobs FROM jobs, since WHERE finished_at >= since.start GROUP BY 1 ) SELECT minutes.minute, coalesce(claims.jobs, 0) AS claims, coalesce(completions.jobs, 0) AS completions FROM minutes LEFT JOIN claims ON claims.minute = minutes.minute LEFT JOIN completions ON completions.minute = minutes.minute ORDER BY minutes.minute",
        None,
    )
}
impl StatusJobMinutesStmt {
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
        minutes: &'a i32,
    ) -> StatusJobMinutesQuery<'c, 'a, 's, C, StatusJobMinutes, 1> {
        StatusJobMinutesQuery {
            client,
            params: [minutes],
            query: self.0,
            cached: self.1.as_ref(),
            extractor:
                |row: &tokio_postgres::Row| -> Result<StatusJobMinutes, tokio_postgres::Error> {
                    Ok(StatusJobMinutes {
                        minute: row.try_get(0)?,
                        claims: row.try_get(1)?,
                        completions: row.try_get(2)?,
                    })
                },
            mapper: |it| StatusJobMinutes::from(it),
        }
    }
}
pub struct StatusRecentBuildsStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn status_recent_builds() -> StatusRecentBuildsStmt {
    StatusRecentBuildsStmt(
        "SELECT jobs.id, crates.name AS crate_name, crate_versions.version, targets.name AS target, tasks.kind, jobs.state, jobs.result, jobs.finished_at FROM jobs JOIN tasks ON tasks.id = jobs.task_id JOIN crate_versions ON crate_versions.id = tasks.crate_version_id JOIN crates ON crates.id = crate_versions.crate_id JOIN targets ON targets.id = tasks.target_id WHERE jobs.state <> 'active' ORDER BY jobs.id DESC LIMIT $1",
        None,
    )
}
impl StatusRecentBuildsStmt {
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
    ) -> StatusRecentBuildsQuery<'c, 'a, 's, C, StatusRecentBuilds, 1> {
        StatusRecentBuildsQuery {
            client,
            params: [limit],
            query: self.0,
            cached: self.1.as_ref(),
            extractor: |
                row: &tokio_postgres::Row,
            | -> Result<StatusRecentBuildsBorrowed, tokio_postgres::Error> {
                Ok(StatusRecentBuildsBorrowed {
                    id: row.try_get(0)?,
                    crate_name: row.try_get(1)?,
                    version: row.try_get(2)?,
                    target: row.try_get(3)?,
                    kind: row.try_get(4)?,
                    state: row.try_get(5)?,
                    result: row.try_get(6)?,
                    finished_at: row.try_get(7)?,
                })
            },
            mapper: |it| StatusRecentBuilds::from(it),
        }
    }
}
