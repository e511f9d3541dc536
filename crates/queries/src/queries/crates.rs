// This file was generated with `cornucopia`. Do not modify.

#[derive(Debug)]
pub struct CrateVersionInsertParams<T1: crate::StringSql, T2: crate::BytesSql> {
    pub crate_id: i64,
    pub version: T1,
    pub checksum: T2,
    pub yanked: bool,
}
#[derive(Debug, Clone, PartialEq)]
pub struct CrateVersionsViewList {
    pub name: String,
    pub version: String,
    pub checksum: String,
    pub yanked: bool,
    pub semver_lenient: bool,
}
pub struct CrateVersionsViewListBorrowed<'a> {
    pub name: &'a str,
    pub version: &'a str,
    pub checksum: &'a str,
    pub yanked: bool,
    pub semver_lenient: bool,
}
impl<'a> From<CrateVersionsViewListBorrowed<'a>> for CrateVersionsViewList {
    fn from(
        CrateVersionsViewListBorrowed {
            name,
            version,
            checksum,
            yanked,
            semver_lenient,
        }: CrateVersionsViewListBorrowed<'a>,
    ) -> Self {
        Self {
            name: name.into(),
            version: version.into(),
            checksum: checksum.into(),
            yanked,
            semver_lenient,
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
pub struct CrateVersionsViewListQuery<'c, 'a, 's, C: GenericClient, T, const N: usize> {
    client: &'c C,
    params: [&'a (dyn postgres_types::ToSql + Sync); N],
    query: &'static str,
    cached: Option<&'s tokio_postgres::Statement>,
    extractor:
        fn(&tokio_postgres::Row) -> Result<CrateVersionsViewListBorrowed, tokio_postgres::Error>,
    mapper: fn(CrateVersionsViewListBorrowed) -> T,
}
impl<'c, 'a, 's, C, T: 'c, const N: usize> CrateVersionsViewListQuery<'c, 'a, 's, C, T, N>
where
    C: GenericClient,
{
    pub fn map<R>(
        self,
        mapper: fn(CrateVersionsViewListBorrowed) -> R,
    ) -> CrateVersionsViewListQuery<'c, 'a, 's, C, R, N> {
        CrateVersionsViewListQuery {
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
pub struct CrateInsertStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn crate_insert() -> CrateInsertStmt {
    CrateInsertStmt(
        "INSERT INTO crates (name) VALUES ($1) ON CONFLICT (name) DO UPDATE SET removed_at = NULL RETURNING id",
        None,
    )
}
impl CrateInsertStmt {
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
    ) -> I64Query<'c, 'a, 's, C, i64, 1> {
        I64Query {
            client,
            params: [name],
            query: self.0,
            cached: self.1.as_ref(),
            extractor: |row| Ok(row.try_get(0)?),
            mapper: |it| it,
        }
    }
}
pub struct CrateVersionInsertStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn crate_version_insert() -> CrateVersionInsertStmt {
    CrateVersionInsertStmt(
        "INSERT INTO crate_versions (crate_id, version, checksum, yanked) VALUES ($1, $2, $3, $4) RETURNING id",
        None,
    )
}
impl CrateVersionInsertStmt {
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
        crate_id: &'a i64,
        version: &'a T1,
        checksum: &'a T2,
        yanked: &'a bool,
    ) -> I64Query<'c, 'a, 's, C, i64, 4> {
        I64Query {
            client,
            params: [crate_id, version, checksum, yanked],
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
        CrateVersionInsertParams<T1, T2>,
        I64Query<'c, 'a, 's, C, i64, 4>,
        C,
    > for CrateVersionInsertStmt
{
    fn params(
        &'s self,
        client: &'c C,
        params: &'a CrateVersionInsertParams<T1, T2>,
    ) -> I64Query<'c, 'a, 's, C, i64, 4> {
        self.bind(
            client,
            &params.crate_id,
            &params.version,
            &params.checksum,
            &params.yanked,
        )
    }
}
pub struct CrateVersionsViewListStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn crate_versions_view_list() -> CrateVersionsViewListStmt {
    CrateVersionsViewListStmt(
        "SELECT name, version, checksum, yanked, semver_lenient FROM crate_versions_view ORDER BY name, version",
        None,
    )
}
impl CrateVersionsViewListStmt {
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
    ) -> CrateVersionsViewListQuery<'c, 'a, 's, C, CrateVersionsViewList, 0> {
        CrateVersionsViewListQuery {
            client,
            params: [],
            query: self.0,
            cached: self.1.as_ref(),
            extractor: |
                row: &tokio_postgres::Row,
            | -> Result<CrateVersionsViewListBorrowed, tokio_postgres::Error> {
                Ok(CrateVersionsViewListBorrowed {
                    name: row.try_get(0)?,
                    version: row.try_get(1)?,
                    checksum: row.try_get(2)?,
                    yanked: row.try_get(3)?,
                    semver_lenient: row.try_get(4)?,
                })
            },
            mapper: |it| CrateVersionsViewList::from(it),
        }
    }
}
