// This file was generated with `cornucopia`. Do not modify.

#[derive(Debug)]
pub struct JobLogAppendManyParams<T1: crate::BytesSql> {
    pub line_count: i64,
    pub byte_count: i64,
    pub job_id: i64,
    pub builder_id: i64,
    pub first_line: i64,
    pub stage: crate::types::JobStage,
    pub max_bytes: i64,
    pub chunk: T1,
}
#[derive(Debug)]
pub struct JobLogAppendTruncatedParams<T1: crate::BytesSql> {
    pub line_count: i64,
    pub byte_count: i64,
    pub job_id: i64,
    pub builder_id: i64,
    pub first_line: i64,
    pub stage: crate::types::JobStage,
    pub stored_bytes: i64,
    pub chunk: T1,
}
#[derive(Clone, Copy, Debug)]
pub struct JobLogChunkListParams {
    pub job_id: i64,
    pub from_line: i64,
    pub until_line: i64,
}
#[derive(Debug, Clone, PartialEq, Copy)]
pub struct JobLogSize {
    pub log_lines: i64,
    pub log_bytes: i64,
    pub log_truncated: bool,
}
#[derive(Debug, Clone, PartialEq)]
pub struct JobLogChunkList {
    pub first_line: i64,
    pub last_line: i64,
    pub stage: crate::types::JobStage,
    pub encoding: crate::types::LogEncoding,
    pub lines: Vec<u8>,
    pub logged_at: chrono::DateTime<chrono::FixedOffset>,
}
pub struct JobLogChunkListBorrowed<'a> {
    pub first_line: i64,
    pub last_line: i64,
    pub stage: crate::types::JobStage,
    pub encoding: crate::types::LogEncoding,
    pub lines: &'a [u8],
    pub logged_at: chrono::DateTime<chrono::FixedOffset>,
}
impl<'a> From<JobLogChunkListBorrowed<'a>> for JobLogChunkList {
    fn from(
        JobLogChunkListBorrowed {
            first_line,
            last_line,
            stage,
            encoding,
            lines,
            logged_at,
        }: JobLogChunkListBorrowed<'a>,
    ) -> Self {
        Self {
            first_line,
            last_line,
            stage,
            encoding,
            lines: lines.into(),
            logged_at,
        }
    }
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
pub struct JobLogSizeQuery<'c, 'a, 's, C: GenericClient, T, const N: usize> {
    client: &'c C,
    params: [&'a (dyn postgres_types::ToSql + Sync); N],
    query: &'static str,
    cached: Option<&'s tokio_postgres::Statement>,
    extractor: fn(&tokio_postgres::Row) -> Result<JobLogSize, tokio_postgres::Error>,
    mapper: fn(JobLogSize) -> T,
}
impl<'c, 'a, 's, C, T: 'c, const N: usize> JobLogSizeQuery<'c, 'a, 's, C, T, N>
where
    C: GenericClient,
{
    pub fn map<R>(self, mapper: fn(JobLogSize) -> R) -> JobLogSizeQuery<'c, 'a, 's, C, R, N> {
        JobLogSizeQuery {
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
pub struct JobLogChunkListQuery<'c, 'a, 's, C: GenericClient, T, const N: usize> {
    client: &'c C,
    params: [&'a (dyn postgres_types::ToSql + Sync); N],
    query: &'static str,
    cached: Option<&'s tokio_postgres::Statement>,
    extractor: fn(&tokio_postgres::Row) -> Result<JobLogChunkListBorrowed, tokio_postgres::Error>,
    mapper: fn(JobLogChunkListBorrowed) -> T,
}
impl<'c, 'a, 's, C, T: 'c, const N: usize> JobLogChunkListQuery<'c, 'a, 's, C, T, N>
where
    C: GenericClient,
{
    pub fn map<R>(
        self,
        mapper: fn(JobLogChunkListBorrowed) -> R,
    ) -> JobLogChunkListQuery<'c, 'a, 's, C, R, N> {
        JobLogChunkListQuery {
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
pub struct JobLogAppendManyStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn job_log_append_many() -> JobLogAppendManyStmt {
    JobLogAppendManyStmt(
        "WITH job AS ( UPDATE jobs SET log_lines = log_lines + CASE WHEN log_truncated THEN 0 ELSE $1::bigint END, log_bytes = log_bytes + CASE WHEN log_truncated THEN 0 ELSE $2::bigint END WHERE id = $3 AND builder_id = $4 AND state = 'active' AND lease_expires_at > now() AND log_lines = $5 AND stage >= $6 AND (log_truncated OR log_bytes + $2::bigint <= $7::bigint) RETURNING id, log_lines, log_truncated ), inserted AS ( INSERT INTO job_log_chunks (job_id, first_line, last_line, stage, encoding, lines) SELECT job.id, $5, job.log_lines - 1, $6, 'zstd', $8 FROM job WHERE NOT job.log_truncated AND $1::bigint > 0 ) SELECT log_lines FROM job",
        None,
    )
}
impl JobLogAppendManyStmt {
    pub async fn prepare<'a, C: GenericClient>(
        mut self,
        client: &'a C,
    ) -> Result<Self, tokio_postgres::Error> {
        self.1 = Some(client.prepare(self.0).await?);
        Ok(self)
    }
    pub fn bind<'c, 'a, 's, C: GenericClient, T1: crate::BytesSql>(
        &'s self,
        client: &'c C,
        line_count: &'a i64,
        byte_count: &'a i64,
        job_id: &'a i64,
        builder_id: &'a i64,
        first_line: &'a i64,
        stage: &'a crate::types::JobStage,
        max_bytes: &'a i64,
        chunk: &'a T1,
    ) -> I64Query<'c, 'a, 's, C, i64, 8> {
        I64Query {
            client,
            params: [
                line_count, byte_count, job_id, builder_id, first_line, stage, max_bytes, chunk,
            ],
            query: self.0,
            cached: self.1.as_ref(),
            extractor: |row| Ok(row.try_get(0)?),
            mapper: |it| it,
        }
    }
}
impl<'c, 'a, 's, C: GenericClient, T1: crate::BytesSql>
    crate::client::async_::Params<
        'c,
        'a,
        's,
        JobLogAppendManyParams<T1>,
        I64Query<'c, 'a, 's, C, i64, 8>,
        C,
    > for JobLogAppendManyStmt
{
    fn params(
        &'s self,
        client: &'c C,
        params: &'a JobLogAppendManyParams<T1>,
    ) -> I64Query<'c, 'a, 's, C, i64, 8> {
        self.bind(
            client,
            &params.line_count,
            &params.byte_count,
            &params.job_id,
            &params.builder_id,
            &params.first_line,
            &params.stage,
            &params.max_bytes,
            &params.chunk,
        )
    }
}
pub struct JobLogAppendTruncatedStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn job_log_append_truncated() -> JobLogAppendTruncatedStmt {
    JobLogAppendTruncatedStmt(
        "WITH job AS ( UPDATE jobs SET log_lines = log_lines + $1::bigint, log_bytes = log_bytes + $2::bigint, log_truncated = true WHERE id = $3 AND builder_id = $4 AND state = 'active' AND lease_expires_at > now() AND log_lines = $5 AND stage >= $6 AND NOT log_truncated AND log_bytes = $7 RETURNING id, log_lines ), inserted AS ( INSERT INTO job_log_chunks (job_id, first_line, last_line, stage, encoding, lines) SELECT job.id, $5, job.log_lines - 1, $6, 'zstd', $8 FROM job ) SELECT log_lines FROM job",
        None,
    )
}
impl JobLogAppendTruncatedStmt {
    pub async fn prepare<'a, C: GenericClient>(
        mut self,
        client: &'a C,
    ) -> Result<Self, tokio_postgres::Error> {
        self.1 = Some(client.prepare(self.0).await?);
        Ok(self)
    }
    pub fn bind<'c, 'a, 's, C: GenericClient, T1: crate::BytesSql>(
        &'s self,
        client: &'c C,
        line_count: &'a i64,
        byte_count: &'a i64,
        job_id: &'a i64,
        builder_id: &'a i64,
        first_line: &'a i64,
        stage: &'a crate::types::JobStage,
        stored_bytes: &'a i64,
        chunk: &'a T1,
    ) -> I64Query<'c, 'a, 's, C, i64, 8> {
        I64Query {
            client,
            params: [
                line_count,
                byte_count,
                job_id,
                builder_id,
                first_line,
                stage,
                stored_bytes,
                chunk,
            ],
            query: self.0,
            cached: self.1.as_ref(),
            extractor: |row| Ok(row.try_get(0)?),
            mapper: |it| it,
        }
    }
}
impl<'c, 'a, 's, C: GenericClient, T1: crate::BytesSql>
    crate::client::async_::Params<
        'c,
        'a,
        's,
        JobLogAppendTruncatedParams<T1>,
        I64Query<'c, 'a, 's, C, i64, 8>,
        C,
    > for JobLogAppendTruncatedStmt
{
    fn params(
        &'s self,
        client: &'c C,
        params: &'a JobLogAppendTruncatedParams<T1>,
    ) -> I64Query<'c, 'a, 's, C, i64, 8> {
        self.bind(
            client,
            &params.line_count,
            &params.byte_count,
            &params.job_id,
            &params.builder_id,
            &params.first_line,
            &params.stage,
            &params.stored_bytes,
            &params.chunk,
        )
    }
}
pub struct JobLogSizeStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn job_log_size() -> JobLogSizeStmt {
    JobLogSizeStmt(
        "SELECT log_lines, log_bytes, log_truncated FROM jobs WHERE id = $1",
        None,
    )
}
impl JobLogSizeStmt {
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
    ) -> JobLogSizeQuery<'c, 'a, 's, C, JobLogSize, 1> {
        JobLogSizeQuery {
            client,
            params: [job_id],
            query: self.0,
            cached: self.1.as_ref(),
            extractor: |row: &tokio_postgres::Row| -> Result<JobLogSize, tokio_postgres::Error> {
                Ok(JobLogSize {
                    log_lines: row.try_get(0)?,
                    log_bytes: row.try_get(1)?,
                    log_truncated: row.try_get(2)?,
                })
            },
            mapper: |it| JobLogSize::from(it),
        }
    }
}
pub struct JobLogChunkListStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn job_log_chunk_list() -> JobLogChunkListStmt {
    JobLogChunkListStmt(
        "SELECT first_line, last_line, stage, encoding, lines, logged_at FROM job_log_chunks WHERE job_id = $1 AND first_line >= coalesce(( SELECT max(first_line) FROM job_log_chunks WHERE job_id = $1 AND first_line <= $2::bigint ), 0) AND first_line < $3::bigint ORDER BY first_line",
        None,
    )
}
impl JobLogChunkListStmt {
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
        from_line: &'a i64,
        until_line: &'a i64,
    ) -> JobLogChunkListQuery<'c, 'a, 's, C, JobLogChunkList, 3> {
        JobLogChunkListQuery {
            client,
            params: [job_id, from_line, until_line],
            query: self.0,
            cached: self.1.as_ref(),
            extractor: |
                row: &tokio_postgres::Row,
            | -> Result<JobLogChunkListBorrowed, tokio_postgres::Error> {
                Ok(JobLogChunkListBorrowed {
                    first_line: row.try_get(0)?,
                    last_line: row.try_get(1)?,
                    stage: row.try_get(2)?,
                    encoding: row.try_get(3)?,
                    lines: row.try_get(4)?,
                    logged_at: row.try_get(5)?,
                })
            },
            mapper: |it| JobLogChunkList::from(it),
        }
    }
}
impl<'c, 'a, 's, C: GenericClient>
    crate::client::async_::Params<
        'c,
        'a,
        's,
        JobLogChunkListParams,
        JobLogChunkListQuery<'c, 'a, 's, C, JobLogChunkList, 3>,
        C,
    > for JobLogChunkListStmt
{
    fn params(
        &'s self,
        client: &'c C,
        params: &'a JobLogChunkListParams,
    ) -> JobLogChunkListQuery<'c, 'a, 's, C, JobLogChunkList, 3> {
        self.bind(
            client,
            &params.job_id,
            &params.from_line,
            &params.until_line,
        )
    }
}
