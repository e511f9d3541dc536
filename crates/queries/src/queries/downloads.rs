// This file was generated with `cornucopia`. Do not modify.

#[derive(Debug)]
pub struct JobArtifactDownloadAddManyParams<
    T1: crate::ArraySql<Item = i64>,
    T2: crate::ArraySql<Item = chrono::NaiveDate>,
    T3: crate::ArraySql<Item = i64>,
> {
    pub artifact_ids: T1,
    pub dates: T2,
    pub downloads: T3,
}
#[derive(Clone, Copy, Debug)]
pub struct JobArtifactDownloadDailyParams {
    pub artifact_id: i64,
    pub from_date: chrono::NaiveDate,
    pub to_date: chrono::NaiveDate,
}
#[derive(Debug)]
pub struct JobArtifactDownloadDailyManyParams<T1: crate::ArraySql<Item = i64>> {
    pub artifact_ids: T1,
    pub from_date: chrono::NaiveDate,
    pub to_date: chrono::NaiveDate,
}
#[derive(Clone, Copy, Debug)]
pub struct JobArtifactDownloadTopParams {
    pub from_date: chrono::NaiveDate,
    pub to_date: chrono::NaiveDate,
    pub limit: i64,
}
#[derive(Debug, Clone, PartialEq, Copy)]
pub struct JobArtifactDownloadDaily {
    pub date: chrono::NaiveDate,
    pub downloads: i64,
}
#[derive(Debug, Clone, PartialEq, Copy)]
pub struct JobArtifactDownloadDailyMany {
    pub artifact_id: i64,
    pub date: chrono::NaiveDate,
    pub downloads: i64,
}
#[derive(Debug, Clone, PartialEq)]
pub struct JobArtifactDownloadTop {
    pub artifact_id: i64,
    pub job_id: i64,
    pub name: String,
    pub downloads: i64,
}
pub struct JobArtifactDownloadTopBorrowed<'a> {
    pub artifact_id: i64,
    pub job_id: i64,
    pub name: &'a str,
    pub downloads: i64,
}
impl<'a> From<JobArtifactDownloadTopBorrowed<'a>> for JobArtifactDownloadTop {
    fn from(
        JobArtifactDownloadTopBorrowed {
            artifact_id,
            job_id,
            name,
            downloads,
        }: JobArtifactDownloadTopBorrowed<'a>,
    ) -> Self {
        Self {
            artifact_id,
            job_id,
            name: name.into(),
            downloads,
        }
    }
}
use crate::client::async_::GenericClient;
use futures::{self, StreamExt, TryStreamExt};
pub struct JobArtifactDownloadDailyQuery<'c, 'a, 's, C: GenericClient, T, const N: usize> {
    client: &'c C,
    params: [&'a (dyn postgres_types::ToSql + Sync); N],
    query: &'static str,
    cached: Option<&'s tokio_postgres::Statement>,
    extractor: fn(&tokio_postgres::Row) -> Result<JobArtifactDownloadDaily, tokio_postgres::Error>,
    mapper: fn(JobArtifactDownloadDaily) -> T,
}
impl<'c, 'a, 's, C, T: 'c, const N: usize> JobArtifactDownloadDailyQuery<'c, 'a, 's, C, T, N>
where
    C: GenericClient,
{
    pub fn map<R>(
        self,
        mapper: fn(JobArtifactDownloadDaily) -> R,
    ) -> JobArtifactDownloadDailyQuery<'c, 'a, 's, C, R, N> {
        JobArtifactDownloadDailyQuery {
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
pub struct JobArtifactDownloadDailyManyQuery<'c, 'a, 's, C: GenericClient, T, const N: usize> {
    client: &'c C,
    params: [&'a (dyn postgres_types::ToSql + Sync); N],
    query: &'static str,
    cached: Option<&'s tokio_postgres::Statement>,
    extractor:
        fn(&tokio_postgres::Row) -> Result<JobArtifactDownloadDailyMany, tokio_postgres::Error>,
    mapper: fn(JobArtifactDownloadDailyMany) -> T,
}
impl<'c, 'a, 's, C, T: 'c, const N: usize> JobArtifactDownloadDailyManyQuery<'c, 'a, 's, C, T, N>
where
    C: GenericClient,
{
    pub fn map<R>(
        self,
        mapper: fn(JobArtifactDownloadDailyMany) -> R,
    ) -> JobArtifactDownloadDailyManyQuery<'c, 'a, 's, C, R, N> {
        JobArtifactDownloadDailyManyQuery {
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
pub struct JobArtifactDownloadTopQuery<'c, 'a, 's, C: GenericClient, T, const N: usize> {
    client: &'c C,
    params: [&'a (dyn postgres_types::ToSql + Sync); N],
    query: &'static str,
    cached: Option<&'s tokio_postgres::Statement>,
    extractor:
        fn(&tokio_postgres::Row) -> Result<JobArtifactDownloadTopBorrowed, tokio_postgres::Error>,
    mapper: fn(JobArtifactDownloadTopBorrowed) -> T,
}
impl<'c, 'a, 's, C, T: 'c, const N: usize> JobArtifactDownloadTopQuery<'c, 'a, 's, C, T, N>
where
    C: GenericClient,
{
    pub fn map<R>(
        self,
        mapper: fn(JobArtifactDownloadTopBorrowed) -> R,
    ) -> JobArtifactDownloadTopQuery<'c, 'a, 's, C, R, N> {
        JobArtifactDownloadTopQuery {
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
pub struct JobArtifactDownloadAddManyStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn job_artifact_download_add_many() -> JobArtifactDownloadAddManyStmt {
    JobArtifactDownloadAddManyStmt(
        "INSERT INTO job_artifact_downloads (artifact_id, date, downloads) SELECT counted.artifact_id, counted.date, counted.downloads FROM unnest($1::bigint[], $2::date[], $3::bigint[]) AS counted (artifact_id, date, downloads) WHERE EXISTS ( SELECT FROM job_artifacts WHERE job_artifacts.id = counted.artifact_id ) ORDER BY counted.artifact_id, counted.date ON CONFLICT (artifact_id, date) DO UPDATE SET downloads = job_artifact_downloads.downloads + excluded.downloads",
        None,
    )
}
impl JobArtifactDownloadAddManyStmt {
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
        T1: crate::ArraySql<Item = i64>,
        T2: crate::ArraySql<Item = chrono::NaiveDate>,
        T3: crate::ArraySql<Item = i64>,
    >(
        &'s self,
        client: &'c C,
        artifact_ids: &'a T1,
        dates: &'a T2,
        downloads: &'a T3,
    ) -> Result<u64, tokio_postgres::Error> {
        client
            .execute(self.0, &[artifact_ids, dates, downloads])
            .await
    }
}
impl<
    'a,
    C: GenericClient + Send + Sync,
    T1: crate::ArraySql<Item = i64>,
    T2: crate::ArraySql<Item = chrono::NaiveDate>,
    T3: crate::ArraySql<Item = i64>,
>
    crate::client::async_::Params<
        'a,
        'a,
        'a,
        JobArtifactDownloadAddManyParams<T1, T2, T3>,
        std::pin::Pin<
            Box<dyn futures::Future<Output = Result<u64, tokio_postgres::Error>> + Send + 'a>,
        >,
        C,
    > for JobArtifactDownloadAddManyStmt
{
    fn params(
        &'a self,
        client: &'a C,
        params: &'a JobArtifactDownloadAddManyParams<T1, T2, T3>,
    ) -> std::pin::Pin<
        Box<dyn futures::Future<Output = Result<u64, tokio_postgres::Error>> + Send + 'a>,
    > {
        Box::pin(self.bind(
            client,
            &params.artifact_ids,
            &params.dates,
            &params.downloads,
        ))
    }
}
pub struct JobArtifactDownloadDailyStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn job_artifact_download_daily() -> JobArtifactDownloadDailyStmt {
    JobArtifactDownloadDailyStmt(
        "SELECT counted.date, sum(counted.downloads)::bigint AS downloads FROM ( SELECT date, downloads FROM job_artifact_downloads WHERE artifact_id = $1 AND date BETWEEN $2 AND $3 UNION ALL SELECT month, downloads FROM job_artifact_download_months WHERE artifact_id = $1 AND month BETWEEN $2 AND $3 ) AS counted (date, downloads) GROUP BY counted.date ORDER BY counted.date",
        None,
    )
}
impl JobArtifactDownloadDailyStmt {
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
        artifact_id: &'a i64,
        from_date: &'a chrono::NaiveDate,
        to_date: &'a chrono::NaiveDate,
    ) -> JobArtifactDownloadDailyQuery<'c, 'a, 's, C, JobArtifactDownloadDaily, 3> {
        JobArtifactDownloadDailyQuery {
            client,
            params: [artifact_id, from_date, to_date],
            query: self.0,
            cached: self.1.as_ref(),
            extractor: |
                row: &tokio_postgres::Row,
            | -> Result<JobArtifactDownloadDaily, tokio_postgres::Error> {
                Ok(JobArtifactDownloadDaily {
                    date: row.try_get(0)?,
                    downloads: row.try_get(1)?,
                })
            },
            mapper: |it| JobArtifactDownloadDaily::from(it),
        }
    }
}
impl<'c, 'a, 's, C: GenericClient>
    crate::client::async_::Params<
        'c,
        'a,
        's,
        JobArtifactDownloadDailyParams,
        JobArtifactDownloadDailyQuery<'c, 'a, 's, C, JobArtifactDownloadDaily, 3>,
        C,
    > for JobArtifactDownloadDailyStmt
{
    fn params(
        &'s self,
        client: &'c C,
        params: &'a JobArtifactDownloadDailyParams,
    ) -> JobArtifactDownloadDailyQuery<'c, 'a, 's, C, JobArtifactDownloadDaily, 3> {
        self.bind(
            client,
            &params.artifact_id,
            &params.from_date,
            &params.to_date,
        )
    }
}
pub struct JobArtifactDownloadDailyManyStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn job_artifact_download_daily_many() -> JobArtifactDownloadDailyManyStmt {
    JobArtifactDownloadDailyManyStmt(
        "SELECT counted.artifact_id, counted.date, sum(counted.downloads)::bigint AS downloads FROM ( SELECT artifact_id, date, downloads FROM job_artifact_downloads WHERE artifact_id = ANY ($1::bigint[]) AND date BETWEEN $2 AND $3 UNION ALL SELECT artifact_id, month, downloads FROM job_artifact_download_months WHERE artifact_id = ANY ($1::bigint[]) AND month BETWEEN $2 AND $3 ) AS counted (artifact_id, date, downloads) GROUP BY counted.artifact_id, counted.date ORDER BY counted.artifact_id, counted.date",
        None,
    )
}
impl JobArtifactDownloadDailyManyStmt {
    pub async fn prepare<'a, C: GenericClient>(
        mut self,
        client: &'a C,
    ) -> Result<Self, tokio_postgres::Error> {
        self.1 = Some(client.prepare(self.0).await?);
        Ok(self)
    }
    pub fn bind<'c, 'a, 's, C: GenericClient, T1: crate::ArraySql<Item = i64>>(
        &'s self,
        client: &'c C,
        artifact_ids: &'a T1,
        from_date: &'a chrono::NaiveDate,
        to_date: &'a chrono::NaiveDate,
    ) -> JobArtifactDownloadDailyManyQuery<'c, 'a, 's, C, JobArtifactDownloadDailyMany, 3> {
        JobArtifactDownloadDailyManyQuery {
            client,
            params: [artifact_ids, from_date, to_date],
            query: self.0,
            cached: self.1.as_ref(),
            extractor: |
                row: &tokio_postgres::Row,
            | -> Result<JobArtifactDownloadDailyMany, tokio_postgres::Error> {
                Ok(JobArtifactDownloadDailyMany {
                    artifact_id: row.try_get(0)?,
                    date: row.try_get(1)?,
                    downloads: row.try_get(2)?,
                })
            },
            mapper: |it| JobArtifactDownloadDailyMany::from(it),
        }
    }
}
impl<'c, 'a, 's, C: GenericClient, T1: crate::ArraySql<Item = i64>>
    crate::client::async_::Params<
        'c,
        'a,
        's,
        JobArtifactDownloadDailyManyParams<T1>,
        JobArtifactDownloadDailyManyQuery<'c, 'a, 's, C, JobArtifactDownloadDailyMany, 3>,
        C,
    > for JobArtifactDownloadDailyManyStmt
{
    fn params(
        &'s self,
        client: &'c C,
        params: &'a JobArtifactDownloadDailyManyParams<T1>,
    ) -> JobArtifactDownloadDailyManyQuery<'c, 'a, 's, C, JobArtifactDownloadDailyMany, 3> {
        self.bind(
            client,
            &params.artifact_ids,
            &params.from_date,
            &params.to_date,
        )
    }
}
pub struct JobArtifactDownloadTotalStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn job_artifact_download_total() -> JobArtifactDownloadTotalStmt {
    JobArtifactDownloadTotalStmt(
        "SELECT ( coalesce(( SELECT sum(downloads) FROM job_artifact_downloads WHERE artifact_id = $1 ), 0) + coalesce(( SELECT sum(downloads) FROM job_artifact_download_months WHERE artifact_id = $1 ), 0) )::bigint AS downloads",
        None,
    )
}
impl JobArtifactDownloadTotalStmt {
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
        artifact_id: &'a i64,
    ) -> I64Query<'c, 'a, 's, C, i64, 1> {
        I64Query {
            client,
            params: [artifact_id],
            query: self.0,
            cached: self.1.as_ref(),
            extractor: |row| Ok(row.try_get(0)?),
            mapper: |it| it,
        }
    }
}
pub struct JobArtifactDownloadTopStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn job_artifact_download_top() -> JobArtifactDownloadTopStmt {
    JobArtifactDownloadTopStmt(
        "SELECT job_artifacts.id AS artifact_id, job_artifacts.job_id, job_artifacts.name, sum(counted.downloads)::bigint AS downloads FROM ( SELECT artifact_id, downloads FROM job_artifact_downloads WHERE date BETWEEN $1 AND $2 UNION ALL SELECT artifact_id, downloads FROM job_artifact_download_months WHERE month BETWEEN $1 AND $2 ) AS counted JOIN job_artifacts ON job_artifacts.id = counted.artifact_id JOIN jobs ON jobs.id = job_artifacts.job_id AND jobs.state = 'succeeded' GROUP BY job_artifacts.id ORDER BY downloads DESC, job_artifacts.id LIMIT $3",
        None,
    )
}
impl JobArtifactDownloadTopStmt {
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
        from_date: &'a chrono::NaiveDate,
        to_date: &'a chrono::NaiveDate,
        limit: &'a i64,
    ) -> JobArtifactDownloadTopQuery<'c, 'a, 's, C, JobArtifactDownloadTop, 3> {
        JobArtifactDownloadTopQuery {
            client,
            params: [from_date, to_date, limit],
            query: self.0,
            cached: self.1.as_ref(),
            extractor: |
                row: &tokio_postgres::Row,
            | -> Result<JobArtifactDownloadTopBorrowed, tokio_postgres::Error> {
                Ok(JobArtifactDownloadTopBorrowed {
                    artifact_id: row.try_get(0)?,
                    job_id: row.try_get(1)?,
                    name: row.try_get(2)?,
                    downloads: row.try_get(3)?,
                })
            },
            mapper: |it| JobArtifactDownloadTop::from(it),
        }
    }
}
impl<'c, 'a, 's, C: GenericClient>
    crate::client::async_::Params<
        'c,
        'a,
        's,
        JobArtifactDownloadTopParams,
        JobArtifactDownloadTopQuery<'c, 'a, 's, C, JobArtifactDownloadTop, 3>,
        C,
    > for JobArtifactDownloadTopStmt
{
    fn params(
        &'s self,
        client: &'c C,
        params: &'a JobArtifactDownloadTopParams,
    ) -> JobArtifactDownloadTopQuery<'c, 'a, 's, C, JobArtifactDownloadTop, 3> {
        self.bind(client, &params.from_date, &params.to_date, &params.limit)
    }
}
