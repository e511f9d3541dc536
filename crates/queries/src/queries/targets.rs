// This file was generated with `cornucopia`. Do not modify.

#[derive(Debug)]
pub struct TargetInsertParams<T1: crate::StringSql> {
    pub name: T1,
    pub enabled: bool,
}
#[derive(Debug)]
pub struct TargetSetEnabledParams<T1: crate::StringSql> {
    pub enabled: bool,
    pub name: T1,
}
#[derive(Debug, Clone, PartialEq)]
pub struct TargetList {
    pub id: i64,
    pub name: String,
    pub enabled: bool,
    pub created_at: chrono::DateTime<chrono::FixedOffset>,
}
pub struct TargetListBorrowed<'a> {
    pub id: i64,
    pub name: &'a str,
    pub enabled: bool,
    pub created_at: chrono::DateTime<chrono::FixedOffset>,
}
impl<'a> From<TargetListBorrowed<'a>> for TargetList {
    fn from(
        TargetListBorrowed {
            id,
            name,
            enabled,
            created_at,
        }: TargetListBorrowed<'a>,
    ) -> Self {
        Self {
            id,
            name: name.into(),
            enabled,
            created_at,
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
pub struct TargetListQuery<'c, 'a, 's, C: GenericClient, T, const N: usize> {
    client: &'c C,
    params: [&'a (dyn postgres_types::ToSql + Sync); N],
    query: &'static str,
    cached: Option<&'s tokio_postgres::Statement>,
    extractor: fn(&tokio_postgres::Row) -> Result<TargetListBorrowed, tokio_postgres::Error>,
    mapper: fn(TargetListBorrowed) -> T,
}
impl<'c, 'a, 's, C, T: 'c, const N: usize> TargetListQuery<'c, 'a, 's, C, T, N>
where
    C: GenericClient,
{
    pub fn map<R>(
        self,
        mapper: fn(TargetListBorrowed) -> R,
    ) -> TargetListQuery<'c, 'a, 's, C, R, N> {
        TargetListQuery {
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
pub struct TargetInsertStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn target_insert() -> TargetInsertStmt {
    TargetInsertStmt(
        "INSERT INTO targets (name, enabled) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING RETURNING id",
        None,
    )
}
impl TargetInsertStmt {
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
        enabled: &'a bool,
    ) -> I64Query<'c, 'a, 's, C, i64, 2> {
        I64Query {
            client,
            params: [name, enabled],
            query: self.0,
            cached: self.1.as_ref(),
            extractor: |row| Ok(row.try_get(0)?),
            mapper: |it| it,
        }
    }
}
impl<'c, 'a, 's, C: GenericClient, T1: crate::StringSql>
    crate::client::async_::Params<
        'c,
        'a,
        's,
        TargetInsertParams<T1>,
        I64Query<'c, 'a, 's, C, i64, 2>,
        C,
    > for TargetInsertStmt
{
    fn params(
        &'s self,
        client: &'c C,
        params: &'a TargetInsertParams<T1>,
    ) -> I64Query<'c, 'a, 's, C, i64, 2> {
        self.bind(client, &params.name, &params.enabled)
    }
}
pub struct TargetListStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn target_list() -> TargetListStmt {
    TargetListStmt(
        "SELECT id, name, enabled, created_at FROM targets ORDER BY name",
        None,
    )
}
impl TargetListStmt {
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
    ) -> TargetListQuery<'c, 'a, 's, C, TargetList, 0> {
        TargetListQuery {
            client,
            params: [],
            query: self.0,
            cached: self.1.as_ref(),
            extractor:
                |row: &tokio_postgres::Row| -> Result<TargetListBorrowed, tokio_postgres::Error> {
                    Ok(TargetListBorrowed {
                        id: row.try_get(0)?,
                        name: row.try_get(1)?,
                        enabled: row.try_get(2)?,
                        created_at: row.try_get(3)?,
                    })
                },
            mapper: |it| TargetList::from(it),
        }
    }
}
pub struct TargetSetEnabledStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn target_set_enabled() -> TargetSetEnabledStmt {
    TargetSetEnabledStmt(
        "UPDATE targets SET enabled = $1 WHERE name = $2 RETURNING id",
        None,
    )
}
impl TargetSetEnabledStmt {
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
        enabled: &'a bool,
        name: &'a T1,
    ) -> I64Query<'c, 'a, 's, C, i64, 2> {
        I64Query {
            client,
            params: [enabled, name],
            query: self.0,
            cached: self.1.as_ref(),
            extractor: |row| Ok(row.try_get(0)?),
            mapper: |it| it,
        }
    }
}
impl<'c, 'a, 's, C: GenericClient, T1: crate::StringSql>
    crate::client::async_::Params<
        'c,
        'a,
        's,
        TargetSetEnabledParams<T1>,
        I64Query<'c, 'a, 's, C, i64, 2>,
        C,
    > for TargetSetEnabledStmt
{
    fn params(
        &'s self,
        client: &'c C,
        params: &'a TargetSetEnabledParams<T1>,
    ) -> I64Query<'c, 'a, 's, C, i64, 2> {
        self.bind(client, &params.enabled, &params.name)
    }
}
