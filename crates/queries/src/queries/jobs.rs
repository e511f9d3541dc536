// This file was generated with `cornucopia`. Do not modify.

#[derive(Clone, Copy, Debug)]
pub struct JobClaimNextParams {
    pub builder_id: i64,
    pub slots: i64,
    pub lease_ms: i64,
}
#[derive(Clone, Copy, Debug)]
pub struct JobHeartbeatParams {
    pub lease_ms: i64,
    pub job_id: i64,
    pub builder_id: i64,
}
#[derive(Clone, Copy, Debug)]
pub struct JobUnclaimParams {
    pub job_id: i64,
    pub builder_id: i64,
}
#[derive(Clone, Copy, Debug)]
pub struct JobStageSetParams {
    pub stage: crate::types::JobStage,
    pub job_id: i64,
    pub builder_id: i64,
    pub previous_stage: crate::types::JobStage,
}
#[derive(Debug)]
pub struct JobCompleteParams<
    T1: crate::ArraySql<Item = i64>,
    T2: crate::ArraySql<Item = i64>,
    T3: crate::ArraySql<Item = crate::types::BuildResult>,
    T4: crate::ArraySql<Item = Option<i32>>,
    T5: crate::StringSql,
    T6: crate::ArraySql<Item = Option<T5>>,
> {
    pub job_ids: T1,
    pub builder_ids: T2,
    pub results: T3,
    pub exit_codes: T4,
    pub reasons: T6,
    pub max_attempts: i32,
    pub backoff_base_ms: i64,
    pub backoff_max_ms: i64,
}
#[derive(Clone, Copy, Debug)]
pub struct JobRescueExpiredParams {
    pub limit: i64,
    pub max_attempts: i32,
}
#[derive(Debug, Clone, PartialEq)]
pub struct ClaimedJob {
    pub job_id: i64,
    pub task_id: i64,
    pub kind: crate::types::TaskKind,
    pub attempts: i32,
    pub crate_name: String,
    pub version: String,
    pub checksum: Vec<u8>,
    pub target: String,
    pub lease_expires_at: chrono::DateTime<chrono::FixedOffset>,
}
pub struct ClaimedJobBorrowed<'a> {
    pub job_id: i64,
    pub task_id: i64,
    pub kind: crate::types::TaskKind,
    pub attempts: i32,
    pub crate_name: &'a str,
    pub version: &'a str,
    pub checksum: &'a [u8],
    pub target: &'a str,
    pub lease_expires_at: chrono::DateTime<chrono::FixedOffset>,
}
impl<'a> From<ClaimedJobBorrowed<'a>> for ClaimedJob {
    fn from(
        ClaimedJobBorrowed {
            job_id,
            task_id,
            kind,
            attempts,
            crate_name,
            version,
            checksum,
            target,
            lease_expires_at,
        }: ClaimedJobBorrowed<'a>,
    ) -> Self {
        Self {
            job_id,
            task_id,
            kind,
            attempts,
            crate_name: crate_name.into(),
            version: version.into(),
            checksum: checksum.into(),
            target: target.into(),
            lease_expires_at,
        }
    }
}
#[derive(Debug, Clone, PartialEq)]
pub struct JobGet {
    pub id: i64,
    pub task_id: i64,
    pub builder_id: i64,
    pub state: crate::types::JobState,
    pub stage: crate::types::JobStage,
    pub log_lines: i64,
    pub lease_expires_at: chrono::DateTime<chrono::FixedOffset>,
    pub lease_running: bool,
    pub created_at: chrono::DateTime<chrono::FixedOffset>,
    pub finished_at: Option<chrono::DateTime<chrono::FixedOffset>>,
    pub result: Option<crate::types::BuildResult>,
    pub exit_code: Option<i32>,
    pub reason: Option<String>,
}
pub struct JobGetBorrowed<'a> {
    pub id: i64,
    pub task_id: i64,
    pub builder_id: i64,
    pub state: crate::types::JobState,
    pub stage: crate::types::JobStage,
    pub log_lines: i64,
    pub lease_expires_at: chrono::DateTime<chrono::FixedOffset>,
    pub lease_running: bool,
    pub created_at: chrono::DateTime<chrono::FixedOffset>,
    pub finished_at: Option<chrono::DateTime<chrono::FixedOffset>>,
    pub result: Option<crate::types::BuildResult>,
    pub exit_code: Option<i32>,
    pub reason: Option<&'a str>,
}
impl<'a> From<JobGetBorrowed<'a>> for JobGet {
    fn from(
        JobGetBorrowed {
            id,
            task_id,
            builder_id,
            state,
            stage,
            log_lines,
            lease_expires_at,
            lease_running,
            created_at,
            finished_at,
            result,
            exit_code,
            reason,
        }: JobGetBorrowed<'a>,
    ) -> Self {
        Self {
            id,
            task_id,
            builder_id,
            state,
            stage,
            log_lines,
            lease_expires_at,
            lease_running,
            created_at,
            finished_at,
            result,
            exit_code,
            reason: reason.map(|v| v.into()),
        }
    }
}
#[derive(Debug, Clone, PartialEq, Copy)]
pub struct JobComplete {
    pub job_id: i64,
    pub result: crate::types::BuildResult,
    pub task_state: Option<crate::types::TaskState>,
    pub retry_at: Option<chrono::DateTime<chrono::FixedOffset>>,
}
#[derive(Debug, Clone, PartialEq, Copy)]
pub struct JobRescueExpired {
    pub job_id: i64,
    pub task_id: i64,
    pub state: crate::types::TaskState,
    pub attempts: i32,
}
#[derive(Debug, Clone, PartialEq, Copy)]
pub struct JobStageList {
    pub stage: crate::types::JobStage,
    pub started_at: chrono::DateTime<chrono::FixedOffset>,
}
use crate::client::async_::GenericClient;
use futures::{self, StreamExt, TryStreamExt};
pub struct ClaimedJobQuery<'c, 'a, 's, C: GenericClient, T, const N: usize> {
    client: &'c C,
    params: [&'a (dyn postgres_types::ToSql + Sync); N],
    query: &'static str,
    cached: Option<&'s tokio_postgres::Statement>,
    extractor: fn(&tokio_postgres::Row) -> Result<ClaimedJobBorrowed, tokio_postgres::Error>,
    mapper: fn(ClaimedJobBorrowed) -> T,
}
impl<'c, 'a, 's, C, T: 'c, const N: usize> ClaimedJobQuery<'c, 'a, 's, C, T, N>
where
    C: GenericClient,
{
    pub fn map<R>(
        self,
        mapper: fn(ClaimedJobBorrowed) -> R,
    ) -> ClaimedJobQuery<'c, 'a, 's, C, R, N> {
        ClaimedJobQuery {
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
pub struct JobGetQuery<'c, 'a, 's, C: GenericClient, T, const N: usize> {
    client: &'c C,
    params: [&'a (dyn postgres_types::ToSql + Sync); N],
    query: &'static str,
    cached: Option<&'s tokio_postgres::Statement>,
    extractor: fn(&tokio_postgres::Row) -> Result<JobGetBorrowed, tokio_postgres::Error>,
    mapper: fn(JobGetBorrowed) -> T,
}
impl<'c, 'a, 's, C, T: 'c, const N: usize> JobGetQuery<'c, 'a, 's, C, T, N>
where
    C: GenericClient,
{
    pub fn map<R>(self, mapper: fn(JobGetBorrowed) -> R) -> JobGetQuery<'c, 'a, 's, C, R, N> {
        JobGetQuery {
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
pub struct ChronoDateTimechronoFixedOffsetQuery<'c, 'a, 's, C: GenericClient, T, const N: usize> {
    client: &'c C,
    params: [&'a (dyn postgres_types::ToSql + Sync); N],
    query: &'static str,
    cached: Option<&'s tokio_postgres::Statement>,
    extractor: fn(
        &tokio_postgres::Row,
    ) -> Result<chrono::DateTime<chrono::FixedOffset>, tokio_postgres::Error>,
    mapper: fn(chrono::DateTime<chrono::FixedOffset>) -> T,
}
impl<'c, 'a, 's, C, T: 'c, const N: usize> ChronoDateTimechronoFixedOffsetQuery<'c, 'a, 's, C, T, N>
where
    C: GenericClient,
{
    pub fn map<R>(
        self,
        mapper: fn(chrono::DateTime<chrono::FixedOffset>) -> R,
    ) -> ChronoDateTimechronoFixedOffsetQuery<'c, 'a, 's, C, R, N> {
        ChronoDateTimechronoFixedOffsetQuery {
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
pub struct JobCompleteQuery<'c, 'a, 's, C: GenericClient, T, const N: usize> {
    client: &'c C,
    params: [&'a (dyn postgres_types::ToSql + Sync); N],
    query: &'static str,
    cached: Option<&'s tokio_postgres::Statement>,
    extractor: fn(&tokio_postgres::Row) -> Result<JobComplete, tokio_postgres::Error>,
    mapper: fn(JobComplete) -> T,
}
impl<'c, 'a, 's, C, T: 'c, const N: usize> JobCompleteQuery<'c, 'a, 's, C, T, N>
where
    C: GenericClient,
{
    pub fn map<R>(self, mapper: fn(JobComplete) -> R) -> JobCompleteQuery<'c, 'a, 's, C, R, N> {
        JobCompleteQuery {
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
pub struct JobRescueExpiredQuery<'c, 'a, 's, C: GenericClient, T, const N: usize> {
    client: &'c C,
    params: [&'a (dyn postgres_types::ToSql + Sync); N],
    query: &'static str,
    cached: Option<&'s tokio_postgres::Statement>,
    extractor: fn(&tokio_postgres::Row) -> Result<JobRescueExpired, tokio_postgres::Error>,
    mapper: fn(JobRescueExpired) -> T,
}
impl<'c, 'a, 's, C, T: 'c, const N: usize> JobRescueExpiredQuery<'c, 'a, 's, C, T, N>
where
    C: GenericClient,
{
    pub fn map<R>(
        self,
        mapper: fn(JobRescueExpired) -> R,
    ) -> JobRescueExpiredQuery<'c, 'a, 's, C, R, N> {
        JobRescueExpiredQuery {
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
pub struct JobStageListQuery<'c, 'a, 's, C: GenericClient, T, const N: usize> {
    client: &'c C,
    params: [&'a (dyn postgres_types::ToSql + Sync); N],
    query: &'static str,
    cached: Option<&'s tokio_postgres::Statement>,
    extractor: fn(&tokio_postgres::Row) -> Result<JobStageList, tokio_postgres::Error>,
    mapper: fn(JobStageList) -> T,
}
impl<'c, 'a, 's, C, T: 'c, const N: usize> JobStageListQuery<'c, 'a, 's, C, T, N>
where
    C: GenericClient,
{
    pub fn map<R>(self, mapper: fn(JobStageList) -> R) -> JobStageListQuery<'c, 'a, 's, C, R, N> {
        JobStageListQuery {
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
pub struct JobClaimNextStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn job_claim_next() -> JobClaimNextStmt {
    JobClaimNextStmt(
        "WITH builder AS ( SELECT id FROM builders WHERE id = $1 AND enabled ), candidate AS ( SELECT picked.id FROM builder JOIN builder_targets ON builder_targets.builder_id = builder.id AND builder_targets.enabled JOIN targets ON targets.id = builder_targets.target_id AND targets.enabled CROSS JOIN LATERAL ( SELECT tasks.id, tasks.priority FROM tasks WHERE tasks.target_id = targets.id AND tasks.state = 'waiting' ORDER BY tasks.priority DESC, tasks.id DESC LIMIT $2 FOR UPDATE SKIP LOCKED ) AS picked ORDER BY picked.priority DESC, picked.id DESC LIMIT $2 ), task AS ( UPDATE tasks SET state = 'active', attempts = tasks.attempts + 1, updated_at = now() WHERE tasks.id = ANY (ARRAY(SELECT candidate.id FROM candidate)) RETURNING tasks.id, tasks.crate_version_id, tasks.target_id, tasks.kind, tasks.attempts ), job AS ( INSERT INTO jobs (task_id, builder_id, lease_expires_at) SELECT task.id, $1::bigint, now() + $3::bigint * INTERVAL '1 millisecond' FROM task RETURNING id, task_id, lease_expires_at ) SELECT job.id AS job_id, task.id AS task_id, task.kind, task.attempts, crates.name AS crate_name, crate_versions.version, crate_versions.checksum, targets.name AS target, job.lease_expires_at FROM job JOIN task ON task.id = job.task_id JOIN crate_versions ON crate_versions.id = task.crate_version_id JOIN crates ON crates.id = crate_versions.crate_id JOIN targets ON targets.id = task.target_id",
        None,
    )
}
impl JobClaimNextStmt {
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
        builder_id: &'a i64,
        slots: &'a i64,
        lease_ms: &'a i64,
    ) -> ClaimedJobQuery<'c, 'a, 's, C, ClaimedJob, 3> {
        ClaimedJobQuery {
            client,
            params: [builder_id, slots, lease_ms],
            query: self.0,
            cached: self.1.as_ref(),
            extractor:
                |row: &tokio_postgres::Row| -> Result<ClaimedJobBorrowed, tokio_postgres::Error> {
                    Ok(ClaimedJobBorrowed {
                        job_id: row.try_get(0)?,
                        task_id: row.try_get(1)?,
                        kind: row.try_get(2)?,
                        attempts: row.try_get(3)?,
                        crate_name: row.try_get(4)?,
                        version: row.try_get(5)?,
                        checksum: row.try_get(6)?,
                        target: row.try_get(7)?,
                        lease_expires_at: row.try_get(8)?,
                    })
                },
            mapper: |it| ClaimedJob::from(it),
        }
    }
}
impl<'c, 'a, 's, C: GenericClient>
    crate::client::async_::Params<
        'c,
        'a,
        's,
        JobClaimNextParams,
        ClaimedJobQuery<'c, 'a, 's, C, ClaimedJob, 3>,
        C,
    > for JobClaimNextStmt
{
    fn params(
        &'s self,
        client: &'c C,
        params: &'a JobClaimNextParams,
    ) -> ClaimedJobQuery<'c, 'a, 's, C, ClaimedJob, 3> {
        self.bind(client, &params.builder_id, &params.slots, &params.lease_ms)
    }
}
pub struct JobGetStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn job_get() -> JobGetStmt {
    JobGetStmt(
        "SELECT id, task_id, builder_id, state, stage, log_lines, lease_expires_at, lease_expires_at > now() AS lease_running, created_at, finished_at, result, exit_code, reason FROM jobs WHERE id = $1",
        None,
    )
}
impl JobGetStmt {
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
        job_id: &'a i64,
    ) -> JobGetQuery<'c, 'a, 's, C, JobGet, 1> {
        JobGetQuery {
            client,
            params: [job_id],
            query: self.0,
            cached: self.1.as_ref(),
            extractor:
                |row: &tokio_postgres::Row| -> Result<JobGetBorrowed, tokio_postgres::Error> {
                    Ok(JobGetBorrowed {
                        id: row.try_get(0)?,
                        task_id: row.try_get(1)?,
                        builder_id: row.try_get(2)?,
                        state: row.try_get(3)?,
                        stage: row.try_get(4)?,
                        log_lines: row.try_get(5)?,
                        lease_expires_at: row.try_get(6)?,
                        lease_running: row.try_get(7)?,
                        created_at: row.try_get(8)?,
                        finished_at: row.try_get(9)?,
                        result: row.try_get(10)?,
                        exit_code: row.try_get(11)?,
                        reason: row.try_get(12)?,
                    })
                },
            mapper: |it| JobGet::from(it),
        }
    }
}
pub struct JobHeartbeatStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn job_heartbeat() -> JobHeartbeatStmt {
    JobHeartbeatStmt(
        "WITH job AS ( UPDATE jobs SET lease_expires_at = now() + $1::bigint * INTERVAL '1 millisecond' WHERE id = $2 AND builder_id = $3 AND state = 'active' AND lease_expires_at > now() RETURNING builder_id, lease_expires_at ), builder AS ( UPDATE builders SET last_heartbeat_at = now() FROM job WHERE builders.id = job.builder_id ) SELECT lease_expires_at FROM job",
        None,
    )
}
impl JobHeartbeatStmt {
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
        lease_ms: &'a i64,
        job_id: &'a i64,
        builder_id: &'a i64,
    ) -> ChronoDateTimechronoFixedOffsetQuery<'c, 'a, 's, C, chrono::DateTime<chrono::FixedOffset>, 3>
    {
        ChronoDateTimechronoFixedOffsetQuery {
            client,
            params: [lease_ms, job_id, builder_id],
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
        JobHeartbeatParams,
        ChronoDateTimechronoFixedOffsetQuery<
            'c,
            'a,
            's,
            C,
            chrono::DateTime<chrono::FixedOffset>,
            3,
        >,
        C,
    > for JobHeartbeatStmt
{
    fn params(
        &'s self,
        client: &'c C,
        params: &'a JobHeartbeatParams,
    ) -> ChronoDateTimechronoFixedOffsetQuery<'c, 'a, 's, C, chrono::DateTime<chrono::FixedOffset>, 3>
    {
        self.bind(client, &params.lease_ms, &params.job_id, &params.builder_id)
    }
}
pub struct JobUnclaimStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn job_unclaim() -> JobUnclaimStmt {
    JobUnclaimStmt(
        "WITH job AS ( UPDATE jobs SET state = 'unclaimed', finished_at = now() WHERE id = $1 AND builder_id = $2 AND state = 'active' AND lease_expires_at > now() RETURNING id, task_id ), task AS ( UPDATE tasks SET state = CASE WHEN crate_version_current(tasks.crate_version_id) THEN 'waiting' ELSE 'held' END::task_state, updated_at = now() FROM job WHERE tasks.id = job.task_id AND tasks.state = 'active' ) SELECT task_id FROM job",
        None,
    )
}
impl JobUnclaimStmt {
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
        job_id: &'a i64,
        builder_id: &'a i64,
    ) -> I64Query<'c, 'a, 's, C, i64, 2> {
        I64Query {
            client,
            params: [job_id, builder_id],
            query: self.0,
            cached: self.1.as_ref(),
            extractor: |row| Ok(row.try_get(0)?),
            mapper: |it| it,
        }
    }
}
impl<'c, 'a, 's, C: GenericClient>
    crate::client::async_::Params<'c, 'a, 's, JobUnclaimParams, I64Query<'c, 'a, 's, C, i64, 2>, C>
    for JobUnclaimStmt
{
    fn params(
        &'s self,
        client: &'c C,
        params: &'a JobUnclaimParams,
    ) -> I64Query<'c, 'a, 's, C, i64, 2> {
        self.bind(client, &params.job_id, &params.builder_id)
    }
}
pub struct JobStageSetStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn job_stage_set() -> JobStageSetStmt {
    JobStageSetStmt(
        "WITH job AS ( UPDATE jobs SET stage = $1 WHERE id = $2 AND builder_id = $3 AND state = 'active' AND lease_expires_at > now() AND stage = $4 RETURNING id, stage ), recorded AS ( INSERT INTO job_stages (job_id, stage) SELECT job.id, job.stage FROM job ) SELECT id FROM job",
        None,
    )
}
impl JobStageSetStmt {
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
        stage: &'a crate::types::JobStage,
        job_id: &'a i64,
        builder_id: &'a i64,
        previous_stage: &'a crate::types::JobStage,
    ) -> I64Query<'c, 'a, 's, C, i64, 4> {
        I64Query {
            client,
            params: [stage, job_id, builder_id, previous_stage],
            query: self.0,
            cached: self.1.as_ref(),
            extractor: |row| Ok(row.try_get(0)?),
            mapper: |it| it,
        }
    }
}
impl<'c, 'a, 's, C: GenericClient>
    crate::client::async_::Params<'c, 'a, 's, JobStageSetParams, I64Query<'c, 'a, 's, C, i64, 4>, C>
    for JobStageSetStmt
{
    fn params(
        &'s self,
        client: &'c C,
        params: &'a JobStageSetParams,
    ) -> I64Query<'c, 'a, 's, C, i64, 4> {
        self.bind(
            client,
            &params.stage,
            &params.job_id,
            &params.builder_id,
            &params.previous_stage,
        )
    }
}
pub struct JobCompleteStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn job_complete() -> JobCompleteStmt {
    JobCompleteStmt(
        "WITH input AS ( SELECT * FROM unnest( $1::bigint[], $2::bigint[], $3::build_result[], $4::integer[], $5::text[] ) AS input (job_id, builder_id, result, exit_code, reason) ), job AS ( UPDATE jobs SET state = CASE WHEN input.result = 'succeeded' THEN 'succeeded' ELSE 'failed' END::job_state, result = input.result, exit_code = input.exit_code, reason = input.reason, finished_at = now() FROM input WHERE jobs.id = input.job_id AND jobs.builder_id = input.builder_id AND jobs.state = 'active' AND jobs.lease_expires_at > now() RETURNING jobs.id, jobs.task_id, jobs.result ), task AS ( UPDATE tasks SET state = CASE WHEN job.result = 'succeeded' THEN 'succeeded' WHEN job.result = 'cancelled' THEN 'cancelled' WHEN job.result = 'infrastructure_error' AND tasks.attempts < $6 THEN 'delayed' ELSE 'failed' END::task_state, retry_at = CASE WHEN job.result = 'infrastructure_error' AND tasks.attempts < $6 THEN now() + least( $7::bigint * power(2, greatest(tasks.attempts - 1, 0))::numeric, $8::bigint ) * INTERVAL '1 millisecond' END, updated_at = now() FROM job WHERE tasks.id = job.task_id AND tasks.state = 'active' RETURNING tasks.id, tasks.state, tasks.retry_at ) SELECT job.id AS job_id, job.result, task.state AS task_state, task.retry_at FROM job LEFT JOIN task ON task.id = job.task_id",
        None,
    )
}
impl JobCompleteStmt {
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
        T1: crate::ArraySql<Item = i64>,
        T2: crate::ArraySql<Item = i64>,
        T3: crate::ArraySql<Item = crate::types::BuildResult>,
        T4: crate::ArraySql<Item = Option<i32>>,
        T5: crate::StringSql,
        T6: crate::ArraySql<Item = Option<T5>>,
    >(
        &'s self,
        client: &'c C,
        job_ids: &'a T1,
        builder_ids: &'a T2,
        results: &'a T3,
        exit_codes: &'a T4,
        reasons: &'a T6,
        max_attempts: &'a i32,
        backoff_base_ms: &'a i64,
        backoff_max_ms: &'a i64,
    ) -> JobCompleteQuery<'c, 'a, 's, C, JobComplete, 8> {
        JobCompleteQuery {
            client,
            params: [
                job_ids,
                builder_ids,
                results,
                exit_codes,
                reasons,
                max_attempts,
                backoff_base_ms,
                backoff_max_ms,
            ],
            query: self.0,
            cached: self.1.as_ref(),
            extractor: |row: &tokio_postgres::Row| -> Result<JobComplete, tokio_postgres::Error> {
                Ok(JobComplete {
                    job_id: row.try_get(0)?,
                    result: row.try_get(1)?,
                    task_state: row.try_get(2)?,
                    retry_at: row.try_get(3)?,
                })
            },
            mapper: |it| JobComplete::from(it),
        }
    }
}
impl<
    'c,
    'a,
    's,
    C: GenericClient,
    T1: crate::ArraySql<Item = i64>,
    T2: crate::ArraySql<Item = i64>,
    T3: crate::ArraySql<Item = crate::types::BuildResult>,
    T4: crate::ArraySql<Item = Option<i32>>,
    T5: crate::StringSql,
    T6: crate::ArraySql<Item = Option<T5>>,
>
    crate::client::async_::Params<
        'c,
        'a,
        's,
        JobCompleteParams<T1, T2, T3, T4, T5, T6>,
        JobCompleteQuery<'c, 'a, 's, C, JobComplete, 8>,
        C,
    > for JobCompleteStmt
{
    fn params(
        &'s self,
        client: &'c C,
        params: &'a JobCompleteParams<T1, T2, T3, T4, T5, T6>,
    ) -> JobCompleteQuery<'c, 'a, 's, C, JobComplete, 8> {
        self.bind(
            client,
            &params.job_ids,
            &params.builder_ids,
            &params.results,
            &params.exit_codes,
            &params.reasons,
            &params.max_attempts,
            &params.backoff_base_ms,
            &params.backoff_max_ms,
        )
    }
}
pub struct JobRescueExpiredStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn job_rescue_expired() -> JobRescueExpiredStmt {
    JobRescueExpiredStmt(
        "WITH expired AS ( SELECT id FROM jobs WHERE state = 'active' AND lease_expires_at <= now() ORDER BY lease_expires_at LIMIT $1 FOR UPDATE SKIP LOCKED ), job AS ( UPDATE jobs SET state = 'expired', finished_at = now() FROM expired WHERE jobs.id = expired.id RETURNING jobs.id, jobs.task_id ), task AS ( UPDATE tasks SET state = CASE WHEN tasks.attempts >= $2 THEN 'failed' WHEN crate_version_current(tasks.crate_version_id) THEN 'waiting' ELSE 'held' END::task_state, updated_at = now() FROM job WHERE tasks.id = job.task_id AND tasks.state = 'active' RETURNING tasks.id, tasks.state, tasks.attempts ) SELECT job.id AS job_id, task.id AS task_id, task.state, task.attempts FROM job JOIN task ON task.id = job.task_id ORDER BY job.id",
        None,
    )
}
impl JobRescueExpiredStmt {
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
        max_attempts: &'a i32,
    ) -> JobRescueExpiredQuery<'c, 'a, 's, C, JobRescueExpired, 2> {
        JobRescueExpiredQuery {
            client,
            params: [limit, max_attempts],
            query: self.0,
            cached: self.1.as_ref(),
            extractor:
                |row: &tokio_postgres::Row| -> Result<JobRescueExpired, tokio_postgres::Error> {
                    Ok(JobRescueExpired {
                        job_id: row.try_get(0)?,
                        task_id: row.try_get(1)?,
                        state: row.try_get(2)?,
                        attempts: row.try_get(3)?,
                    })
                },
            mapper: |it| JobRescueExpired::from(it),
        }
    }
}
impl<'c, 'a, 's, C: GenericClient>
    crate::client::async_::Params<
        'c,
        'a,
        's,
        JobRescueExpiredParams,
        JobRescueExpiredQuery<'c, 'a, 's, C, JobRescueExpired, 2>,
        C,
    > for JobRescueExpiredStmt
{
    fn params(
        &'s self,
        client: &'c C,
        params: &'a JobRescueExpiredParams,
    ) -> JobRescueExpiredQuery<'c, 'a, 's, C, JobRescueExpired, 2> {
        self.bind(client, &params.limit, &params.max_attempts)
    }
}
pub struct JobStageListStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn job_stage_list() -> JobStageListStmt {
    JobStageListStmt(
        "SELECT 'init'::job_stage AS stage, created_at AS started_at FROM jobs WHERE id = $1 UNION ALL SELECT stage, started_at FROM job_stages WHERE job_id = $1 AND stage <> 'init' ORDER BY stage",
        None,
    )
}
impl JobStageListStmt {
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
        job_id: &'a i64,
    ) -> JobStageListQuery<'c, 'a, 's, C, JobStageList, 1> {
        JobStageListQuery {
            client,
            params: [job_id],
            query: self.0,
            cached: self.1.as_ref(),
            extractor: |row: &tokio_postgres::Row| -> Result<JobStageList, tokio_postgres::Error> {
                Ok(JobStageList {
                    stage: row.try_get(0)?,
                    started_at: row.try_get(1)?,
                })
            },
            mapper: |it| JobStageList::from(it),
        }
    }
}
