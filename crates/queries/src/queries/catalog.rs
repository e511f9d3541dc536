// This file was generated with `cornucopia`. Do not modify.

#[derive(Debug)]
pub struct CatalogCratePageParams<T1: crate::StringSql, T2: crate::StringSql> {
    pub prefix: T1,
    pub after: T2,
    pub limit: i64,
}
#[derive(Debug)]
pub struct CatalogVersionGetParams<T1: crate::StringSql> {
    pub crate_id: i64,
    pub version: T1,
}
#[derive(Debug, Clone, PartialEq)]
pub struct CatalogCratePage {
    pub name: String,
    pub latest_version: Option<String>,
}
pub struct CatalogCratePageBorrowed<'a> {
    pub name: &'a str,
    pub latest_version: Option<&'a str>,
}
impl<'a> From<CatalogCratePageBorrowed<'a>> for CatalogCratePage {
    fn from(
        CatalogCratePageBorrowed {
            name,
            latest_version,
        }: CatalogCratePageBorrowed<'a>,
    ) -> Self {
        Self {
            name: name.into(),
            latest_version: latest_version.map(|v| v.into()),
        }
    }
}
#[derive(Debug, Clone, PartialEq)]
pub struct CatalogCrateGet {
    pub id: i64,
    pub name: String,
    pub removed_at: Option<chrono::DateTime<chrono::FixedOffset>>,
    pub latest_version: Option<String>,
    pub latest_checksum: Option<String>,
    pub latest_yanked: Option<bool>,
}
pub struct CatalogCrateGetBorrowed<'a> {
    pub id: i64,
    pub name: &'a str,
    pub removed_at: Option<chrono::DateTime<chrono::FixedOffset>>,
    pub latest_version: Option<&'a str>,
    pub latest_checksum: Option<&'a str>,
    pub latest_yanked: Option<bool>,
}
impl<'a> From<CatalogCrateGetBorrowed<'a>> for CatalogCrateGet {
    fn from(
        CatalogCrateGetBorrowed {
            id,
            name,
            removed_at,
            latest_version,
            latest_checksum,
            latest_yanked,
        }: CatalogCrateGetBorrowed<'a>,
    ) -> Self {
        Self {
            id,
            name: name.into(),
            removed_at,
            latest_version: latest_version.map(|v| v.into()),
            latest_checksum: latest_checksum.map(|v| v.into()),
            latest_yanked,
        }
    }
}
#[derive(Debug, Clone, PartialEq)]
pub struct CatalogVersion {
    pub id: i64,
    pub version: String,
    pub checksum: String,
    pub yanked: bool,
    pub removed_at: Option<chrono::DateTime<chrono::FixedOffset>>,
}
pub struct CatalogVersionBorrowed<'a> {
    pub id: i64,
    pub version: &'a str,
    pub checksum: &'a str,
    pub yanked: bool,
    pub removed_at: Option<chrono::DateTime<chrono::FixedOffset>>,
}
impl<'a> From<CatalogVersionBorrowed<'a>> for CatalogVersion {
    fn from(
        CatalogVersionBorrowed {
            id,
            version,
            checksum,
            yanked,
            removed_at,
        }: CatalogVersionBorrowed<'a>,
    ) -> Self {
        Self {
            id,
            version: version.into(),
            checksum: checksum.into(),
            yanked,
            removed_at,
        }
    }
}
#[derive(Debug, Clone, PartialEq)]
pub struct CatalogVersionJobs {
    pub id: i64,
    pub task_id: i64,
    pub builder_id: i64,
    pub state: crate::types::JobState,
    pub stage: crate::types::JobStage,
    pub created_at: chrono::DateTime<chrono::FixedOffset>,
    pub finished_at: Option<chrono::DateTime<chrono::FixedOffset>>,
    pub result: Option<crate::types::BuildResult>,
    pub exit_code: Option<i32>,
    pub reason: Option<String>,
}
pub struct CatalogVersionJobsBorrowed<'a> {
    pub id: i64,
    pub task_id: i64,
    pub builder_id: i64,
    pub state: crate::types::JobState,
    pub stage: crate::types::JobStage,
    pub created_at: chrono::DateTime<chrono::FixedOffset>,
    pub finished_at: Option<chrono::DateTime<chrono::FixedOffset>>,
    pub result: Option<crate::types::BuildResult>,
    pub exit_code: Option<i32>,
    pub reason: Option<&'a str>,
}
impl<'a> From<CatalogVersionJobsBorrowed<'a>> for CatalogVersionJobs {
    fn from(
        CatalogVersionJobsBorrowed {
            id,
            task_id,
            builder_id,
            state,
            stage,
            created_at,
            finished_at,
            result,
            exit_code,
            reason,
        }: CatalogVersionJobsBorrowed<'a>,
    ) -> Self {
        Self {
            id,
            task_id,
            builder_id,
            state,
            stage,
            created_at,
            finished_at,
            result,
            exit_code,
            reason: reason.map(|v| v.into()),
        }
    }
}
#[derive(Debug, Clone, PartialEq)]
pub struct CatalogVersionTasks {
    pub id: i64,
    pub target: String,
    pub kind: crate::types::TaskKind,
    pub state: crate::types::TaskState,
    pub priority: i32,
    pub attempts: i32,
}
pub struct CatalogVersionTasksBorrowed<'a> {
    pub id: i64,
    pub target: &'a str,
    pub kind: crate::types::TaskKind,
    pub state: crate::types::TaskState,
    pub priority: i32,
    pub attempts: i32,
}
impl<'a> From<CatalogVersionTasksBorrowed<'a>> for CatalogVersionTasks {
    fn from(
        CatalogVersionTasksBorrowed {
            id,
            target,
            kind,
            state,
            priority,
            attempts,
        }: CatalogVersionTasksBorrowed<'a>,
    ) -> Self {
        Self {
            id,
            target: target.into(),
            kind,
            state,
            priority,
            attempts,
        }
    }
}
#[derive(Debug, Clone, PartialEq)]
pub struct CatalogCrateBuilds {
    pub version: String,
    pub target: String,
    pub kind: crate::types::TaskKind,
    pub state: crate::types::TaskState,
}
pub struct CatalogCrateBuildsBorrowed<'a> {
    pub version: &'a str,
    pub target: &'a str,
    pub kind: crate::types::TaskKind,
    pub state: crate::types::TaskState,
}
impl<'a> From<CatalogCrateBuildsBorrowed<'a>> for CatalogCrateBuilds {
    fn from(
        CatalogCrateBuildsBorrowed {
            version,
            target,
            kind,
            state,
        }: CatalogCrateBuildsBorrowed<'a>,
    ) -> Self {
        Self {
            version: version.into(),
            target: target.into(),
            kind,
            state,
        }
    }
}
use crate::client::async_::GenericClient;
use futures::{self, StreamExt, TryStreamExt};
pub struct CatalogCratePageQuery<'c, 'a, 's, C: GenericClient, T, const N: usize> {
    client: &'c C,
    params: [&'a (dyn postgres_types::ToSql + Sync); N],
    query: &'static str,
    cached: Option<&'s tokio_postgres::Statement>,
    extractor: fn(&tokio_postgres::Row) -> Result<CatalogCratePageBorrowed, tokio_postgres::Error>,
    mapper: fn(CatalogCratePageBorrowed) -> T,
}
impl<'c, 'a, 's, C, T: 'c, const N: usize> CatalogCratePageQuery<'c, 'a, 's, C, T, N>
where
    C: GenericClient,
{
    pub fn map<R>(
        self,
        mapper: fn(CatalogCratePageBorrowed) -> R,
    ) -> CatalogCratePageQuery<'c, 'a, 's, C, R, N> {
        CatalogCratePageQuery {
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
pub struct CatalogCrateGetQuery<'c, 'a, 's, C: GenericClient, T, const N: usize> {
    client: &'c C,
    params: [&'a (dyn postgres_types::ToSql + Sync); N],
    query: &'static str,
    cached: Option<&'s tokio_postgres::Statement>,
    extractor: fn(&tokio_postgres::Row) -> Result<CatalogCrateGetBorrowed, tokio_postgres::Error>,
    mapper: fn(CatalogCrateGetBorrowed) -> T,
}
impl<'c, 'a, 's, C, T: 'c, const N: usize> CatalogCrateGetQuery<'c, 'a, 's, C, T, N>
where
    C: GenericClient,
{
    pub fn map<R>(
        self,
        mapper: fn(CatalogCrateGetBorrowed) -> R,
    ) -> CatalogCrateGetQuery<'c, 'a, 's, C, R, N> {
        CatalogCrateGetQuery {
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
pub struct CatalogVersionQuery<'c, 'a, 's, C: GenericClient, T, const N: usize> {
    client: &'c C,
    params: [&'a (dyn postgres_types::ToSql + Sync); N],
    query: &'static str,
    cached: Option<&'s tokio_postgres::Statement>,
    extractor: fn(&tokio_postgres::Row) -> Result<CatalogVersionBorrowed, tokio_postgres::Error>,
    mapper: fn(CatalogVersionBorrowed) -> T,
}
impl<'c, 'a, 's, C, T: 'c, const N: usize> CatalogVersionQuery<'c, 'a, 's, C, T, N>
where
    C: GenericClient,
{
    pub fn map<R>(
        self,
        mapper: fn(CatalogVersionBorrowed) -> R,
    ) -> CatalogVersionQuery<'c, 'a, 's, C, R, N> {
        CatalogVersionQuery {
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
pub struct CatalogVersionJobsQuery<'c, 'a, 's, C: GenericClient, T, const N: usize> {
    client: &'c C,
    params: [&'a (dyn postgres_types::ToSql + Sync); N],
    query: &'static str,
    cached: Option<&'s tokio_postgres::Statement>,
    extractor:
        fn(&tokio_postgres::Row) -> Result<CatalogVersionJobsBorrowed, tokio_postgres::Error>,
    mapper: fn(CatalogVersionJobsBorrowed) -> T,
}
impl<'c, 'a, 's, C, T: 'c, const N: usize> CatalogVersionJobsQuery<'c, 'a, 's, C, T, N>
where
    C: GenericClient,
{
    pub fn map<R>(
        self,
        mapper: fn(CatalogVersionJobsBorrowed) -> R,
    ) -> CatalogVersionJobsQuery<'c, 'a, 's, C, R, N> {
        CatalogVersionJobsQuery {
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
pub struct CatalogVersionTasksQuery<'c, 'a, 's, C: GenericClient, T, const N: usize> {
    client: &'c C,
    params: [&'a (dyn postgres_types::ToSql + Sync); N],
    query: &'static str,
    cached: Option<&'s tokio_postgres::Statement>,
    extractor:
        fn(&tokio_postgres::Row) -> Result<CatalogVersionTasksBorrowed, tokio_postgres::Error>,
    mapper: fn(CatalogVersionTasksBorrowed) -> T,
}
impl<'c, 'a, 's, C, T: 'c, const N: usize> CatalogVersionTasksQuery<'c, 'a, 's, C, T, N>
where
    C: GenericClient,
{
    pub fn map<R>(
        self,
        mapper: fn(CatalogVersionTasksBorrowed) -> R,
    ) -> CatalogVersionTasksQuery<'c, 'a, 's, C, R, N> {
        CatalogVersionTasksQuery {
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
pub struct CatalogCrateBuildsQuery<'c, 'a, 's, C: GenericClient, T, const N: usize> {
    client: &'c C,
    params: [&'a (dyn postgres_types::ToSql + Sync); N],
    query: &'static str,
    cached: Option<&'s tokio_postgres::Statement>,
    extractor:
        fn(&tokio_postgres::Row) -> Result<CatalogCrateBuildsBorrowed, tokio_postgres::Error>,
    mapper: fn(CatalogCrateBuildsBorrowed) -> T,
}
impl<'c, 'a, 's, C, T: 'c, const N: usize> CatalogCrateBuildsQuery<'c, 'a, 's, C, T, N>
where
    C: GenericClient,
{
    pub fn map<R>(
        self,
        mapper: fn(CatalogCrateBuildsBorrowed) -> R,
    ) -> CatalogCrateBuildsQuery<'c, 'a, 's, C, R, N> {
        CatalogCrateBuildsQuery {
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
pub struct CatalogCratePageStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn catalog_crate_page() -> CatalogCratePageStmt {
    CatalogCratePageStmt(
        "SELECT crates.name, latest.version AS latest_version FROM crates LEFT JOIN crate_versions AS latest ON latest.id = crates.latest_version_id WHERE crates.removed_at IS NULL AND lower(crates.name) COLLATE \"C\" >= lower($1) AND lower(crates.name) COLLATE \"C\" < lower($1) || '~' AND lower(crates.name) COLLATE \"C\" > lower($2) ORDER BY lower(crates.name) COLLATE \"C\" LIMIT $3",
        None,
    )
}
impl CatalogCratePageStmt {
    pub async fn prepare<'a, C: GenericClient>(
        mut self,
        client: &'a C,
    ) -> Result<Self, tokio_postgres::Error> {
        self.1 = Some(client.prepare(self.0).await?);
        Ok(self)
    }
    pub fn bind<'c, 'a, 's, C: GenericClient, T1: crate::StringSql, T2: crate::StringSql>(
        &'s self,
        client: &'c C,
        prefix: &'a T1,
        after: &'a T2,
        limit: &'a i64,
    ) -> CatalogCratePageQuery<'c, 'a, 's, C, CatalogCratePage, 3> {
        CatalogCratePageQuery {
            client,
            params: [prefix, after, limit],
            query: self.0,
            cached: self.1.as_ref(),
            extractor: |
                row: &tokio_postgres::Row,
            | -> Result<CatalogCratePageBorrowed, tokio_postgres::Error> {
                Ok(CatalogCratePageBorrowed {
                    name: row.try_get(0)?,
                    latest_version: row.try_get(1)?,
                })
            },
            mapper: |it| CatalogCratePage::from(it),
        }
    }
}
impl<'c, 'a, 's, C: GenericClient, T1: crate::StringSql, T2: crate::StringSql>
    crate::client::async_::Params<
        'c,
        'a,
        's,
        CatalogCratePageParams<T1, T2>,
        CatalogCratePageQuery<'c, 'a, 's, C, CatalogCratePage, 3>,
        C,
    > for CatalogCratePageStmt
{
    fn params(
        &'s self,
        client: &'c C,
        params: &'a CatalogCratePageParams<T1, T2>,
    ) -> CatalogCratePageQuery<'c, 'a, 's, C, CatalogCratePage, 3> {
        self.bind(client, &params.prefix, &params.after, &params.limit)
    }
}
pub struct CatalogCrateGetStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn catalog_crate_get() -> CatalogCrateGetStmt {
    CatalogCrateGetStmt(
        "SELECT crates.id, crates.name, crates.removed_at, latest.version AS latest_version, encode(latest.checksum, 'hex') AS latest_checksum, latest.yanked AS latest_yanked FROM crates LEFT JOIN crate_versions AS latest ON latest.id = crates.latest_version_id WHERE lower(crates.name) COLLATE \"C\" = lower($1)",
        None,
    )
}
impl CatalogCrateGetStmt {
    pub async fn prepare<'a, C: GenericClient>(
        mut self,
        client: &'a C,
    ) -> Result<Self, tokio_postgres::Error> {
        self.1 = Some(client.prepare(self.0).await?);
        Ok(self)
    }
    pub fn bind<'c, 'a, 's, C: GenericClient, T1: crate::StringSql>(
        &'s self,
        client: &'c C,
        name: &'a T1,
    ) -> CatalogCrateGetQuery<'c, 'a, 's, C, CatalogCrateGet, 1> {
        CatalogCrateGetQuery {
            client,
            params: [name],
            query: self.0,
            cached: self.1.as_ref(),
            extractor: |
                row: &tokio_postgres::Row,
            | -> Result<CatalogCrateGetBorrowed, tokio_postgres::Error> {
                Ok(CatalogCrateGetBorrowed {
                    id: row.try_get(0)?,
                    name: row.try_get(1)?,
                    removed_at: row.try_get(2)?,
                    latest_version: row.try_get(3)?,
                    latest_checksum: row.try_get(4)?,
                    latest_yanked: row.try_get(5)?,
                })
            },
            mapper: |it| CatalogCrateGet::from(it),
        }
    }
}
pub struct CatalogVersionListStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn catalog_version_list() -> CatalogVersionListStmt {
    CatalogVersionListStmt(
        "SELECT id, version, encode(checksum, 'hex') AS checksum, yanked, removed_at FROM crate_versions WHERE crate_id = $1 ORDER BY id",
        None,
    )
}
impl CatalogVersionListStmt {
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
        crate_id: &'a i64,
    ) -> CatalogVersionQuery<'c, 'a, 's, C, CatalogVersion, 1> {
        CatalogVersionQuery {
            client,
            params: [crate_id],
            query: self.0,
            cached: self.1.as_ref(),
            extractor: |
                row: &tokio_postgres::Row,
            | -> Result<CatalogVersionBorrowed, tokio_postgres::Error> {
                Ok(CatalogVersionBorrowed {
                    id: row.try_get(0)?,
                    version: row.try_get(1)?,
                    checksum: row.try_get(2)?,
                    yanked: row.try_get(3)?,
                    removed_at: row.try_get(4)?,
                })
            },
            mapper: |it| CatalogVersion::from(it),
        }
    }
}
pub struct CatalogVersionGetStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn catalog_version_get() -> CatalogVersionGetStmt {
    CatalogVersionGetStmt(
        "SELECT id, version, encode(checksum, 'hex') AS checksum, yanked, removed_at FROM crate_versions WHERE crate_id = $1 AND version = $2",
        None,
    )
}
impl CatalogVersionGetStmt {
    pub async fn prepare<'a, C: GenericClient>(
        mut self,
        client: &'a C,
    ) -> Result<Self, tokio_postgres::Error> {
        self.1 = Some(client.prepare(self.0).await?);
        Ok(self)
    }
    pub fn bind<'c, 'a, 's, C: GenericClient, T1: crate::StringSql>(
        &'s self,
        client: &'c C,
        crate_id: &'a i64,
        version: &'a T1,
    ) -> CatalogVersionQuery<'c, 'a, 's, C, CatalogVersion, 2> {
        CatalogVersionQuery {
            client,
            params: [crate_id, version],
            query: self.0,
            cached: self.1.as_ref(),
            extractor: |
                row: &tokio_postgres::Row,
            | -> Result<CatalogVersionBorrowed, tokio_postgres::Error> {
                Ok(CatalogVersionBorrowed {
                    id: row.try_get(0)?,
                    version: row.try_get(1)?,
                    checksum: row.try_get(2)?,
                    yanked: row.try_get(3)?,
                    removed_at: row.try_get(4)?,
                })
            },
            mapper: |it| CatalogVersion::from(it),
        }
    }
}
impl<'c, 'a, 's, C: GenericClient, T1: crate::StringSql>
    crate::client::async_::Params<
        'c,
        'a,
        's,
        CatalogVersionGetParams<T1>,
        CatalogVersionQuery<'c, 'a, 's, C, CatalogVersion, 2>,
        C,
    > for CatalogVersionGetStmt
{
    fn params(
        &'s self,
        client: &'c C,
        params: &'a CatalogVersionGetParams<T1>,
    ) -> CatalogVersionQuery<'c, 'a, 's, C, CatalogVersion, 2> {
        self.bind(client, &params.crate_id, &params.version)
    }
}
pub struct CatalogVersionJobsStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn catalog_version_jobs() -> CatalogVersionJobsStmt {
    CatalogVersionJobsStmt(
        "SELECT jobs.id, jobs.task_id, jobs.builder_id, jobs.state, jobs.stage, jobs.created_at, jobs.finished_at, jobs.result, jobs.exit_code, jobs.reason FROM tasks JOIN jobs ON jobs.task_id = tasks.id WHERE tasks.crate_version_id = $1 ORDER BY jobs.id DESC",
        None,
    )
}
impl CatalogVersionJobsStmt {
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
    ) -> CatalogVersionJobsQuery<'c, 'a, 's, C, CatalogVersionJobs, 1> {
        CatalogVersionJobsQuery {
            client,
            params: [crate_version_id],
            query: self.0,
            cached: self.1.as_ref(),
            extractor: |
                row: &tokio_postgres::Row,
            | -> Result<CatalogVersionJobsBorrowed, tokio_postgres::Error> {
                Ok(CatalogVersionJobsBorrowed {
                    id: row.try_get(0)?,
                    task_id: row.try_get(1)?,
                    builder_id: row.try_get(2)?,
                    state: row.try_get(3)?,
                    stage: row.try_get(4)?,
                    created_at: row.try_get(5)?,
                    finished_at: row.try_get(6)?,
                    result: row.try_get(7)?,
                    exit_code: row.try_get(8)?,
                    reason: row.try_get(9)?,
                })
            },
            mapper: |it| CatalogVersionJobs::from(it),
        }
    }
}
pub struct CatalogVersionTasksStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn catalog_version_tasks() -> CatalogVersionTasksStmt {
    CatalogVersionTasksStmt(
        "SELECT tasks.id, targets.name AS target, tasks.kind, tasks.state, tasks.priority, tasks.attempts FROM tasks JOIN targets ON targets.id = tasks.target_id WHERE tasks.crate_version_id = $1 ORDER BY targets.name, tasks.kind",
        None,
    )
}
impl CatalogVersionTasksStmt {
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
    ) -> CatalogVersionTasksQuery<'c, 'a, 's, C, CatalogVersionTasks, 1> {
        CatalogVersionTasksQuery {
            client,
            params: [crate_version_id],
            query: self.0,
            cached: self.1.as_ref(),
            extractor: |
                row: &tokio_postgres::Row,
            | -> Result<CatalogVersionTasksBorrowed, tokio_postgres::Error> {
                Ok(CatalogVersionTasksBorrowed {
                    id: row.try_get(0)?,
                    target: row.try_get(1)?,
                    kind: row.try_get(2)?,
                    state: row.try_get(3)?,
                    priority: row.try_get(4)?,
                    attempts: row.try_get(5)?,
                })
            },
            mapper: |it| CatalogVersionTasks::from(it),
        }
    }
}
pub struct CatalogCrateBuildsStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn catalog_crate_builds() -> CatalogCrateBuildsStmt {
    CatalogCrateBuildsStmt(
        "SELECT crate_versions.version, targets.name AS target, tasks.kind, tasks.state FROM crates JOIN crate_versions ON crate_versions.crate_id = crates.id JOIN tasks ON tasks.crate_version_id = crate_versions.id JOIN targets ON targets.id = tasks.target_id WHERE lower(crates.name) COLLATE \"C\" = lower($1) ORDER BY crate_versions.id, targets.name, tasks.kind",
        None,
    )
}
impl CatalogCrateBuildsStmt {
    pub async fn prepare<'a, C: GenericClient>(
        mut self,
        client: &'a C,
    ) -> Result<Self, tokio_postgres::Error> {
        self.1 = Some(client.prepare(self.0).await?);
        Ok(self)
    }
    pub fn bind<'c, 'a, 's, C: GenericClient, T1: crate::StringSql>(
        &'s self,
        client: &'c C,
        name: &'a T1,
    ) -> CatalogCrateBuildsQuery<'c, 'a, 's, C, CatalogCrateBuilds, 1> {
        CatalogCrateBuildsQuery {
            client,
            params: [name],
            query: self.0,
            cached: self.1.as_ref(),
            extractor: |
                row: &tokio_postgres::Row,
            | -> Result<CatalogCrateBuildsBorrowed, tokio_postgres::Error> {
                Ok(CatalogCrateBuildsBorrowed {
                    version: row.try_get(0)?,
                    target: row.try_get(1)?,
                    kind: row.try_get(2)?,
                    state: row.try_get(3)?,
                })
            },
            mapper: |it| CatalogCrateBuilds::from(it),
        }
    }
}
