// This file was generated with `cornucopia`. Do not modify.

#[derive(Debug)]
pub struct CrateSetLatestManyParams<
    T1: crate::ArraySql<Item = i64>,
    T2: crate::ArraySql<Item = Option<i64>>,
> {
    pub ids: T1,
    pub latest_version_ids: T2,
}
#[derive(Debug)]
pub struct CrateVersionSetStateManyParams<
    T1: crate::ArraySql<Item = i64>,
    T2: crate::ArraySql<Item = bool>,
> {
    pub ids: T1,
    pub yanked: T2,
}
#[derive(Debug)]
pub struct SourceUpsertParams<T1: crate::StringSql> {
    pub kind: crate::types::RegistrySourceKind,
    pub location: T1,
}
#[derive(Debug)]
pub struct SourceFindParams<T1: crate::StringSql> {
    pub kind: crate::types::RegistrySourceKind,
    pub location: T1,
}
#[derive(Debug)]
pub struct SourceSetRevisionParams<T1: crate::StringSql> {
    pub revision: T1,
    pub source_id: i64,
}
#[derive(Debug)]
pub struct PassStartParams<T1: crate::StringSql, T2: crate::StringSql> {
    pub source_id: i64,
    pub kind: crate::types::RegistryPassKind,
    pub from_revision: Option<T1>,
    pub revision: Option<T2>,
}
#[derive(Debug)]
pub struct PassInsertFinishedParams<T1: crate::StringSql, T2: crate::StringSql> {
    pub source_id: i64,
    pub kind: crate::types::RegistryPassKind,
    pub from_revision: Option<T1>,
    pub revision: Option<T2>,
}
#[derive(Debug)]
pub struct PassFinishParams<T1: crate::StringSql> {
    pub crate_files: i64,
    pub crates_added: i64,
    pub crates_updated: i64,
    pub crates_removed: i64,
    pub crates_restored: i64,
    pub versions_added: i64,
    pub versions_yanked: i64,
    pub versions_unyanked: i64,
    pub versions_removed: i64,
    pub versions_restored: i64,
    pub entries_rejected: i64,
    pub entries_duplicated: i64,
    pub error: Option<T1>,
    pub pass_id: i64,
}
#[derive(Debug)]
pub struct RejectionInsertManyParams<
    T1: crate::StringSql,
    T2: crate::ArraySql<Item = T1>,
    T3: crate::ArraySql<Item = i32>,
    T4: crate::StringSql,
    T5: crate::ArraySql<Item = Option<T4>>,
    T6: crate::StringSql,
    T7: crate::ArraySql<Item = T6>,
> {
    pub pass_id: i64,
    pub crate_files: T2,
    pub line_numbers: T3,
    pub versions: T5,
    pub reasons: T7,
}
#[derive(Debug)]
pub struct SparseCacheUpsertManyParams<
    T1: crate::StringSql,
    T2: crate::ArraySql<Item = T1>,
    T3: crate::StringSql,
    T4: crate::ArraySql<Item = Option<T3>>,
    T5: crate::StringSql,
    T6: crate::ArraySql<Item = Option<T5>>,
> {
    pub crate_files: T2,
    pub etags: T4,
    pub last_modifieds: T6,
}
#[derive(Debug, Clone, PartialEq)]
pub struct CrateListByFileMany {
    pub id: i64,
    pub name: String,
    pub file: String,
    pub removed_at: Option<chrono::DateTime<chrono::FixedOffset>>,
    pub latest_version_id: Option<i64>,
}
pub struct CrateListByFileManyBorrowed<'a> {
    pub id: i64,
    pub name: &'a str,
    pub file: &'a str,
    pub removed_at: Option<chrono::DateTime<chrono::FixedOffset>>,
    pub latest_version_id: Option<i64>,
}
impl<'a> From<CrateListByFileManyBorrowed<'a>> for CrateListByFileMany {
    fn from(
        CrateListByFileManyBorrowed {
            id,
            name,
            file,
            removed_at,
            latest_version_id,
        }: CrateListByFileManyBorrowed<'a>,
    ) -> Self {
        Self {
            id,
            name: name.into(),
            file: file.into(),
            removed_at,
            latest_version_id,
        }
    }
}
#[derive(Debug, Clone, PartialEq)]
pub struct CrateVersionListByCrateMany {
    pub id: i64,
    pub crate_id: i64,
    pub version: String,
    pub checksum: Vec<u8>,
    pub yanked: bool,
    pub removed_at: Option<chrono::DateTime<chrono::FixedOffset>>,
}
pub struct CrateVersionListByCrateManyBorrowed<'a> {
    pub id: i64,
    pub crate_id: i64,
    pub version: &'a str,
    pub checksum: &'a [u8],
    pub yanked: bool,
    pub removed_at: Option<chrono::DateTime<chrono::FixedOffset>>,
}
impl<'a> From<CrateVersionListByCrateManyBorrowed<'a>> for CrateVersionListByCrateMany {
    fn from(
        CrateVersionListByCrateManyBorrowed {
            id,
            crate_id,
            version,
            checksum,
            yanked,
            removed_at,
        }: CrateVersionListByCrateManyBorrowed<'a>,
    ) -> Self {
        Self {
            id,
            crate_id,
            version: version.into(),
            checksum: checksum.into(),
            yanked,
            removed_at,
        }
    }
}
#[derive(Debug, Clone, PartialEq)]
pub struct SourceFind {
    pub id: i64,
    pub revision: Option<String>,
}
pub struct SourceFindBorrowed<'a> {
    pub id: i64,
    pub revision: Option<&'a str>,
}
impl<'a> From<SourceFindBorrowed<'a>> for SourceFind {
    fn from(SourceFindBorrowed { id, revision }: SourceFindBorrowed<'a>) -> Self {
        Self {
            id,
            revision: revision.map(|v| v.into()),
        }
    }
}
#[derive(Debug, Clone, PartialEq)]
pub struct PassRow {
    pub id: i64,
    pub source_kind: crate::types::RegistrySourceKind,
    pub source_location: String,
    pub source_revision: Option<String>,
    pub kind: crate::types::RegistryPassKind,
    pub from_revision: Option<String>,
    pub revision: Option<String>,
    pub started_at: chrono::DateTime<chrono::FixedOffset>,
    pub finished_at: Option<chrono::DateTime<chrono::FixedOffset>>,
    pub crate_files: i64,
    pub crates_added: i64,
    pub crates_updated: i64,
    pub crates_removed: i64,
    pub crates_restored: i64,
    pub versions_added: i64,
    pub versions_yanked: i64,
    pub versions_unyanked: i64,
    pub versions_removed: i64,
    pub versions_restored: i64,
    pub entries_rejected: i64,
    pub entries_duplicated: i64,
    pub error: Option<String>,
}
pub struct PassRowBorrowed<'a> {
    pub id: i64,
    pub source_kind: crate::types::RegistrySourceKind,
    pub source_location: &'a str,
    pub source_revision: Option<&'a str>,
    pub kind: crate::types::RegistryPassKind,
    pub from_revision: Option<&'a str>,
    pub revision: Option<&'a str>,
    pub started_at: chrono::DateTime<chrono::FixedOffset>,
    pub finished_at: Option<chrono::DateTime<chrono::FixedOffset>>,
    pub crate_files: i64,
    pub crates_added: i64,
    pub crates_updated: i64,
    pub crates_removed: i64,
    pub crates_restored: i64,
    pub versions_added: i64,
    pub versions_yanked: i64,
    pub versions_unyanked: i64,
    pub versions_removed: i64,
    pub versions_restored: i64,
    pub entries_rejected: i64,
    pub entries_duplicated: i64,
    pub error: Option<&'a str>,
}
impl<'a> From<PassRowBorrowed<'a>> for PassRow {
    fn from(
        PassRowBorrowed {
            id,
            source_kind,
            source_location,
            source_revision,
            kind,
            from_revision,
            revision,
            started_at,
            finished_at,
            crate_files,
            crates_added,
            crates_updated,
            crates_removed,
            crates_restored,
            versions_added,
            versions_yanked,
            versions_unyanked,
            versions_removed,
            versions_restored,
            entries_rejected,
            entries_duplicated,
            error,
        }: PassRowBorrowed<'a>,
    ) -> Self {
        Self {
            id,
            source_kind,
            source_location: source_location.into(),
            source_revision: source_revision.map(|v| v.into()),
            kind,
            from_revision: from_revision.map(|v| v.into()),
            revision: revision.map(|v| v.into()),
            started_at,
            finished_at,
            crate_files,
            crates_added,
            crates_updated,
            crates_removed,
            crates_restored,
            versions_added,
            versions_yanked,
            versions_unyanked,
            versions_removed,
            versions_restored,
            entries_rejected,
            entries_duplicated,
            error: error.map(|v| v.into()),
        }
    }
}
#[derive(Debug, Clone, PartialEq)]
pub struct RejectionListByPass {
    pub crate_file: String,
    pub line_number: i32,
    pub version: Option<String>,
    pub reason: String,
}
pub struct RejectionListByPassBorrowed<'a> {
    pub crate_file: &'a str,
    pub line_number: i32,
    pub version: Option<&'a str>,
    pub reason: &'a str,
}
impl<'a> From<RejectionListByPassBorrowed<'a>> for RejectionListByPass {
    fn from(
        RejectionListByPassBorrowed {
            crate_file,
            line_number,
            version,
            reason,
        }: RejectionListByPassBorrowed<'a>,
    ) -> Self {
        Self {
            crate_file: crate_file.into(),
            line_number,
            version: version.map(|v| v.into()),
            reason: reason.into(),
        }
    }
}
#[derive(Debug, Clone, PartialEq)]
pub struct SparseCacheListMany {
    pub crate_file: String,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}
pub struct SparseCacheListManyBorrowed<'a> {
    pub crate_file: &'a str,
    pub etag: Option<&'a str>,
    pub last_modified: Option<&'a str>,
}
impl<'a> From<SparseCacheListManyBorrowed<'a>> for SparseCacheListMany {
    fn from(
        SparseCacheListManyBorrowed {
            crate_file,
            etag,
            last_modified,
        }: SparseCacheListManyBorrowed<'a>,
    ) -> Self {
        Self {
            crate_file: crate_file.into(),
            etag: etag.map(|v| v.into()),
            last_modified: last_modified.map(|v| v.into()),
        }
    }
}
#[derive(Debug, Clone, PartialEq, Copy)]
pub struct PassHealth {
    pub last_pass_id: Option<i64>,
    pub last_succeeded: Option<bool>,
    pub last_duration_seconds: Option<f64>,
    pub last_finished_at_seconds: Option<f64>,
    pub last_entries_rejected: Option<i64>,
    pub last_success_at_seconds: Option<f64>,
    pub seconds_since_success: Option<f64>,
}
use crate::client::async_::GenericClient;
use futures::{self, StreamExt, TryStreamExt};
pub struct StringQuery<'c, 'a, 's, C: GenericClient, T, const N: usize> {
    client: &'c C,
    params: [&'a (dyn postgres_types::ToSql + Sync); N],
    query: &'static str,
    cached: Option<&'s tokio_postgres::Statement>,
    extractor: fn(&tokio_postgres::Row) -> Result<&str, tokio_postgres::Error>,
    mapper: fn(&str) -> T,
}
impl<'c, 'a, 's, C, T: 'c, const N: usize> StringQuery<'c, 'a, 's, C, T, N>
where
    C: GenericClient,
{
    pub fn map<R>(self, mapper: fn(&str) -> R) -> StringQuery<'c, 'a, 's, C, R, N> {
        StringQuery {
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
pub struct CrateListByFileManyQuery<'c, 'a, 's, C: GenericClient, T, const N: usize> {
    client: &'c C,
    params: [&'a (dyn postgres_types::ToSql + Sync); N],
    query: &'static str,
    cached: Option<&'s tokio_postgres::Statement>,
    extractor:
        fn(&tokio_postgres::Row) -> Result<CrateListByFileManyBorrowed, tokio_postgres::Error>,
    mapper: fn(CrateListByFileManyBorrowed) -> T,
}
impl<'c, 'a, 's, C, T: 'c, const N: usize> CrateListByFileManyQuery<'c, 'a, 's, C, T, N>
where
    C: GenericClient,
{
    pub fn map<R>(
        self,
        mapper: fn(CrateListByFileManyBorrowed) -> R,
    ) -> CrateListByFileManyQuery<'c, 'a, 's, C, R, N> {
        CrateListByFileManyQuery {
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
pub struct CrateVersionListByCrateManyQuery<'c, 'a, 's, C: GenericClient, T, const N: usize> {
    client: &'c C,
    params: [&'a (dyn postgres_types::ToSql + Sync); N],
    query: &'static str,
    cached: Option<&'s tokio_postgres::Statement>,
    extractor: fn(
        &tokio_postgres::Row,
    ) -> Result<CrateVersionListByCrateManyBorrowed, tokio_postgres::Error>,
    mapper: fn(CrateVersionListByCrateManyBorrowed) -> T,
}
impl<'c, 'a, 's, C, T: 'c, const N: usize> CrateVersionListByCrateManyQuery<'c, 'a, 's, C, T, N>
where
    C: GenericClient,
{
    pub fn map<R>(
        self,
        mapper: fn(CrateVersionListByCrateManyBorrowed) -> R,
    ) -> CrateVersionListByCrateManyQuery<'c, 'a, 's, C, R, N> {
        CrateVersionListByCrateManyQuery {
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
pub struct SourceFindQuery<'c, 'a, 's, C: GenericClient, T, const N: usize> {
    client: &'c C,
    params: [&'a (dyn postgres_types::ToSql + Sync); N],
    query: &'static str,
    cached: Option<&'s tokio_postgres::Statement>,
    extractor: fn(&tokio_postgres::Row) -> Result<SourceFindBorrowed, tokio_postgres::Error>,
    mapper: fn(SourceFindBorrowed) -> T,
}
impl<'c, 'a, 's, C, T: 'c, const N: usize> SourceFindQuery<'c, 'a, 's, C, T, N>
where
    C: GenericClient,
{
    pub fn map<R>(
        self,
        mapper: fn(SourceFindBorrowed) -> R,
    ) -> SourceFindQuery<'c, 'a, 's, C, R, N> {
        SourceFindQuery {
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
pub struct PassRowQuery<'c, 'a, 's, C: GenericClient, T, const N: usize> {
    client: &'c C,
    params: [&'a (dyn postgres_types::ToSql + Sync); N],
    query: &'static str,
    cached: Option<&'s tokio_postgres::Statement>,
    extractor: fn(&tokio_postgres::Row) -> Result<PassRowBorrowed, tokio_postgres::Error>,
    mapper: fn(PassRowBorrowed) -> T,
}
impl<'c, 'a, 's, C, T: 'c, const N: usize> PassRowQuery<'c, 'a, 's, C, T, N>
where
    C: GenericClient,
{
    pub fn map<R>(self, mapper: fn(PassRowBorrowed) -> R) -> PassRowQuery<'c, 'a, 's, C, R, N> {
        PassRowQuery {
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
pub struct RejectionListByPassQuery<'c, 'a, 's, C: GenericClient, T, const N: usize> {
    client: &'c C,
    params: [&'a (dyn postgres_types::ToSql + Sync); N],
    query: &'static str,
    cached: Option<&'s tokio_postgres::Statement>,
    extractor:
        fn(&tokio_postgres::Row) -> Result<RejectionListByPassBorrowed, tokio_postgres::Error>,
    mapper: fn(RejectionListByPassBorrowed) -> T,
}
impl<'c, 'a, 's, C, T: 'c, const N: usize> RejectionListByPassQuery<'c, 'a, 's, C, T, N>
where
    C: GenericClient,
{
    pub fn map<R>(
        self,
        mapper: fn(RejectionListByPassBorrowed) -> R,
    ) -> RejectionListByPassQuery<'c, 'a, 's, C, R, N> {
        RejectionListByPassQuery {
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
pub struct SparseCacheListManyQuery<'c, 'a, 's, C: GenericClient, T, const N: usize> {
    client: &'c C,
    params: [&'a (dyn postgres_types::ToSql + Sync); N],
    query: &'static str,
    cached: Option<&'s tokio_postgres::Statement>,
    extractor:
        fn(&tokio_postgres::Row) -> Result<SparseCacheListManyBorrowed, tokio_postgres::Error>,
    mapper: fn(SparseCacheListManyBorrowed) -> T,
}
impl<'c, 'a, 's, C, T: 'c, const N: usize> SparseCacheListManyQuery<'c, 'a, 's, C, T, N>
where
    C: GenericClient,
{
    pub fn map<R>(
        self,
        mapper: fn(SparseCacheListManyBorrowed) -> R,
    ) -> SparseCacheListManyQuery<'c, 'a, 's, C, R, N> {
        SparseCacheListManyQuery {
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
pub struct PassHealthQuery<'c, 'a, 's, C: GenericClient, T, const N: usize> {
    client: &'c C,
    params: [&'a (dyn postgres_types::ToSql + Sync); N],
    query: &'static str,
    cached: Option<&'s tokio_postgres::Statement>,
    extractor: fn(&tokio_postgres::Row) -> Result<PassHealth, tokio_postgres::Error>,
    mapper: fn(PassHealth) -> T,
}
impl<'c, 'a, 's, C, T: 'c, const N: usize> PassHealthQuery<'c, 'a, 's, C, T, N>
where
    C: GenericClient,
{
    pub fn map<R>(self, mapper: fn(PassHealth) -> R) -> PassHealthQuery<'c, 'a, 's, C, R, N> {
        PassHealthQuery {
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
pub struct SessionAsyncCommitStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn session_async_commit() -> SessionAsyncCommitStmt {
    SessionAsyncCommitStmt(
        "SELECT set_config('synchronous_commit', 'off', true) AS setting",
        None,
    )
}
impl SessionAsyncCommitStmt {
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
    ) -> StringQuery<'c, 'a, 's, C, String, 0> {
        StringQuery {
            client,
            params: [],
            query: self.0,
            cached: self.1.as_ref(),
            extractor: |row| Ok(row.try_get(0)?),
            mapper: |it| it.into(),
        }
    }
}
pub struct CrateListByFileManyStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn crate_list_by_file_many() -> CrateListByFileManyStmt {
    CrateListByFileManyStmt(
        "SELECT id, name, lower(name) AS file, removed_at, latest_version_id FROM crates WHERE lower(name) COLLATE \"C\" = ANY($1::text[])",
        None,
    )
}
impl CrateListByFileManyStmt {
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
        files: &'a T2,
    ) -> CrateListByFileManyQuery<'c, 'a, 's, C, CrateListByFileMany, 1> {
        CrateListByFileManyQuery {
            client,
            params: [files],
            query: self.0,
            cached: self.1.as_ref(),
            extractor: |
                row: &tokio_postgres::Row,
            | -> Result<CrateListByFileManyBorrowed, tokio_postgres::Error> {
                Ok(CrateListByFileManyBorrowed {
                    id: row.try_get(0)?,
                    name: row.try_get(1)?,
                    file: row.try_get(2)?,
                    removed_at: row.try_get(3)?,
                    latest_version_id: row.try_get(4)?,
                })
            },
            mapper: |it| CrateListByFileMany::from(it),
        }
    }
}
pub struct CrateFileListCurrentStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn crate_file_list_current() -> CrateFileListCurrentStmt {
    CrateFileListCurrentStmt(
        "SELECT lower(name) AS file FROM crates WHERE removed_at IS NULL",
        None,
    )
}
impl CrateFileListCurrentStmt {
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
    ) -> StringQuery<'c, 'a, 's, C, String, 0> {
        StringQuery {
            client,
            params: [],
            query: self.0,
            cached: self.1.as_ref(),
            extractor: |row| Ok(row.try_get(0)?),
            mapper: |it| it.into(),
        }
    }
}
pub struct CrateVersionListByCrateManyStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn crate_version_list_by_crate_many() -> CrateVersionListByCrateManyStmt {
    CrateVersionListByCrateManyStmt(
        "SELECT id, crate_id, version, checksum, yanked, removed_at FROM crate_versions WHERE crate_id = ANY($1::bigint[])",
        None,
    )
}
impl CrateVersionListByCrateManyStmt {
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
        crate_ids: &'a T1,
    ) -> CrateVersionListByCrateManyQuery<'c, 'a, 's, C, CrateVersionListByCrateMany, 1> {
        CrateVersionListByCrateManyQuery {
            client,
            params: [crate_ids],
            query: self.0,
            cached: self.1.as_ref(),
            extractor: |
                row: &tokio_postgres::Row,
            | -> Result<CrateVersionListByCrateManyBorrowed, tokio_postgres::Error> {
                Ok(CrateVersionListByCrateManyBorrowed {
                    id: row.try_get(0)?,
                    crate_id: row.try_get(1)?,
                    version: row.try_get(2)?,
                    checksum: row.try_get(3)?,
                    yanked: row.try_get(4)?,
                    removed_at: row.try_get(5)?,
                })
            },
            mapper: |it| CrateVersionListByCrateMany::from(it),
        }
    }
}
pub struct CrateSetRemovedManyStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn crate_set_removed_many() -> CrateSetRemovedManyStmt {
    CrateSetRemovedManyStmt(
        "UPDATE crates SET removed_at = now(), latest_version_id = NULL, updated_at = now() WHERE id = ANY($1::bigint[]) AND removed_at IS NULL RETURNING id",
        None,
    )
}
impl CrateSetRemovedManyStmt {
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
        ids: &'a T1,
    ) -> I64Query<'c, 'a, 's, C, i64, 1> {
        I64Query {
            client,
            params: [ids],
            query: self.0,
            cached: self.1.as_ref(),
            extractor: |row| Ok(row.try_get(0)?),
            mapper: |it| it,
        }
    }
}
pub struct CrateSetRestoredManyStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn crate_set_restored_many() -> CrateSetRestoredManyStmt {
    CrateSetRestoredManyStmt(
        "UPDATE crates SET removed_at = NULL, updated_at = now() WHERE id = ANY($1::bigint[]) AND removed_at IS NOT NULL RETURNING id",
        None,
    )
}
impl CrateSetRestoredManyStmt {
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
        ids: &'a T1,
    ) -> I64Query<'c, 'a, 's, C, i64, 1> {
        I64Query {
            client,
            params: [ids],
            query: self.0,
            cached: self.1.as_ref(),
            extractor: |row| Ok(row.try_get(0)?),
            mapper: |it| it,
        }
    }
}
pub struct CrateSetLatestManyStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn crate_set_latest_many() -> CrateSetLatestManyStmt {
    CrateSetLatestManyStmt(
        "UPDATE crates SET latest_version_id = input.latest_version_id, updated_at = now() FROM unnest($1::bigint[], $2::bigint[]) AS input (id, latest_version_id) WHERE crates.id = input.id AND crates.latest_version_id IS DISTINCT FROM input.latest_version_id RETURNING crates.id",
        None,
    )
}
impl CrateSetLatestManyStmt {
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
        T2: crate::ArraySql<Item = Option<i64>>,
    >(
        &'s self,
        client: &'c C,
        ids: &'a T1,
        latest_version_ids: &'a T2,
    ) -> I64Query<'c, 'a, 's, C, i64, 2> {
        I64Query {
            client,
            params: [ids, latest_version_ids],
            query: self.0,
            cached: self.1.as_ref(),
            extractor: |row| Ok(row.try_get(0)?),
            mapper: |it| it,
        }
    }
}
impl<
    'c,
    'a,
    's,
    C: GenericClient,
    T1: crate::ArraySql<Item = i64>,
    T2: crate::ArraySql<Item = Option<i64>>,
>
    crate::client::async_::Params<
        'c,
        'a,
        's,
        CrateSetLatestManyParams<T1, T2>,
        I64Query<'c, 'a, 's, C, i64, 2>,
        C,
    > for CrateSetLatestManyStmt
{
    fn params(
        &'s self,
        client: &'c C,
        params: &'a CrateSetLatestManyParams<T1, T2>,
    ) -> I64Query<'c, 'a, 's, C, i64, 2> {
        self.bind(client, &params.ids, &params.latest_version_ids)
    }
}
pub struct MirrorLockWritesStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn mirror_lock_writes() -> MirrorLockWritesStmt {
    MirrorLockWritesStmt(
        "LOCK TABLE crates, crate_versions IN SHARE ROW EXCLUSIVE MODE",
        None,
    )
}
impl MirrorLockWritesStmt {
    pub async fn prepare<'a, C: GenericClient>(
        mut self,
        client: &'a C,
    ) -> Result<Self, tokio_postgres::Error> {
        self.1 = Some(client.prepare(self.0).await?);
        Ok(self)
    }
    pub async fn bind<'c, 'a, 's, C: GenericClient>(
        &'s self,
        client: &'c C,
    ) -> Result<u64, tokio_postgres::Error> {
        client.execute(self.0, &[]).await
    }
}
pub struct CrateReserveIdsStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn crate_reserve_ids() -> CrateReserveIdsStmt {
    CrateReserveIdsStmt(
        "SELECT setval( pg_get_serial_sequence('crates', 'id'), nextval(pg_get_serial_sequence('crates', 'id')) + $1::bigint - 1 ) - $1::bigint + 1 AS first_id",
        None,
    )
}
impl CrateReserveIdsStmt {
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
        count: &'a i64,
    ) -> I64Query<'c, 'a, 's, C, i64, 1> {
        I64Query {
            client,
            params: [count],
            query: self.0,
            cached: self.1.as_ref(),
            extractor: |row| Ok(row.try_get(0)?),
            mapper: |it| it,
        }
    }
}
pub struct CrateVersionReserveIdsStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn crate_version_reserve_ids() -> CrateVersionReserveIdsStmt {
    CrateVersionReserveIdsStmt(
        "SELECT setval( pg_get_serial_sequence('crate_versions', 'id'), nextval(pg_get_serial_sequence('crate_versions', 'id')) + $1::bigint - 1 ) - $1::bigint + 1 AS first_id",
        None,
    )
}
impl CrateVersionReserveIdsStmt {
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
        count: &'a i64,
    ) -> I64Query<'c, 'a, 's, C, i64, 1> {
        I64Query {
            client,
            params: [count],
            query: self.0,
            cached: self.1.as_ref(),
            extractor: |row| Ok(row.try_get(0)?),
            mapper: |it| it,
        }
    }
}
pub struct CratesDeferLatestCheckStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn crates_defer_latest_check() -> CratesDeferLatestCheckStmt {
    CratesDeferLatestCheckStmt(
        "SET CONSTRAINTS crates_latest_version_id_fkey DEFERRED",
        None,
    )
}
impl CratesDeferLatestCheckStmt {
    pub async fn prepare<'a, C: GenericClient>(
        mut self,
        client: &'a C,
    ) -> Result<Self, tokio_postgres::Error> {
        self.1 = Some(client.prepare(self.0).await?);
        Ok(self)
    }
    pub async fn bind<'c, 'a, 's, C: GenericClient>(
        &'s self,
        client: &'c C,
    ) -> Result<u64, tokio_postgres::Error> {
        client.execute(self.0, &[]).await
    }
}
pub struct CrateVersionSetStateManyStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn crate_version_set_state_many() -> CrateVersionSetStateManyStmt {
    CrateVersionSetStateManyStmt(
        "UPDATE crate_versions SET yanked = input.yanked, removed_at = NULL, updated_at = now() FROM unnest($1::bigint[], $2::boolean[]) AS input (id, yanked) WHERE crate_versions.id = input.id AND (crate_versions.yanked IS DISTINCT FROM input.yanked OR crate_versions.removed_at IS NOT NULL) RETURNING crate_versions.id",
        None,
    )
}
impl CrateVersionSetStateManyStmt {
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
        T2: crate::ArraySql<Item = bool>,
    >(
        &'s self,
        client: &'c C,
        ids: &'a T1,
        yanked: &'a T2,
    ) -> I64Query<'c, 'a, 's, C, i64, 2> {
        I64Query {
            client,
            params: [ids, yanked],
            query: self.0,
            cached: self.1.as_ref(),
            extractor: |row| Ok(row.try_get(0)?),
            mapper: |it| it,
        }
    }
}
impl<
    'c,
    'a,
    's,
    C: GenericClient,
    T1: crate::ArraySql<Item = i64>,
    T2: crate::ArraySql<Item = bool>,
>
    crate::client::async_::Params<
        'c,
        'a,
        's,
        CrateVersionSetStateManyParams<T1, T2>,
        I64Query<'c, 'a, 's, C, i64, 2>,
        C,
    > for CrateVersionSetStateManyStmt
{
    fn params(
        &'s self,
        client: &'c C,
        params: &'a CrateVersionSetStateManyParams<T1, T2>,
    ) -> I64Query<'c, 'a, 's, C, i64, 2> {
        self.bind(client, &params.ids, &params.yanked)
    }
}
pub struct CrateVersionSetRemovedManyStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn crate_version_set_removed_many() -> CrateVersionSetRemovedManyStmt {
    CrateVersionSetRemovedManyStmt(
        "UPDATE crate_versions SET removed_at = now(), updated_at = now() WHERE id = ANY($1::bigint[]) AND removed_at IS NULL RETURNING id",
        None,
    )
}
impl CrateVersionSetRemovedManyStmt {
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
        ids: &'a T1,
    ) -> I64Query<'c, 'a, 's, C, i64, 1> {
        I64Query {
            client,
            params: [ids],
            query: self.0,
            cached: self.1.as_ref(),
            extractor: |row| Ok(row.try_get(0)?),
            mapper: |it| it,
        }
    }
}
pub struct SourceUpsertStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn source_upsert() -> SourceUpsertStmt {
    SourceUpsertStmt(
        "INSERT INTO registry_sources (kind, location) VALUES ($1, $2) ON CONFLICT (kind, location) DO UPDATE SET kind = excluded.kind RETURNING id",
        None,
    )
}
impl SourceUpsertStmt {
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
        kind: &'a crate::types::RegistrySourceKind,
        location: &'a T1,
    ) -> I64Query<'c, 'a, 's, C, i64, 2> {
        I64Query {
            client,
            params: [kind, location],
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
        SourceUpsertParams<T1>,
        I64Query<'c, 'a, 's, C, i64, 2>,
        C,
    > for SourceUpsertStmt
{
    fn params(
        &'s self,
        client: &'c C,
        params: &'a SourceUpsertParams<T1>,
    ) -> I64Query<'c, 'a, 's, C, i64, 2> {
        self.bind(client, &params.kind, &params.location)
    }
}
pub struct SourceFindStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn source_find() -> SourceFindStmt {
    SourceFindStmt(
        "SELECT id, revision FROM registry_sources WHERE kind = $1 AND location = $2",
        None,
    )
}
impl SourceFindStmt {
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
        kind: &'a crate::types::RegistrySourceKind,
        location: &'a T1,
    ) -> SourceFindQuery<'c, 'a, 's, C, SourceFind, 2> {
        SourceFindQuery {
            client,
            params: [kind, location],
            query: self.0,
            cached: self.1.as_ref(),
            extractor:
                |row: &tokio_postgres::Row| -> Result<SourceFindBorrowed, tokio_postgres::Error> {
                    Ok(SourceFindBorrowed {
                        id: row.try_get(0)?,
                        revision: row.try_get(1)?,
                    })
                },
            mapper: |it| SourceFind::from(it),
        }
    }
}
impl<'c, 'a, 's, C: GenericClient, T1: crate::StringSql>
    crate::client::async_::Params<
        'c,
        'a,
        's,
        SourceFindParams<T1>,
        SourceFindQuery<'c, 'a, 's, C, SourceFind, 2>,
        C,
    > for SourceFindStmt
{
    fn params(
        &'s self,
        client: &'c C,
        params: &'a SourceFindParams<T1>,
    ) -> SourceFindQuery<'c, 'a, 's, C, SourceFind, 2> {
        self.bind(client, &params.kind, &params.location)
    }
}
pub struct SourceSetRevisionStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn source_set_revision() -> SourceSetRevisionStmt {
    SourceSetRevisionStmt(
        "UPDATE registry_sources SET revision = $1, synced_at = now() WHERE id = $2 RETURNING id",
        None,
    )
}
impl SourceSetRevisionStmt {
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
        revision: &'a T1,
        source_id: &'a i64,
    ) -> I64Query<'c, 'a, 's, C, i64, 2> {
        I64Query {
            client,
            params: [revision, source_id],
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
        SourceSetRevisionParams<T1>,
        I64Query<'c, 'a, 's, C, i64, 2>,
        C,
    > for SourceSetRevisionStmt
{
    fn params(
        &'s self,
        client: &'c C,
        params: &'a SourceSetRevisionParams<T1>,
    ) -> I64Query<'c, 'a, 's, C, i64, 2> {
        self.bind(client, &params.revision, &params.source_id)
    }
}
pub struct SourceForgetOtherRevisionsStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn source_forget_other_revisions() -> SourceForgetOtherRevisionsStmt {
    SourceForgetOtherRevisionsStmt(
        "UPDATE registry_sources SET revision = NULL WHERE kind = 'git' AND id <> $1 AND revision IS NOT NULL RETURNING id",
        None,
    )
}
impl SourceForgetOtherRevisionsStmt {
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
        source_id: &'a i64,
    ) -> I64Query<'c, 'a, 's, C, i64, 1> {
        I64Query {
            client,
            params: [source_id],
            query: self.0,
            cached: self.1.as_ref(),
            extractor: |row| Ok(row.try_get(0)?),
            mapper: |it| it,
        }
    }
}
pub struct SourceSetSyncedStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn source_set_synced() -> SourceSetSyncedStmt {
    SourceSetSyncedStmt(
        "UPDATE registry_sources SET synced_at = now() WHERE id = $1 RETURNING id",
        None,
    )
}
impl SourceSetSyncedStmt {
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
        source_id: &'a i64,
    ) -> I64Query<'c, 'a, 's, C, i64, 1> {
        I64Query {
            client,
            params: [source_id],
            query: self.0,
            cached: self.1.as_ref(),
            extractor: |row| Ok(row.try_get(0)?),
            mapper: |it| it,
        }
    }
}
pub struct PassStartStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn pass_start() -> PassStartStmt {
    PassStartStmt(
        "INSERT INTO registry_passes (source_id, kind, from_revision, revision) VALUES ($1, $2, $3, $4) RETURNING id",
        None,
    )
}
impl PassStartStmt {
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
        source_id: &'a i64,
        kind: &'a crate::types::RegistryPassKind,
        from_revision: &'a Option<T1>,
        revision: &'a Option<T2>,
    ) -> I64Query<'c, 'a, 's, C, i64, 4> {
        I64Query {
            client,
            params: [source_id, kind, from_revision, revision],
            query: self.0,
            cached: self.1.as_ref(),
            extractor: |row| Ok(row.try_get(0)?),
            mapper: |it| it,
        }
    }
}
impl<'c, 'a, 's, C: GenericClient, T1: crate::StringSql, T2: crate::StringSql>
    crate::client::async_::Params<
        'c,
        'a,
        's,
        PassStartParams<T1, T2>,
        I64Query<'c, 'a, 's, C, i64, 4>,
        C,
    > for PassStartStmt
{
    fn params(
        &'s self,
        client: &'c C,
        params: &'a PassStartParams<T1, T2>,
    ) -> I64Query<'c, 'a, 's, C, i64, 4> {
        self.bind(
            client,
            &params.source_id,
            &params.kind,
            &params.from_revision,
            &params.revision,
        )
    }
}
pub struct PassInsertFinishedStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn pass_insert_finished() -> PassInsertFinishedStmt {
    PassInsertFinishedStmt(
        "INSERT INTO registry_passes (source_id, kind, from_revision, revision, finished_at) VALUES ($1, $2, $3, $4, now()) RETURNING id",
        None,
    )
}
impl PassInsertFinishedStmt {
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
        source_id: &'a i64,
        kind: &'a crate::types::RegistryPassKind,
        from_revision: &'a Option<T1>,
        revision: &'a Option<T2>,
    ) -> I64Query<'c, 'a, 's, C, i64, 4> {
        I64Query {
            client,
            params: [source_id, kind, from_revision, revision],
            query: self.0,
            cached: self.1.as_ref(),
            extractor: |row| Ok(row.try_get(0)?),
            mapper: |it| it,
        }
    }
}
impl<'c, 'a, 's, C: GenericClient, T1: crate::StringSql, T2: crate::StringSql>
    crate::client::async_::Params<
        'c,
        'a,
        's,
        PassInsertFinishedParams<T1, T2>,
        I64Query<'c, 'a, 's, C, i64, 4>,
        C,
    > for PassInsertFinishedStmt
{
    fn params(
        &'s self,
        client: &'c C,
        params: &'a PassInsertFinishedParams<T1, T2>,
    ) -> I64Query<'c, 'a, 's, C, i64, 4> {
        self.bind(
            client,
            &params.source_id,
            &params.kind,
            &params.from_revision,
            &params.revision,
        )
    }
}
pub struct PassFinishStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn pass_finish() -> PassFinishStmt {
    PassFinishStmt(
        "UPDATE registry_passes SET finished_at = now(), crate_files = $1, crates_added = $2, crates_updated = $3, crates_removed = $4, crates_restored = $5, versions_added = $6, versions_yanked = $7, versions_unyanked = $8, versions_removed = $9, versions_restored = $10, entries_rejected = $11, entries_duplicated = $12, error = $13 WHERE id = $14 AND finished_at IS NULL RETURNING id",
        None,
    )
}
impl PassFinishStmt {
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
        crate_files: &'a i64,
        crates_added: &'a i64,
        crates_updated: &'a i64,
        crates_removed: &'a i64,
        crates_restored: &'a i64,
        versions_added: &'a i64,
        versions_yanked: &'a i64,
        versions_unyanked: &'a i64,
        versions_removed: &'a i64,
        versions_restored: &'a i64,
        entries_rejected: &'a i64,
        entries_duplicated: &'a i64,
        error: &'a Option<T1>,
        pass_id: &'a i64,
    ) -> I64Query<'c, 'a, 's, C, i64, 14> {
        I64Query {
            client,
            params: [
                crate_files,
                crates_added,
                crates_updated,
                crates_removed,
                crates_restored,
                versions_added,
                versions_yanked,
                versions_unyanked,
                versions_removed,
                versions_restored,
                entries_rejected,
                entries_duplicated,
                error,
                pass_id,
            ],
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
        PassFinishParams<T1>,
        I64Query<'c, 'a, 's, C, i64, 14>,
        C,
    > for PassFinishStmt
{
    fn params(
        &'s self,
        client: &'c C,
        params: &'a PassFinishParams<T1>,
    ) -> I64Query<'c, 'a, 's, C, i64, 14> {
        self.bind(
            client,
            &params.crate_files,
            &params.crates_added,
            &params.crates_updated,
            &params.crates_removed,
            &params.crates_restored,
            &params.versions_added,
            &params.versions_yanked,
            &params.versions_unyanked,
            &params.versions_removed,
            &params.versions_restored,
            &params.entries_rejected,
            &params.entries_duplicated,
            &params.error,
            &params.pass_id,
        )
    }
}
pub struct PassListRecentStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn pass_list_recent() -> PassListRecentStmt {
    PassListRecentStmt(
        "SELECT registry_passes.id, registry_sources.kind AS source_kind, registry_sources.location AS source_location, registry_sources.revision AS source_revision, registry_passes.kind, registry_passes.from_revision, registry_passes.revision, registry_passes.started_at, registry_passes.finished_at, registry_passes.crate_files, registry_passes.crates_added, registry_passes.crates_updated, registry_passes.crates_removed, registry_passes.crates_restored, registry_passes.versions_added, registry_passes.versions_yanked, registry_passes.versions_unyanked, registry_passes.versions_removed, registry_passes.versions_restored, registry_passes.entries_rejected, registry_passes.entries_duplicated, registry_passes.error FROM registry_passes JOIN registry_sources ON registry_sources.id = registry_passes.source_id ORDER BY registry_passes.id DESC LIMIT $1",
        None,
    )
}
impl PassListRecentStmt {
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
    ) -> PassRowQuery<'c, 'a, 's, C, PassRow, 1> {
        PassRowQuery {
            client,
            params: [limit],
            query: self.0,
            cached: self.1.as_ref(),
            extractor:
                |row: &tokio_postgres::Row| -> Result<PassRowBorrowed, tokio_postgres::Error> {
                    Ok(PassRowBorrowed {
                        id: row.try_get(0)?,
                        source_kind: row.try_get(1)?,
                        source_location: row.try_get(2)?,
                        source_revision: row.try_get(3)?,
                        kind: row.try_get(4)?,
                        from_revision: row.try_get(5)?,
                        revision: row.try_get(6)?,
                        started_at: row.try_get(7)?,
                        finished_at: row.try_get(8)?,
                        crate_files: row.try_get(9)?,
                        crates_added: row.try_get(10)?,
                        crates_updated: row.try_get(11)?,
                        crates_removed: row.try_get(12)?,
                        crates_restored: row.try_get(13)?,
                        versions_added: row.try_get(14)?,
                        versions_yanked: row.try_get(15)?,
                        versions_unyanked: row.try_get(16)?,
                        versions_removed: row.try_get(17)?,
                        versions_restored: row.try_get(18)?,
                        entries_rejected: row.try_get(19)?,
                        entries_duplicated: row.try_get(20)?,
                        error: row.try_get(21)?,
                    })
                },
            mapper: |it| PassRow::from(it),
        }
    }
}
pub struct RejectionInsertManyStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn rejection_insert_many() -> RejectionInsertManyStmt {
    RejectionInsertManyStmt(
        "INSERT INTO registry_rejections (pass_id, crate_file, line_number, version, reason) SELECT $1::bigint, crate_file, line_number, version, reason FROM unnest($2::text[], $3::integer[], $4::text[], $5::text[]) AS input (crate_file, line_number, version, reason)",
        None,
    )
}
impl RejectionInsertManyStmt {
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
        T3: crate::ArraySql<Item = i32>,
        T4: crate::StringSql,
        T5: crate::ArraySql<Item = Option<T4>>,
        T6: crate::StringSql,
        T7: crate::ArraySql<Item = T6>,
    >(
        &'s self,
        client: &'c C,
        pass_id: &'a i64,
        crate_files: &'a T2,
        line_numbers: &'a T3,
        versions: &'a T5,
        reasons: &'a T7,
    ) -> Result<u64, tokio_postgres::Error> {
        client
            .execute(
                self.0,
                &[pass_id, crate_files, line_numbers, versions, reasons],
            )
            .await
    }
}
impl<
    'a,
    C: GenericClient + Send + Sync,
    T1: crate::StringSql,
    T2: crate::ArraySql<Item = T1>,
    T3: crate::ArraySql<Item = i32>,
    T4: crate::StringSql,
    T5: crate::ArraySql<Item = Option<T4>>,
    T6: crate::StringSql,
    T7: crate::ArraySql<Item = T6>,
>
    crate::client::async_::Params<
        'a,
        'a,
        'a,
        RejectionInsertManyParams<T1, T2, T3, T4, T5, T6, T7>,
        std::pin::Pin<
            Box<dyn futures::Future<Output = Result<u64, tokio_postgres::Error>> + Send + 'a>,
        >,
        C,
    > for RejectionInsertManyStmt
{
    fn params(
        &'a self,
        client: &'a C,
        params: &'a RejectionInsertManyParams<T1, T2, T3, T4, T5, T6, T7>,
    ) -> std::pin::Pin<
        Box<dyn futures::Future<Output = Result<u64, tokio_postgres::Error>> + Send + 'a>,
    > {
        Box::pin(self.bind(
            client,
            &params.pass_id,
            &params.crate_files,
            &params.line_numbers,
            &params.versions,
            &params.reasons,
        ))
    }
}
pub struct RejectionListByPassStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn rejection_list_by_pass() -> RejectionListByPassStmt {
    RejectionListByPassStmt(
        "SELECT crate_file, line_number, version, reason FROM registry_rejections WHERE pass_id = $1 ORDER BY crate_file, line_number",
        None,
    )
}
impl RejectionListByPassStmt {
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
        pass_id: &'a i64,
    ) -> RejectionListByPassQuery<'c, 'a, 's, C, RejectionListByPass, 1> {
        RejectionListByPassQuery {
            client,
            params: [pass_id],
            query: self.0,
            cached: self.1.as_ref(),
            extractor: |
                row: &tokio_postgres::Row,
            | -> Result<RejectionListByPassBorrowed, tokio_postgres::Error> {
                Ok(RejectionListByPassBorrowed {
                    crate_file: row.try_get(0)?,
                    line_number: row.try_get(1)?,
                    version: row.try_get(2)?,
                    reason: row.try_get(3)?,
                })
            },
            mapper: |it| RejectionListByPass::from(it),
        }
    }
}
pub struct SparseCacheListManyStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn sparse_cache_list_many() -> SparseCacheListManyStmt {
    SparseCacheListManyStmt(
        "SELECT crate_file, etag, last_modified FROM registry_sparse_cache WHERE crate_file = ANY($1::text[])",
        None,
    )
}
impl SparseCacheListManyStmt {
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
        crate_files: &'a T2,
    ) -> SparseCacheListManyQuery<'c, 'a, 's, C, SparseCacheListMany, 1> {
        SparseCacheListManyQuery {
            client,
            params: [crate_files],
            query: self.0,
            cached: self.1.as_ref(),
            extractor: |
                row: &tokio_postgres::Row,
            | -> Result<SparseCacheListManyBorrowed, tokio_postgres::Error> {
                Ok(SparseCacheListManyBorrowed {
                    crate_file: row.try_get(0)?,
                    etag: row.try_get(1)?,
                    last_modified: row.try_get(2)?,
                })
            },
            mapper: |it| SparseCacheListMany::from(it),
        }
    }
}
pub struct SparseCacheFileListStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn sparse_cache_file_list() -> SparseCacheFileListStmt {
    SparseCacheFileListStmt("SELECT crate_file FROM registry_sparse_cache", None)
}
impl SparseCacheFileListStmt {
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
    ) -> StringQuery<'c, 'a, 's, C, String, 0> {
        StringQuery {
            client,
            params: [],
            query: self.0,
            cached: self.1.as_ref(),
            extractor: |row| Ok(row.try_get(0)?),
            mapper: |it| it.into(),
        }
    }
}
pub struct SparseCacheUpsertManyStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn sparse_cache_upsert_many() -> SparseCacheUpsertManyStmt {
    SparseCacheUpsertManyStmt(
        "INSERT INTO registry_sparse_cache (crate_file, etag, last_modified, fetched_at) SELECT crate_file, etag, last_modified, now() FROM unnest($1::text[], $2::text[], $3::text[]) AS input (crate_file, etag, last_modified) ON CONFLICT (crate_file) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified, fetched_at = excluded.fetched_at",
        None,
    )
}
impl SparseCacheUpsertManyStmt {
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
        T3: crate::StringSql,
        T4: crate::ArraySql<Item = Option<T3>>,
        T5: crate::StringSql,
        T6: crate::ArraySql<Item = Option<T5>>,
    >(
        &'s self,
        client: &'c C,
        crate_files: &'a T2,
        etags: &'a T4,
        last_modifieds: &'a T6,
    ) -> Result<u64, tokio_postgres::Error> {
        client
            .execute(self.0, &[crate_files, etags, last_modifieds])
            .await
    }
}
impl<
    'a,
    C: GenericClient + Send + Sync,
    T1: crate::StringSql,
    T2: crate::ArraySql<Item = T1>,
    T3: crate::StringSql,
    T4: crate::ArraySql<Item = Option<T3>>,
    T5: crate::StringSql,
    T6: crate::ArraySql<Item = Option<T5>>,
>
    crate::client::async_::Params<
        'a,
        'a,
        'a,
        SparseCacheUpsertManyParams<T1, T2, T3, T4, T5, T6>,
        std::pin::Pin<
            Box<dyn futures::Future<Output = Result<u64, tokio_postgres::Error>> + Send + 'a>,
        >,
        C,
    > for SparseCacheUpsertManyStmt
{
    fn params(
        &'a self,
        client: &'a C,
        params: &'a SparseCacheUpsertManyParams<T1, T2, T3, T4, T5, T6>,
    ) -> std::pin::Pin<
        Box<dyn futures::Future<Output = Result<u64, tokio_postgres::Error>> + Send + 'a>,
    > {
        Box::pin(self.bind(
            client,
            &params.crate_files,
            &params.etags,
            &params.last_modifieds,
        ))
    }
}
pub struct PassHealthStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn pass_health() -> PassHealthStmt {
    PassHealthStmt(
        "SELECT latest.id AS last_pass_id, CASE WHEN latest.id IS NOT NULL THEN latest.error IS NULL END AS last_succeeded, extract(epoch FROM latest.finished_at - latest.started_at)::float8 AS last_duration_seconds, extract(epoch FROM latest.finished_at)::float8 AS last_finished_at_seconds, latest.entries_rejected AS last_entries_rejected, extract(epoch FROM success.finished_at)::float8 AS last_success_at_seconds, extract(epoch FROM now() - success.finished_at)::float8 AS seconds_since_success FROM (SELECT) AS one LEFT JOIN LATERAL ( SELECT id, error, started_at, finished_at, entries_rejected FROM registry_passes WHERE finished_at IS NOT NULL ORDER BY id DESC LIMIT 1 ) AS latest ON true LEFT JOIN LATERAL ( SELECT finished_at FROM registry_passes WHERE finished_at IS NOT NULL AND error IS NULL ORDER BY id DESC LIMIT 1 ) AS success ON true",
        None,
    )
}
impl PassHealthStmt {
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
    ) -> PassHealthQuery<'c, 'a, 's, C, PassHealth, 0> {
        PassHealthQuery {
            client,
            params: [],
            query: self.0,
            cached: self.1.as_ref(),
            extractor: |row: &tokio_postgres::Row| -> Result<PassHealth, tokio_postgres::Error> {
                Ok(PassHealth {
                    last_pass_id: row.try_get(0)?,
                    last_succeeded: row.try_get(1)?,
                    last_duration_seconds: row.try_get(2)?,
                    last_finished_at_seconds: row.try_get(3)?,
                    last_entries_rejected: row.try_get(4)?,
                    last_success_at_seconds: row.try_get(5)?,
                    seconds_since_success: row.try_get(6)?,
                })
            },
            mapper: |it| PassHealth::from(it),
        }
    }
}
