// This file was generated with `cornucopia`. Do not modify.

#[derive(Debug)]
pub struct SchedulerApplyChangesParams<
    T1: crate::ArraySql<Item = i64>,
    T2: crate::ArraySql<Item = bool>,
    T3: crate::ArraySql<Item = crate::types::TaskKind>,
> {
    pub version_ids: T1,
    pub fresh: T2,
    pub publish_priority: i32,
    pub backfill_priority: i32,
    pub kinds: T3,
}
#[derive(Debug)]
pub struct SchedulerBackfillTargetParams<T1: crate::ArraySql<Item = crate::types::TaskKind>> {
    pub limit: i64,
    pub priority: i32,
    pub kinds: T1,
}
#[derive(Debug, Clone, PartialEq, Copy)]
pub struct SchedulerTakeChanges {
    pub crate_version_id: i64,
    pub fresh: bool,
}
#[derive(Debug, Clone, PartialEq, Copy)]
pub struct SchedulerApplyChanges {
    pub created: i64,
    pub held: i64,
    pub released: i64,
    pub woken: i64,
}
#[derive(Debug, Clone, PartialEq, Copy)]
pub struct SchedulerBackfillTarget {
    pub target_id: i64,
    pub versions: i64,
    pub created: i64,
    pub finished: bool,
    pub woken: i64,
}
#[derive(Debug, Clone, PartialEq, Copy)]
pub struct SchedulerPending {
    pub changes: i64,
    pub backfills: i64,
}
use crate::client::async_::GenericClient;
use futures::{self, StreamExt, TryStreamExt};
pub struct SchedulerTakeChangesQuery<'c, 'a, 's, C: GenericClient, T, const N: usize> {
    client: &'c C,
    params: [&'a (dyn postgres_types::ToSql + Sync); N],
    query: &'static str,
    cached: Option<&'s tokio_postgres::Statement>,
    extractor: fn(&tokio_postgres::Row) -> Result<SchedulerTakeChanges, tokio_postgres::Error>,
    mapper: fn(SchedulerTakeChanges) -> T,
}
impl<'c, 'a, 's, C, T: 'c, const N: usize> SchedulerTakeChangesQuery<'c, 'a, 's, C, T, N>
where
    C: GenericClient,
{
    pub fn map<R>(
        self,
        mapper: fn(SchedulerTakeChanges) -> R,
    ) -> SchedulerTakeChangesQuery<'c, 'a, 's, C, R, N> {
        SchedulerTakeChangesQuery {
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
pub struct SchedulerApplyChangesQuery<'c, 'a, 's, C: GenericClient, T, const N: usize> {
    client: &'c C,
    params: [&'a (dyn postgres_types::ToSql + Sync); N],
    query: &'static str,
    cached: Option<&'s tokio_postgres::Statement>,
    extractor: fn(&tokio_postgres::Row) -> Result<SchedulerApplyChanges, tokio_postgres::Error>,
    mapper: fn(SchedulerApplyChanges) -> T,
}
impl<'c, 'a, 's, C, T: 'c, const N: usize> SchedulerApplyChangesQuery<'c, 'a, 's, C, T, N>
where
    C: GenericClient,
{
    pub fn map<R>(
        self,
        mapper: fn(SchedulerApplyChanges) -> R,
    ) -> SchedulerApplyChangesQuery<'c, 'a, 's, C, R, N> {
        SchedulerApplyChangesQuery {
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
pub struct SchedulerBackfillTargetQuery<'c, 'a, 's, C: GenericClient, T, const N: usize> {
    client: &'c C,
    params: [&'a (dyn postgres_types::ToSql + Sync); N],
    query: &'static str,
    cached: Option<&'s tokio_postgres::Statement>,
    extractor: fn(&tokio_postgres::Row) -> Result<SchedulerBackfillTarget, tokio_postgres::Error>,
    mapper: fn(SchedulerBackfillTarget) -> T,
}
impl<'c, 'a, 's, C, T: 'c, const N: usize> SchedulerBackfillTargetQuery<'c, 'a, 's, C, T, N>
where
    C: GenericClient,
{
    pub fn map<R>(
        self,
        mapper: fn(SchedulerBackfillTarget) -> R,
    ) -> SchedulerBackfillTargetQuery<'c, 'a, 's, C, R, N> {
        SchedulerBackfillTargetQuery {
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
pub struct SchedulerPendingQuery<'c, 'a, 's, C: GenericClient, T, const N: usize> {
    client: &'c C,
    params: [&'a (dyn postgres_types::ToSql + Sync); N],
    query: &'static str,
    cached: Option<&'s tokio_postgres::Statement>,
    extractor: fn(&tokio_postgres::Row) -> Result<SchedulerPending, tokio_postgres::Error>,
    mapper: fn(SchedulerPending) -> T,
}
impl<'c, 'a, 's, C, T: 'c, const N: usize> SchedulerPendingQuery<'c, 'a, 's, C, T, N>
where
    C: GenericClient,
{
    pub fn map<R>(
        self,
        mapper: fn(SchedulerPending) -> R,
    ) -> SchedulerPendingQuery<'c, 'a, 's, C, R, N> {
        SchedulerPendingQuery {
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
pub struct SchedulerTakeChangesStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn scheduler_take_changes() -> SchedulerTakeChangesStmt {
    SchedulerTakeChangesStmt(
        "DELETE FROM registry_changes WHERE id IN ( SELECT id FROM registry_changes ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED ) RETURNING crate_version_id, fresh",
        None,
    )
}
impl SchedulerTakeChangesStmt {
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
    ) -> SchedulerTakeChangesQuery<'c, 'a, 's, C, SchedulerTakeChanges, 1> {
        SchedulerTakeChangesQuery {
            client,
            params: [limit],
            query: self.0,
            cached: self.1.as_ref(),
            extractor:
                |row: &tokio_postgres::Row| -> Result<SchedulerTakeChanges, tokio_postgres::Error> {
                    Ok(SchedulerTakeChanges {
                        crate_version_id: row.try_get(0)?,
                        fresh: row.try_get(1)?,
                    })
                },
            mapper: |it| SchedulerTakeChanges::from(it),
        }
    }
}
pub struct SchedulerLockChangesStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn scheduler_lock_changes() -> SchedulerLockChangesStmt {
    SchedulerLockChangesStmt(
        "LOCK TABLE registry_changes IN ACCESS EXCLUSIVE MODE NOWAIT",
        None,
    )
}
impl SchedulerLockChangesStmt {
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
pub struct SchedulerChangesLeftStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn scheduler_changes_left() -> SchedulerChangesLeftStmt {
    SchedulerChangesLeftStmt("SELECT EXISTS (SELECT FROM registry_changes) AS left", None)
}
impl SchedulerChangesLeftStmt {
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
    ) -> BoolQuery<'c, 'a, 's, C, bool, 0> {
        BoolQuery {
            client,
            params: [],
            query: self.0,
            cached: self.1.as_ref(),
            extractor: |row| Ok(row.try_get(0)?),
            mapper: |it| it,
        }
    }
}
pub struct SchedulerTruncateChangesStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn scheduler_truncate_changes() -> SchedulerTruncateChangesStmt {
    SchedulerTruncateChangesStmt("TRUNCATE registry_changes", None)
}
impl SchedulerTruncateChangesStmt {
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
pub struct SchedulerApplyChangesStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn scheduler_apply_changes() -> SchedulerApplyChangesStmt {
    SchedulerApplyChangesStmt(
        "WITH input AS ( SELECT id, bool_or(fresh) AS fresh FROM unnest($1::bigint[], $2::boolean[]) AS input (id, fresh) GROUP BY id ), changed AS ( SELECT input.id, input.fresh, version.current FROM input CROSS JOIN LATERAL ( SELECT crate_versions.removed_at IS NULL AND NOT crate_versions.yanked AND crates.removed_at IS NULL AS current FROM crate_versions JOIN crates ON crates.id = crate_versions.crate_id WHERE crate_versions.id = input.id OFFSET 0 ) AS version ), created AS ( INSERT INTO tasks (crate_version_id, target_id, kind, priority) SELECT changed.id, targets.id, kinds.kind, CASE WHEN changed.fresh THEN $3::integer ELSE $4::integer END FROM changed CROSS JOIN targets CROSS JOIN unnest($5::task_kind[]) AS kinds (kind) WHERE changed.current AND targets.enabled ORDER BY changed.id, targets.id, kinds.kind ON CONFLICT (crate_version_id, target_id, kind) DO NOTHING RETURNING target_id ), held AS ( UPDATE tasks SET state = 'held', retry_at = NULL, updated_at = now() WHERE tasks.crate_version_id = ANY (ARRAY(SELECT id FROM changed WHERE NOT current)) AND tasks.state IN ('waiting', 'delayed') RETURNING tasks.id ), released AS ( UPDATE tasks SET state = 'waiting', updated_at = now() WHERE tasks.crate_version_id = ANY (ARRAY(SELECT id FROM changed WHERE current)) AND tasks.state = 'held' RETURNING tasks.id ), woken AS ( SELECT count(pg_notify('buildsrs_work', target_id::text)) AS targets FROM (SELECT DISTINCT target_id FROM created) AS work ) SELECT (SELECT count(*) FROM created) AS created, (SELECT count(*) FROM held) AS held, (SELECT count(*) FROM released) AS released, (SELECT targets FROM woken) AS woken",
        None,
    )
}
impl SchedulerApplyChangesStmt {
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
        T3: crate::ArraySql<Item = crate::types::TaskKind>,
    >(
        &'s self,
        client: &'c C,
        version_ids: &'a T1,
        fresh: &'a T2,
        publish_priority: &'a i32,
        backfill_priority: &'a i32,
        kinds: &'a T3,
    ) -> SchedulerApplyChangesQuery<'c, 'a, 's, C, SchedulerApplyChanges, 5> {
        SchedulerApplyChangesQuery {
            client,
            params: [
                version_ids,
                fresh,
                publish_priority,
                backfill_priority,
                kinds,
            ],
            query: self.0,
            cached: self.1.as_ref(),
            extractor:
                |row: &tokio_postgres::Row| -> Result<SchedulerApplyChanges, tokio_postgres::Error> {
                    Ok(SchedulerApplyChanges {
                        created: row.try_get(0)?,
                        held: row.try_get(1)?,
                        released: row.try_get(2)?,
                        woken: row.try_get(3)?,
                    })
                },
            mapper: |it| SchedulerApplyChanges::from(it),
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
    T3: crate::ArraySql<Item = crate::types::TaskKind>,
>
    crate::client::async_::Params<
        'c,
        'a,
        's,
        SchedulerApplyChangesParams<T1, T2, T3>,
        SchedulerApplyChangesQuery<'c, 'a, 's, C, SchedulerApplyChanges, 5>,
        C,
    > for SchedulerApplyChangesStmt
{
    fn params(
        &'s self,
        client: &'c C,
        params: &'a SchedulerApplyChangesParams<T1, T2, T3>,
    ) -> SchedulerApplyChangesQuery<'c, 'a, 's, C, SchedulerApplyChanges, 5> {
        self.bind(
            client,
            &params.version_ids,
            &params.fresh,
            &params.publish_priority,
            &params.backfill_priority,
            &params.kinds,
        )
    }
}
pub struct SchedulerBackfillTargetStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn scheduler_backfill_target() -> SchedulerBackfillTargetStmt {
    SchedulerBackfillTargetStmt(
        "WITH backfill AS ( SELECT target_backfills.target_id, target_backfills.next_crate_version_id, targets.enabled FROM target_backfills JOIN targets ON targets.id = target_backfills.target_id ORDER BY target_backfills.created_at, target_backfills.target_id LIMIT 1 FOR UPDATE OF target_backfills SKIP LOCKED ), chunk AS ( SELECT crate_versions.id, crate_versions.removed_at IS NULL AND NOT crate_versions.yanked AND crates.removed_at IS NULL AS current FROM backfill JOIN crate_versions ON crate_versions.id >= backfill.next_crate_version_id JOIN crates ON crates.id = crate_versions.crate_id WHERE backfill.enabled ORDER BY crate_versions.id LIMIT $1 ), created AS ( INSERT INTO tasks (crate_version_id, target_id, kind, priority) SELECT chunk.id, backfill.target_id, kinds.kind, $2::integer FROM chunk CROSS JOIN backfill CROSS JOIN unnest($3::task_kind[]) AS kinds (kind) WHERE chunk.current ORDER BY chunk.id, kinds.kind ON CONFLICT (crate_version_id, target_id, kind) DO NOTHING RETURNING target_id ), progress AS ( SELECT count(*) AS versions, max(id) AS last_id FROM chunk ), advanced AS ( UPDATE target_backfills SET next_crate_version_id = progress.last_id + 1 FROM backfill, progress WHERE target_backfills.target_id = backfill.target_id AND progress.versions = $1 RETURNING target_backfills.target_id ), finished AS ( DELETE FROM target_backfills USING backfill, progress WHERE target_backfills.target_id = backfill.target_id AND progress.versions < $1 RETURNING target_backfills.target_id ), woken AS ( SELECT count(pg_notify('buildsrs_work', target_id::text)) AS targets FROM (SELECT DISTINCT target_id FROM created) AS work ) SELECT backfill.target_id, progress.versions, (SELECT count(*) FROM created) AS created, EXISTS (SELECT FROM finished) AS finished, (SELECT targets FROM woken) AS woken FROM backfill, progress",
        None,
    )
}
impl SchedulerBackfillTargetStmt {
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
        T1: crate::ArraySql<Item = crate::types::TaskKind>,
    >(
        &'s self,
        client: &'c C,
        limit: &'a i64,
        priority: &'a i32,
        kinds: &'a T1,
    ) -> SchedulerBackfillTargetQuery<'c, 'a, 's, C, SchedulerBackfillTarget, 3> {
        SchedulerBackfillTargetQuery {
            client,
            params: [limit, priority, kinds],
            query: self.0,
            cached: self.1.as_ref(),
            extractor: |
                row: &tokio_postgres::Row,
            | -> Result<SchedulerBackfillTarget, tokio_postgres::Error> {
                Ok(SchedulerBackfillTarget {
                    target_id: row.try_get(0)?,
                    versions: row.try_get(1)?,
                    created: row.try_get(2)?,
                    finished: row.try_get(3)?,
                    woken: row.try_get(4)?,
                })
            },
            mapper: |it| SchedulerBackfillTarget::from(it),
        }
    }
}
impl<'c, 'a, 's, C: GenericClient, T1: crate::ArraySql<Item = crate::types::TaskKind>>
    crate::client::async_::Params<
        'c,
        'a,
        's,
        SchedulerBackfillTargetParams<T1>,
        SchedulerBackfillTargetQuery<'c, 'a, 's, C, SchedulerBackfillTarget, 3>,
        C,
    > for SchedulerBackfillTargetStmt
{
    fn params(
        &'s self,
        client: &'c C,
        params: &'a SchedulerBackfillTargetParams<T1>,
    ) -> SchedulerBackfillTargetQuery<'c, 'a, 's, C, SchedulerBackfillTarget, 3> {
        self.bind(client, &params.limit, &params.priority, &params.kinds)
    }
}
pub struct SchedulerPendingStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn scheduler_pending() -> SchedulerPendingStmt {
    SchedulerPendingStmt(
        "SELECT (SELECT count(*) FROM registry_changes) AS changes, (SELECT count(*) FROM target_backfills) AS backfills",
        None,
    )
}
impl SchedulerPendingStmt {
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
    ) -> SchedulerPendingQuery<'c, 'a, 's, C, SchedulerPending, 0> {
        SchedulerPendingQuery {
            client,
            params: [],
            query: self.0,
            cached: self.1.as_ref(),
            extractor:
                |row: &tokio_postgres::Row| -> Result<SchedulerPending, tokio_postgres::Error> {
                    Ok(SchedulerPending {
                        changes: row.try_get(0)?,
                        backfills: row.try_get(1)?,
                    })
                },
            mapper: |it| SchedulerPending::from(it),
        }
    }
}
