// This file was generated with `cornucopia`. Do not modify.

#[derive(Debug)]
pub struct JobLogAppendManyParams<T1: crate::StringSql, T2: crate::ArraySql<Item = T1>> {
    pub lines: T2,
    pub job_id: i64,
    pub builder_id: i64,
    pub first_line: i64,
    pub stage: crate::types::JobStage,
}
#[derive(Clone, Copy, Debug)]
pub struct JobLogListFromParams {
    pub job_id: i64,
    pub from_line: i64,
    pub limit: i64,
}
#[derive(Debug, Clone, PartialEq)]
pub struct JobLogListFrom {
    pub line_number: i64,
    pub stage: crate::types::JobStage,
    pub line: String,
    pub logged_at: chrono::DateTime<chrono::FixedOffset>,
}
pub struct JobLogListFromBorrowed<'a> {
    pub line_number: i64,
    pub stage: crate::types::JobStage,
    pub line: &'a str,
    pub logged_at: chrono::DateTime<chrono::FixedOffset>,
}
impl<'a> From<JobLogListFromBorrowed<'a>> for JobLogListFrom {
    fn from(
        JobLogListFromBorrowed {
            line_number,
            stage,
            line,
            logged_at,
        }: JobLogListFromBorrowed<'a>,
    ) -> Self {
        Self {
            line_number,
            stage,
            line: line.into(),
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
pub struct JobLogListFromQuery<'c, 'a, 's, C: GenericClient, T, const N: usize> {
    client: &'c C,
    params: [&'a (dyn postgres_types::ToSql + Sync); N],
    query: &'static str,
    cached: Option<&'s tokio_postgres::Statement>,
    extractor: fn(&tokio_postgres::Row) -> Result<JobLogListFromBorrowed, tokio_postgres::Error>,
    mapper: fn(JobLogListFromBorrowed) -> T,
}
impl<'c, 'a, 's, C, T: 'c, const N: usize> JobLogListFromQuery<'c, 'a, 's, C, T, N>
where
    C: GenericClient,
{
    pub fn map<R>(
        self,
        mapper: fn(JobLogListFromBorrowed) -> R,
    ) -> JobLogListFromQuery<'c, 'a, 's, C, R, N> {
        JobLogListFromQuery {
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
        "WITH job AS ( UPDATE jobs SET log_lines = log_lines + cardinality($1::text[]) WHERE id = $2 AND builder_id = $3 AND state = 'active' AND lease_expires_at > now() AND log_lines = $4 AND stage >= $5 RETURNING id, log_lines ), inserted AS ( INSERT INTO job_logs (job_id, line_number, stage, line) SELECT job.id, $4::bigint + batch.ordinality - 1, $5, batch.line FROM job CROSS JOIN unnest($1::text[]) WITH ORDINALITY AS batch (line, ordinality) ) SELECT log_lines FROM job",
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
    pub fn bind<
        'c,
        'a,
        's,
        C: GenericClient,
        T1: crate::StringSql,
        T2: crate::ArraySql<Item = T1>,
    >(
        &'s self,
        client: &'c C,
        lines: &'a T2,
        job_id: &'a i64,
        builder_id: &'a i64,
        first_line: &'a i64,
        stage: &'a crate::types::JobStage,
    ) -> I64Query<'c, 'a, 's, C, i64, 5> {
        I64Query {
            client,
            params: [lines, job_id, builder_id, first_line, stage],
            query: self.0,
            cached: self.1.as_ref(),
            extractor: |row| Ok(row.try_get(0)?),
            mapper: |it| it,
        }
    }
}
impl<'c, 'a, 's, C: GenericClient, T1: crate::StringSql, T2: crate::ArraySql<Item = T1>>
    crate::client::async_::Params<
        'c,
        'a,
        's,
        JobLogAppendManyParams<T1, T2>,
        I64Query<'c, 'a, 's, C, i64, 5>,
        C,
    > for JobLogAppendManyStmt
{
    fn params(
        &'s self,
        client: &'c C,
        params: &'a JobLogAppendManyParams<T1, T2>,
    ) -> I64Query<'c, 'a, 's, C, i64, 5> {
        self.bind(
            client,
            &params.lines,
            &params.job_id,
            &params.builder_id,
            &params.first_line,
            &params.stage,
        )
    }
}
pub struct JobLogListFromStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn job_log_list_from() -> JobLogListFromStmt {
    JobLogListFromStmt(
        "SELECT line_number, stage, line, logged_at FROM job_logs WHERE job_id = $1 AND line_number >= $2 ORDER BY line_number LIMIT $3",
        None,
    )
}
impl JobLogListFromStmt {
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
        limit: &'a i64,
    ) -> JobLogListFromQuery<'c, 'a, 's, C, JobLogListFrom, 3> {
        JobLogListFromQuery {
            client,
            params: [job_id, from_line, limit],
            query: self.0,
            cached: self.1.as_ref(),
            extractor: |
                row: &tokio_postgres::Row,
            | -> Result<JobLogListFromBorrowed, tokio_postgres::Error> {
                Ok(JobLogListFromBorrowed {
                    line_number: row.try_get(0)?,
                    stage: row.try_get(1)?,
                    line: row.try_get(2)?,
                    logged_at: row.try_get(3)?,
                })
            },
            mapper: |it| JobLogListFrom::from(it),
        }
    }
}
impl<'c, 'a, 's, C: GenericClient>
    crate::client::async_::Params<
        'c,
        'a,
        's,
        JobLogListFromParams,
        JobLogListFromQuery<'c, 'a, 's, C, JobLogListFrom, 3>,
        C,
    > for JobLogListFromStmt
{
    fn params(
        &'s self,
        client: &'c C,
        params: &'a JobLogListFromParams,
    ) -> JobLogListFromQuery<'c, 'a, 's, C, JobLogListFrom, 3> {
        self.bind(client, &params.job_id, &params.from_line, &params.limit)
    }
}
