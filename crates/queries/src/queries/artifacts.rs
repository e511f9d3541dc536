// This file was generated with `cornucopia`. Do not modify.

#[derive(Debug)]
pub struct JobArtifactUpsertParams<T1: crate::StringSql, T2: crate::BytesSql> {
    pub name: T1,
    pub sha256: T2,
    pub size: i64,
    pub job_id: i64,
    pub builder_id: i64,
}
#[derive(Debug)]
pub struct JobArtifactSha256PageParams<T1: crate::BytesSql> {
    pub after: T1,
    pub limit: i64,
}
#[derive(Debug, Clone, PartialEq)]
pub struct ArtifactRow {
    pub id: i64,
    pub job_id: i64,
    pub name: String,
    pub sha256: Vec<u8>,
    pub size: i64,
    pub created_at: chrono::DateTime<chrono::FixedOffset>,
}
pub struct ArtifactRowBorrowed<'a> {
    pub id: i64,
    pub job_id: i64,
    pub name: &'a str,
    pub sha256: &'a [u8],
    pub size: i64,
    pub created_at: chrono::DateTime<chrono::FixedOffset>,
}
impl<'a> From<ArtifactRowBorrowed<'a>> for ArtifactRow {
    fn from(
        ArtifactRowBorrowed {
            id,
            job_id,
            name,
            sha256,
            size,
            created_at,
        }: ArtifactRowBorrowed<'a>,
    ) -> Self {
        Self {
            id,
            job_id,
            name: name.into(),
            sha256: sha256.into(),
            size,
            created_at,
        }
    }
}
#[derive(Debug, Clone, PartialEq)]
pub struct JobArtifactSha256Page {
    pub sha256: Vec<u8>,
    pub size: i64,
}
pub struct JobArtifactSha256PageBorrowed<'a> {
    pub sha256: &'a [u8],
    pub size: i64,
}
impl<'a> From<JobArtifactSha256PageBorrowed<'a>> for JobArtifactSha256Page {
    fn from(
        JobArtifactSha256PageBorrowed { sha256, size }: JobArtifactSha256PageBorrowed<'a>,
    ) -> Self {
        Self {
            sha256: sha256.into(),
            size,
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
pub struct ArtifactRowQuery<'c, 'a, 's, C: GenericClient, T, const N: usize> {
    client: &'c C,
    params: [&'a (dyn postgres_types::ToSql + Sync); N],
    query: &'static str,
    cached: Option<&'s tokio_postgres::Statement>,
    extractor: fn(&tokio_postgres::Row) -> Result<ArtifactRowBorrowed, tokio_postgres::Error>,
    mapper: fn(ArtifactRowBorrowed) -> T,
}
impl<'c, 'a, 's, C, T: 'c, const N: usize> ArtifactRowQuery<'c, 'a, 's, C, T, N>
where
    C: GenericClient,
{
    pub fn map<R>(
        self,
        mapper: fn(ArtifactRowBorrowed) -> R,
    ) -> ArtifactRowQuery<'c, 'a, 's, C, R, N> {
        ArtifactRowQuery {
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
pub struct Vecu8Query<'c, 'a, 's, C: GenericClient, T, const N: usize> {
    client: &'c C,
    params: [&'a (dyn postgres_types::ToSql + Sync); N],
    query: &'static str,
    cached: Option<&'s tokio_postgres::Statement>,
    extractor: fn(&tokio_postgres::Row) -> Result<&[u8], tokio_postgres::Error>,
    mapper: fn(&[u8]) -> T,
}
impl<'c, 'a, 's, C, T: 'c, const N: usize> Vecu8Query<'c, 'a, 's, C, T, N>
where
    C: GenericClient,
{
    pub fn map<R>(self, mapper: fn(&[u8]) -> R) -> Vecu8Query<'c, 'a, 's, C, R, N> {
        Vecu8Query {
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
pub struct JobArtifactSha256PageQuery<'c, 'a, 's, C: GenericClient, T, const N: usize> {
    client: &'c C,
    params: [&'a (dyn postgres_types::ToSql + Sync); N],
    query: &'static str,
    cached: Option<&'s tokio_postgres::Statement>,
    extractor:
        fn(&tokio_postgres::Row) -> Result<JobArtifactSha256PageBorrowed, tokio_postgres::Error>,
    mapper: fn(JobArtifactSha256PageBorrowed) -> T,
}
impl<'c, 'a, 's, C, T: 'c, const N: usize> JobArtifactSha256PageQuery<'c, 'a, 's, C, T, N>
where
    C: GenericClient,
{
    pub fn map<R>(
        self,
        mapper: fn(JobArtifactSha256PageBorrowed) -> R,
    ) -> JobArtifactSha256PageQuery<'c, 'a, 's, C, R, N> {
        JobArtifactSha256PageQuery {
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
pub struct JobArtifactUpsertStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn job_artifact_upsert() -> JobArtifactUpsertStmt {
    JobArtifactUpsertStmt(
        "INSERT INTO job_artifacts (job_id, name, sha256, size) SELECT jobs.id, $1, $2, $3 FROM jobs WHERE jobs.id = $4 AND jobs.builder_id = $5 AND jobs.state = 'active' AND jobs.lease_expires_at > now() ON CONFLICT (job_id, name) DO UPDATE SET sha256 = excluded.sha256, size = excluded.size, created_at = now() RETURNING id",
        None,
    )
}
impl JobArtifactUpsertStmt {
    pub async fn prepare<'a, C: GenericClient>(
        mut self,
        client: &'a C,
    ) -> Result<Self, tokio_postgres::Error> {
        self.1 = Some(client.prepare(self.0).await?);
        Ok(self)
    }
    pub fn bind<'c, 'a, 's, C: GenericClient, T1: crate::StringSql, T2: crate::BytesSql>(
        &'s self,
        client: &'c C,
        name: &'a T1,
        sha256: &'a T2,
        size: &'a i64,
        job_id: &'a i64,
        builder_id: &'a i64,
    ) -> I64Query<'c, 'a, 's, C, i64, 5> {
        I64Query {
            client,
            params: [name, sha256, size, job_id, builder_id],
            query: self.0,
            cached: self.1.as_ref(),
            extractor: |row| Ok(row.try_get(0)?),
            mapper: |it| it,
        }
    }
}
impl<'c, 'a, 's, C: GenericClient, T1: crate::StringSql, T2: crate::BytesSql>
    crate::client::async_::Params<
        'c,
        'a,
        's,
        JobArtifactUpsertParams<T1, T2>,
        I64Query<'c, 'a, 's, C, i64, 5>,
        C,
    > for JobArtifactUpsertStmt
{
    fn params(
        &'s self,
        client: &'c C,
        params: &'a JobArtifactUpsertParams<T1, T2>,
    ) -> I64Query<'c, 'a, 's, C, i64, 5> {
        self.bind(
            client,
            &params.name,
            &params.sha256,
            &params.size,
            &params.job_id,
            &params.builder_id,
        )
    }
}
pub struct JobArtifactListStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn job_artifact_list() -> JobArtifactListStmt {
    JobArtifactListStmt(
        "SELECT id, job_id, name, sha256, size, created_at FROM job_artifacts WHERE job_id = $1 ORDER BY name",
        None,
    )
}
impl JobArtifactListStmt {
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
    ) -> ArtifactRowQuery<'c, 'a, 's, C, ArtifactRow, 1> {
        ArtifactRowQuery {
            client,
            params: [job_id],
            query: self.0,
            cached: self.1.as_ref(),
            extractor:
                |row: &tokio_postgres::Row| -> Result<ArtifactRowBorrowed, tokio_postgres::Error> {
                    Ok(ArtifactRowBorrowed {
                        id: row.try_get(0)?,
                        job_id: row.try_get(1)?,
                        name: row.try_get(2)?,
                        sha256: row.try_get(3)?,
                        size: row.try_get(4)?,
                        created_at: row.try_get(5)?,
                    })
                },
            mapper: |it| ArtifactRow::from(it),
        }
    }
}
pub struct JobArtifactListByVersionStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn job_artifact_list_by_version() -> JobArtifactListByVersionStmt {
    JobArtifactListByVersionStmt(
        "SELECT job_artifacts.id, job_artifacts.job_id, job_artifacts.name, job_artifacts.sha256, job_artifacts.size, job_artifacts.created_at FROM tasks JOIN jobs ON jobs.task_id = tasks.id AND jobs.state = 'succeeded' JOIN job_artifacts ON job_artifacts.job_id = jobs.id WHERE tasks.crate_version_id = $1 ORDER BY jobs.id DESC, job_artifacts.name",
        None,
    )
}
impl JobArtifactListByVersionStmt {
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
    ) -> ArtifactRowQuery<'c, 'a, 's, C, ArtifactRow, 1> {
        ArtifactRowQuery {
            client,
            params: [crate_version_id],
            query: self.0,
            cached: self.1.as_ref(),
            extractor:
                |row: &tokio_postgres::Row| -> Result<ArtifactRowBorrowed, tokio_postgres::Error> {
                    Ok(ArtifactRowBorrowed {
                        id: row.try_get(0)?,
                        job_id: row.try_get(1)?,
                        name: row.try_get(2)?,
                        sha256: row.try_get(3)?,
                        size: row.try_get(4)?,
                        created_at: row.try_get(5)?,
                    })
                },
            mapper: |it| ArtifactRow::from(it),
        }
    }
}
pub struct JobArtifactGetStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn job_artifact_get() -> JobArtifactGetStmt {
    JobArtifactGetStmt(
        "SELECT id, job_id, name, sha256, size, created_at FROM job_artifacts WHERE id = $1",
        None,
    )
}
impl JobArtifactGetStmt {
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
    ) -> ArtifactRowQuery<'c, 'a, 's, C, ArtifactRow, 1> {
        ArtifactRowQuery {
            client,
            params: [artifact_id],
            query: self.0,
            cached: self.1.as_ref(),
            extractor:
                |row: &tokio_postgres::Row| -> Result<ArtifactRowBorrowed, tokio_postgres::Error> {
                    Ok(ArtifactRowBorrowed {
                        id: row.try_get(0)?,
                        job_id: row.try_get(1)?,
                        name: row.try_get(2)?,
                        sha256: row.try_get(3)?,
                        size: row.try_get(4)?,
                        created_at: row.try_get(5)?,
                    })
                },
            mapper: |it| ArtifactRow::from(it),
        }
    }
}
pub struct JobArtifactGetPublishedStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn job_artifact_get_published() -> JobArtifactGetPublishedStmt {
    JobArtifactGetPublishedStmt(
        "SELECT job_artifacts.id, job_artifacts.job_id, job_artifacts.name, job_artifacts.sha256, job_artifacts.size, job_artifacts.created_at FROM job_artifacts JOIN jobs ON jobs.id = job_artifacts.job_id WHERE job_artifacts.id = $1 AND jobs.state = 'succeeded'",
        None,
    )
}
impl JobArtifactGetPublishedStmt {
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
    ) -> ArtifactRowQuery<'c, 'a, 's, C, ArtifactRow, 1> {
        ArtifactRowQuery {
            client,
            params: [artifact_id],
            query: self.0,
            cached: self.1.as_ref(),
            extractor:
                |row: &tokio_postgres::Row| -> Result<ArtifactRowBorrowed, tokio_postgres::Error> {
                    Ok(ArtifactRowBorrowed {
                        id: row.try_get(0)?,
                        job_id: row.try_get(1)?,
                        name: row.try_get(2)?,
                        sha256: row.try_get(3)?,
                        size: row.try_get(4)?,
                        created_at: row.try_get(5)?,
                    })
                },
            mapper: |it| ArtifactRow::from(it),
        }
    }
}
pub struct JobArtifactListPublishedStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn job_artifact_list_published() -> JobArtifactListPublishedStmt {
    JobArtifactListPublishedStmt(
        "SELECT job_artifacts.id, job_artifacts.job_id, job_artifacts.name, job_artifacts.sha256, job_artifacts.size, job_artifacts.created_at FROM job_artifacts JOIN jobs ON jobs.id = job_artifacts.job_id WHERE job_artifacts.job_id = $1 AND jobs.state = 'succeeded' ORDER BY job_artifacts.name",
        None,
    )
}
impl JobArtifactListPublishedStmt {
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
    ) -> ArtifactRowQuery<'c, 'a, 's, C, ArtifactRow, 1> {
        ArtifactRowQuery {
            client,
            params: [job_id],
            query: self.0,
            cached: self.1.as_ref(),
            extractor:
                |row: &tokio_postgres::Row| -> Result<ArtifactRowBorrowed, tokio_postgres::Error> {
                    Ok(ArtifactRowBorrowed {
                        id: row.try_get(0)?,
                        job_id: row.try_get(1)?,
                        name: row.try_get(2)?,
                        sha256: row.try_get(3)?,
                        size: row.try_get(4)?,
                        created_at: row.try_get(5)?,
                    })
                },
            mapper: |it| ArtifactRow::from(it),
        }
    }
}
pub struct JobArtifactDeleteStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn job_artifact_delete() -> JobArtifactDeleteStmt {
    JobArtifactDeleteStmt("DELETE FROM job_artifacts WHERE id = $1 RETURNING id", None)
}
impl JobArtifactDeleteStmt {
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
pub struct JobArtifactSha256ReferencedStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn job_artifact_sha256_referenced() -> JobArtifactSha256ReferencedStmt {
    JobArtifactSha256ReferencedStmt(
        "SELECT DISTINCT sha256 FROM job_artifacts WHERE sha256 = ANY($1::bytea[])",
        None,
    )
}
impl JobArtifactSha256ReferencedStmt {
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
        T1: crate::BytesSql,
        T2: crate::ArraySql<Item = T1>,
    >(
        &'s self,
        client: &'c C,
        sha256s: &'a T2,
    ) -> Vecu8Query<'c, 'a, 's, C, Vec<u8>, 1> {
        Vecu8Query {
            client,
            params: [sha256s],
            query: self.0,
            cached: self.1.as_ref(),
            extractor: |row| Ok(row.try_get(0)?),
            mapper: |it| it.into(),
        }
    }
}
pub struct JobArtifactSha256PageStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn job_artifact_sha256_page() -> JobArtifactSha256PageStmt {
    JobArtifactSha256PageStmt(
        "SELECT DISTINCT ON (sha256) sha256, size FROM job_artifacts WHERE sha256 > $1::bytea ORDER BY sha256 LIMIT $2::bigint",
        None,
    )
}
impl JobArtifactSha256PageStmt {
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
        after: &'a T1,
        limit: &'a i64,
    ) -> JobArtifactSha256PageQuery<'c, 'a, 's, C, JobArtifactSha256Page, 2> {
        JobArtifactSha256PageQuery {
            client,
            params: [after, limit],
            query: self.0,
            cached: self.1.as_ref(),
            extractor: |
                row: &tokio_postgres::Row,
            | -> Result<JobArtifactSha256PageBorrowed, tokio_postgres::Error> {
                Ok(JobArtifactSha256PageBorrowed {
                    sha256: row.try_get(0)?,
                    size: row.try_get(1)?,
                })
            },
            mapper: |it| JobArtifactSha256Page::from(it),
        }
    }
}
impl<'c, 'a, 's, C: GenericClient, T1: crate::BytesSql>
    crate::client::async_::Params<
        'c,
        'a,
        's,
        JobArtifactSha256PageParams<T1>,
        JobArtifactSha256PageQuery<'c, 'a, 's, C, JobArtifactSha256Page, 2>,
        C,
    > for JobArtifactSha256PageStmt
{
    fn params(
        &'s self,
        client: &'c C,
        params: &'a JobArtifactSha256PageParams<T1>,
    ) -> JobArtifactSha256PageQuery<'c, 'a, 's, C, JobArtifactSha256Page, 2> {
        self.bind(client, &params.after, &params.limit)
    }
}
