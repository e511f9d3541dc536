// This file was generated with `cornucopia`. Do not modify.

#[derive(Debug)]
pub struct PubkeyInsertParams<T1: crate::StringSql, T2: crate::BytesSql> {
    pub algorithm: T1,
    pub encoded: T2,
}
#[derive(Debug)]
pub struct PubkeyFingerprintInsertManyParams<T1: crate::StringSql, T2: crate::ArraySql<Item = T1>> {
    pub pubkey_id: i64,
    pub fingerprints: T2,
}
#[derive(Debug)]
pub struct BuilderInsertParams<T1: crate::StringSql> {
    pub pubkey_id: i64,
    pub comment: T1,
    pub enabled: bool,
}
#[derive(Clone, Copy, Debug)]
pub struct BuilderSetEnabledParams {
    pub enabled: bool,
    pub builder_id: i64,
}
#[derive(Debug)]
pub struct BuilderSetCommentParams<T1: crate::StringSql> {
    pub comment: T1,
    pub builder_id: i64,
}
#[derive(Debug)]
pub struct BuilderTargetSetParams<T1: crate::StringSql> {
    pub builder_id: i64,
    pub enabled: bool,
    pub target_name: T1,
}
#[derive(Debug, Clone, PartialEq)]
pub struct BuilderRow {
    pub id: i64,
    pub comment: String,
    pub enabled: bool,
    pub last_heartbeat_at: Option<chrono::DateTime<chrono::FixedOffset>>,
    pub created_at: chrono::DateTime<chrono::FixedOffset>,
    pub algorithm: String,
    pub fingerprint: Option<String>,
}
pub struct BuilderRowBorrowed<'a> {
    pub id: i64,
    pub comment: &'a str,
    pub enabled: bool,
    pub last_heartbeat_at: Option<chrono::DateTime<chrono::FixedOffset>>,
    pub created_at: chrono::DateTime<chrono::FixedOffset>,
    pub algorithm: &'a str,
    pub fingerprint: Option<&'a str>,
}
impl<'a> From<BuilderRowBorrowed<'a>> for BuilderRow {
    fn from(
        BuilderRowBorrowed {
            id,
            comment,
            enabled,
            last_heartbeat_at,
            created_at,
            algorithm,
            fingerprint,
        }: BuilderRowBorrowed<'a>,
    ) -> Self {
        Self {
            id,
            comment: comment.into(),
            enabled,
            last_heartbeat_at,
            created_at,
            algorithm: algorithm.into(),
            fingerprint: fingerprint.map(|v| v.into()),
        }
    }
}
#[derive(Debug, Clone, PartialEq)]
pub struct BuilderTargetList {
    pub name: String,
    pub builder_enabled: bool,
    pub target_enabled: bool,
}
pub struct BuilderTargetListBorrowed<'a> {
    pub name: &'a str,
    pub builder_enabled: bool,
    pub target_enabled: bool,
}
impl<'a> From<BuilderTargetListBorrowed<'a>> for BuilderTargetList {
    fn from(
        BuilderTargetListBorrowed {
            name,
            builder_enabled,
            target_enabled,
        }: BuilderTargetListBorrowed<'a>,
    ) -> Self {
        Self {
            name: name.into(),
            builder_enabled,
            target_enabled,
        }
    }
}
#[derive(Debug, Clone, PartialEq)]
pub struct BuilderKeyByFingerprint {
    pub id: i64,
    pub enabled: bool,
    pub encoded: Vec<u8>,
}
pub struct BuilderKeyByFingerprintBorrowed<'a> {
    pub id: i64,
    pub enabled: bool,
    pub encoded: &'a [u8],
}
impl<'a> From<BuilderKeyByFingerprintBorrowed<'a>> for BuilderKeyByFingerprint {
    fn from(
        BuilderKeyByFingerprintBorrowed {
            id,
            enabled,
            encoded,
        }: BuilderKeyByFingerprintBorrowed<'a>,
    ) -> Self {
        Self {
            id,
            enabled,
            encoded: encoded.into(),
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
pub struct BuilderRowQuery<'c, 'a, 's, C: GenericClient, T, const N: usize> {
    client: &'c C,
    params: [&'a (dyn postgres_types::ToSql + Sync); N],
    query: &'static str,
    cached: Option<&'s tokio_postgres::Statement>,
    extractor: fn(&tokio_postgres::Row) -> Result<BuilderRowBorrowed, tokio_postgres::Error>,
    mapper: fn(BuilderRowBorrowed) -> T,
}
impl<'c, 'a, 's, C, T: 'c, const N: usize> BuilderRowQuery<'c, 'a, 's, C, T, N>
where
    C: GenericClient,
{
    pub fn map<R>(
        self,
        mapper: fn(BuilderRowBorrowed) -> R,
    ) -> BuilderRowQuery<'c, 'a, 's, C, R, N> {
        BuilderRowQuery {
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
pub struct BuilderTargetListQuery<'c, 'a, 's, C: GenericClient, T, const N: usize> {
    client: &'c C,
    params: [&'a (dyn postgres_types::ToSql + Sync); N],
    query: &'static str,
    cached: Option<&'s tokio_postgres::Statement>,
    extractor: fn(&tokio_postgres::Row) -> Result<BuilderTargetListBorrowed, tokio_postgres::Error>,
    mapper: fn(BuilderTargetListBorrowed) -> T,
}
impl<'c, 'a, 's, C, T: 'c, const N: usize> BuilderTargetListQuery<'c, 'a, 's, C, T, N>
where
    C: GenericClient,
{
    pub fn map<R>(
        self,
        mapper: fn(BuilderTargetListBorrowed) -> R,
    ) -> BuilderTargetListQuery<'c, 'a, 's, C, R, N> {
        BuilderTargetListQuery {
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
pub struct BoolQuery<'c, 'a, 's, C: GenericClient, T, const N: usize> {
    client: &'c C,
    params: [&'a (dyn postgres_types::ToSql + Sync); N],
    query: &'static str,
    cached: Option<&'s tokio_postgres::Statement>,
    extractor: fn(&tokio_postgres::Row) -> Result<bool, tokio_postgres::Error>,
    mapper: fn(bool) -> T,
}
impl<'c, 'a, 's, C, T: 'c, const N: usize> BoolQuery<'c, 'a, 's, C, T, N>
where
    C: GenericClient,
{
    pub fn map<R>(self, mapper: fn(bool) -> R) -> BoolQuery<'c, 'a, 's, C, R, N> {
        BoolQuery {
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
pub struct BuilderKeyByFingerprintQuery<'c, 'a, 's, C: GenericClient, T, const N: usize> {
    client: &'c C,
    params: [&'a (dyn postgres_types::ToSql + Sync); N],
    query: &'static str,
    cached: Option<&'s tokio_postgres::Statement>,
    extractor:
        fn(&tokio_postgres::Row) -> Result<BuilderKeyByFingerprintBorrowed, tokio_postgres::Error>,
    mapper: fn(BuilderKeyByFingerprintBorrowed) -> T,
}
impl<'c, 'a, 's, C, T: 'c, const N: usize> BuilderKeyByFingerprintQuery<'c, 'a, 's, C, T, N>
where
    C: GenericClient,
{
    pub fn map<R>(
        self,
        mapper: fn(BuilderKeyByFingerprintBorrowed) -> R,
    ) -> BuilderKeyByFingerprintQuery<'c, 'a, 's, C, R, N> {
        BuilderKeyByFingerprintQuery {
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
pub struct PubkeyInsertStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn pubkey_insert() -> PubkeyInsertStmt {
    PubkeyInsertStmt(
        "INSERT INTO pubkeys (algorithm, encoded) VALUES ($1, $2) ON CONFLICT (encoded) DO NOTHING RETURNING id",
        None,
    )
}
impl PubkeyInsertStmt {
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
        algorithm: &'a T1,
        encoded: &'a T2,
    ) -> I64Query<'c, 'a, 's, C, i64, 2> {
        I64Query {
            client,
            params: [algorithm, encoded],
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
        PubkeyInsertParams<T1, T2>,
        I64Query<'c, 'a, 's, C, i64, 2>,
        C,
    > for PubkeyInsertStmt
{
    fn params(
        &'s self,
        client: &'c C,
        params: &'a PubkeyInsertParams<T1, T2>,
    ) -> I64Query<'c, 'a, 's, C, i64, 2> {
        self.bind(client, &params.algorithm, &params.encoded)
    }
}
pub struct PubkeyFingerprintInsertManyStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn pubkey_fingerprint_insert_many() -> PubkeyFingerprintInsertManyStmt {
    PubkeyFingerprintInsertManyStmt(
        "INSERT INTO pubkey_fingerprints (pubkey_id, fingerprint) SELECT $1::bigint, fingerprint FROM unnest($2::text[]) AS fingerprint",
        None,
    )
}
impl PubkeyFingerprintInsertManyStmt {
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
        T1: crate::StringSql,
        T2: crate::ArraySql<Item = T1>,
    >(
        &'s self,
        client: &'c C,
        pubkey_id: &'a i64,
        fingerprints: &'a T2,
    ) -> Result<u64, tokio_postgres::Error> {
        client.execute(self.0, &[pubkey_id, fingerprints]).await
    }
}
impl<'a, C: GenericClient + Send + Sync, T1: crate::StringSql, T2: crate::ArraySql<Item = T1>>
    crate::client::async_::Params<
        'a,
        'a,
        'a,
        PubkeyFingerprintInsertManyParams<T1, T2>,
        std::pin::Pin<
            Box<dyn futures::Future<Output = Result<u64, tokio_postgres::Error>> + Send + 'a>,
        >,
        C,
    > for PubkeyFingerprintInsertManyStmt
{
    fn params(
        &'a self,
        client: &'a C,
        params: &'a PubkeyFingerprintInsertManyParams<T1, T2>,
    ) -> std::pin::Pin<
        Box<dyn futures::Future<Output = Result<u64, tokio_postgres::Error>> + Send + 'a>,
    > {
        Box::pin(self.bind(client, &params.pubkey_id, &params.fingerprints))
    }
}
pub struct BuilderInsertStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn builder_insert() -> BuilderInsertStmt {
    BuilderInsertStmt(
        "INSERT INTO builders (pubkey_id, comment, enabled) VALUES ($1, $2, $3) RETURNING id",
        None,
    )
}
impl BuilderInsertStmt {
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
        pubkey_id: &'a i64,
        comment: &'a T1,
        enabled: &'a bool,
    ) -> I64Query<'c, 'a, 's, C, i64, 3> {
        I64Query {
            client,
            params: [pubkey_id, comment, enabled],
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
        BuilderInsertParams<T1>,
        I64Query<'c, 'a, 's, C, i64, 3>,
        C,
    > for BuilderInsertStmt
{
    fn params(
        &'s self,
        client: &'c C,
        params: &'a BuilderInsertParams<T1>,
    ) -> I64Query<'c, 'a, 's, C, i64, 3> {
        self.bind(client, &params.pubkey_id, &params.comment, &params.enabled)
    }
}
pub struct BuilderListStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn builder_list() -> BuilderListStmt {
    BuilderListStmt(
        "SELECT builders.id, builders.comment, builders.enabled, builders.last_heartbeat_at, builders.created_at, pubkeys.algorithm, ( SELECT fingerprint FROM pubkey_fingerprints WHERE pubkey_fingerprints.pubkey_id = pubkeys.id AND fingerprint LIKE 'SHA256:%' LIMIT 1 ) AS fingerprint FROM builders JOIN pubkeys ON pubkeys.id = builders.pubkey_id ORDER BY builders.id",
        None,
    )
}
impl BuilderListStmt {
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
    ) -> BuilderRowQuery<'c, 'a, 's, C, BuilderRow, 0> {
        BuilderRowQuery {
            client,
            params: [],
            query: self.0,
            cached: self.1.as_ref(),
            extractor:
                |row: &tokio_postgres::Row| -> Result<BuilderRowBorrowed, tokio_postgres::Error> {
                    Ok(BuilderRowBorrowed {
                        id: row.try_get(0)?,
                        comment: row.try_get(1)?,
                        enabled: row.try_get(2)?,
                        last_heartbeat_at: row.try_get(3)?,
                        created_at: row.try_get(4)?,
                        algorithm: row.try_get(5)?,
                        fingerprint: row.try_get(6)?,
                    })
                },
            mapper: |it| BuilderRow::from(it),
        }
    }
}
pub struct BuilderSetEnabledStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn builder_set_enabled() -> BuilderSetEnabledStmt {
    BuilderSetEnabledStmt(
        "UPDATE builders SET enabled = $1 WHERE id = $2 RETURNING id",
        None,
    )
}
impl BuilderSetEnabledStmt {
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
        enabled: &'a bool,
        builder_id: &'a i64,
    ) -> I64Query<'c, 'a, 's, C, i64, 2> {
        I64Query {
            client,
            params: [enabled, builder_id],
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
        BuilderSetEnabledParams,
        I64Query<'c, 'a, 's, C, i64, 2>,
        C,
    > for BuilderSetEnabledStmt
{
    fn params(
        &'s self,
        client: &'c C,
        params: &'a BuilderSetEnabledParams,
    ) -> I64Query<'c, 'a, 's, C, i64, 2> {
        self.bind(client, &params.enabled, &params.builder_id)
    }
}
pub struct BuilderSetCommentStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn builder_set_comment() -> BuilderSetCommentStmt {
    BuilderSetCommentStmt(
        "UPDATE builders SET comment = $1 WHERE id = $2 RETURNING id",
        None,
    )
}
impl BuilderSetCommentStmt {
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
        comment: &'a T1,
        builder_id: &'a i64,
    ) -> I64Query<'c, 'a, 's, C, i64, 2> {
        I64Query {
            client,
            params: [comment, builder_id],
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
        BuilderSetCommentParams<T1>,
        I64Query<'c, 'a, 's, C, i64, 2>,
        C,
    > for BuilderSetCommentStmt
{
    fn params(
        &'s self,
        client: &'c C,
        params: &'a BuilderSetCommentParams<T1>,
    ) -> I64Query<'c, 'a, 's, C, i64, 2> {
        self.bind(client, &params.comment, &params.builder_id)
    }
}
pub struct BuilderTargetSetStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn builder_target_set() -> BuilderTargetSetStmt {
    BuilderTargetSetStmt(
        "INSERT INTO builder_targets (builder_id, target_id, enabled) SELECT $1::bigint, targets.id, $2::boolean FROM targets WHERE targets.name = $3 ON CONFLICT (builder_id, target_id) DO UPDATE SET enabled = excluded.enabled RETURNING target_id",
        None,
    )
}
impl BuilderTargetSetStmt {
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
        builder_id: &'a i64,
        enabled: &'a bool,
        target_name: &'a T1,
    ) -> I64Query<'c, 'a, 's, C, i64, 3> {
        I64Query {
            client,
            params: [builder_id, enabled, target_name],
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
        BuilderTargetSetParams<T1>,
        I64Query<'c, 'a, 's, C, i64, 3>,
        C,
    > for BuilderTargetSetStmt
{
    fn params(
        &'s self,
        client: &'c C,
        params: &'a BuilderTargetSetParams<T1>,
    ) -> I64Query<'c, 'a, 's, C, i64, 3> {
        self.bind(
            client,
            &params.builder_id,
            &params.enabled,
            &params.target_name,
        )
    }
}
pub struct BuilderTargetListStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn builder_target_list() -> BuilderTargetListStmt {
    BuilderTargetListStmt(
        "SELECT targets.name, builder_targets.enabled AS builder_enabled, targets.enabled AS target_enabled FROM builder_targets JOIN targets ON targets.id = builder_targets.target_id WHERE builder_targets.builder_id = $1 ORDER BY targets.name",
        None,
    )
}
impl BuilderTargetListStmt {
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
    ) -> BuilderTargetListQuery<'c, 'a, 's, C, BuilderTargetList, 1> {
        BuilderTargetListQuery {
            client,
            params: [builder_id],
            query: self.0,
            cached: self.1.as_ref(),
            extractor: |
                row: &tokio_postgres::Row,
            | -> Result<BuilderTargetListBorrowed, tokio_postgres::Error> {
                Ok(BuilderTargetListBorrowed {
                    name: row.try_get(0)?,
                    builder_enabled: row.try_get(1)?,
                    target_enabled: row.try_get(2)?,
                })
            },
            mapper: |it| BuilderTargetList::from(it),
        }
    }
}
pub struct BuilderHeartbeatStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn builder_heartbeat() -> BuilderHeartbeatStmt {
    BuilderHeartbeatStmt(
        "UPDATE builders SET last_heartbeat_at = now() WHERE id = $1 RETURNING id",
        None,
    )
}
impl BuilderHeartbeatStmt {
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
    ) -> I64Query<'c, 'a, 's, C, i64, 1> {
        I64Query {
            client,
            params: [builder_id],
            query: self.0,
            cached: self.1.as_ref(),
            extractor: |row| Ok(row.try_get(0)?),
            mapper: |it| it,
        }
    }
}
pub struct BuilderClaimEligibilityStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn builder_claim_eligibility() -> BuilderClaimEligibilityStmt {
    BuilderClaimEligibilityStmt("SELECT enabled FROM builders WHERE id = $1", None)
}
impl BuilderClaimEligibilityStmt {
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
    ) -> BoolQuery<'c, 'a, 's, C, bool, 1> {
        BoolQuery {
            client,
            params: [builder_id],
            query: self.0,
            cached: self.1.as_ref(),
            extractor: |row| Ok(row.try_get(0)?),
            mapper: |it| it,
        }
    }
}
pub struct BuilderKeyByFingerprintStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn builder_key_by_fingerprint() -> BuilderKeyByFingerprintStmt {
    BuilderKeyByFingerprintStmt(
        "SELECT builders.id, builders.enabled, pubkeys.encoded FROM pubkey_fingerprints JOIN pubkeys ON pubkeys.id = pubkey_fingerprints.pubkey_id JOIN builders ON builders.pubkey_id = pubkeys.id WHERE pubkey_fingerprints.fingerprint = $1",
        None,
    )
}
impl BuilderKeyByFingerprintStmt {
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
        fingerprint: &'a T1,
    ) -> BuilderKeyByFingerprintQuery<'c, 'a, 's, C, BuilderKeyByFingerprint, 1> {
        BuilderKeyByFingerprintQuery {
            client,
            params: [fingerprint],
            query: self.0,
            cached: self.1.as_ref(),
            extractor: |
                row: &tokio_postgres::Row,
            | -> Result<BuilderKeyByFingerprintBorrowed, tokio_postgres::Error> {
                Ok(BuilderKeyByFingerprintBorrowed {
                    id: row.try_get(0)?,
                    enabled: row.try_get(1)?,
                    encoded: row.try_get(2)?,
                })
            },
            mapper: |it| BuilderKeyByFingerprint::from(it),
        }
    }
}
