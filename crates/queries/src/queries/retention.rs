// This file was generated with `cornucopia`. Do not modify.

#[derive(Clone, Copy, Debug)]
pub struct RetentionSupersededLogRemoveParams {
    pub log_days: i32,
    pub batch: i64,
}
#[derive(Debug, Clone, PartialEq, Copy)]
pub struct RetentionSupersededLogCount {
    pub jobs: i64,
    pub lines: i64,
    pub bytes: i64,
}
#[derive(Debug, Clone, PartialEq, Copy)]
pub struct RetentionSupersededLogRemove {
    pub jobs: i64,
    pub lines: i64,
    pub bytes: i64,
}
#[derive(Debug, Clone, PartialEq, Copy)]
pub struct RetentionDownloadDayCount {
    pub days: i64,
    pub downloads: i64,
}
#[derive(Debug, Clone, PartialEq, Copy)]
pub struct RetentionDownloadDayRollUp {
    pub days: i64,
    pub downloads: i64,
}
use crate::client::async_::GenericClient;
use futures::{self, StreamExt, TryStreamExt};
pub struct RetentionSupersededLogCountQuery<'c, 'a, 's, C: GenericClient, T, const N: usize> {
    client: &'c C,
    params: [&'a (dyn postgres_types::ToSql + Sync); N],
    query: &'static str,
    cached: Option<&'s tokio_postgres::Statement>,
    extractor:
        fn(&tokio_postgres::Row) -> Result<RetentionSupersededLogCount, tokio_postgres::Error>,
    mapper: fn(RetentionSupersededLogCount) -> T,
}
impl<'c, 'a, 's, C, T: 'c, const N: usize> RetentionSupersededLogCountQuery<'c, 'a, 's, C, T, N>
where
    C: GenericClient,
{
    pub fn map<R>(
        self,
        mapper: fn(RetentionSupersededLogCount) -> R,
    ) -> RetentionSupersededLogCountQuery<'c, 'a, 's, C, R, N> {
        RetentionSupersededLogCountQuery {
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
pub struct RetentionSupersededLogRemoveQuery<'c, 'a, 's, C: GenericClient, T, const N: usize> {
    client: &'c C,
    params: [&'a (dyn postgres_types::ToSql + Sync); N],
    query: &'static str,
    cached: Option<&'s tokio_postgres::Statement>,
    extractor:
        fn(&tokio_postgres::Row) -> Result<RetentionSupersededLogRemove, tokio_postgres::Error>,
    mapper: fn(RetentionSupersededLogRemove) -> T,
}
impl<'c, 'a, 's, C, T: 'c, const N: usize> RetentionSupersededLogRemoveQuery<'c, 'a, 's, C, T, N>
where
    C: GenericClient,
{
    pub fn map<R>(
        self,
        mapper: fn(RetentionSupersededLogRemove) -> R,
    ) -> RetentionSupersededLogRemoveQuery<'c, 'a, 's, C, R, N> {
        RetentionSupersededLogRemoveQuery {
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
pub struct RetentionDownloadDayCountQuery<'c, 'a, 's, C: GenericClient, T, const N: usize> {
    client: &'c C,
    params: [&'a (dyn postgres_types::ToSql + Sync); N],
    query: &'static str,
    cached: Option<&'s tokio_postgres::Statement>,
    extractor: fn(&tokio_postgres::Row) -> Result<RetentionDownloadDayCount, tokio_postgres::Error>,
    mapper: fn(RetentionDownloadDayCount) -> T,
}
impl<'c, 'a, 's, C, T: 'c, const N: usize> RetentionDownloadDayCountQuery<'c, 'a, 's, C, T, N>
where
    C: GenericClient,
{
    pub fn map<R>(
        self,
        mapper: fn(RetentionDownloadDayCount) -> R,
    ) -> RetentionDownloadDayCountQuery<'c, 'a, 's, C, R, N> {
        RetentionDownloadDayCountQuery {
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
pub struct RetentionDownloadDayRollUpQuery<'c, 'a, 's, C: GenericClient, T, const N: usize> {
    client: &'c C,
    params: [&'a (dyn postgres_types::ToSql + Sync); N],
    query: &'static str,
    cached: Option<&'s tokio_postgres::Statement>,
    extractor:
        fn(&tokio_postgres::Row) -> Result<RetentionDownloadDayRollUp, tokio_postgres::Error>,
    mapper: fn(RetentionDownloadDayRollUp) -> T,
}
impl<'c, 'a, 's, C, T: 'c, const N: usize> RetentionDownloadDayRollUpQuery<'c, 'a, 's, C, T, N>
where
    C: GenericClient,
{
    pub fn map<R>(
        self,
        mapper: fn(RetentionDownloadDayRollUp) -> R,
    ) -> RetentionDownloadDayRollUpQuery<'c, 'a, 's, C, R, N> {
        RetentionDownloadDayRollUpQuery {
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
pub struct RetentionSupersededLogCountStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn retention_superseded_log_count() -> RetentionSupersededLogCountStmt {
    RetentionSupersededLogCountStmt(
        "SELECT count(*)::bigint AS jobs, coalesce(sum(old.log_lines), 0)::bigint AS lines, coalesce(sum(old.log_bytes), 0)::bigint AS bytes FROM jobs AS old WHERE old.state NOT IN ('active', 'succeeded') AND old.finished_at < now() - make_interval(days => $1::int) AND old.log_lines > 0 AND EXISTS ( SELECT FROM jobs AS later WHERE later.task_id = old.task_id AND later.id > old.id AND later.state = 'succeeded' )",
        None,
    )
}
impl RetentionSupersededLogCountStmt {
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
        log_days: &'a i32,
    ) -> RetentionSupersededLogCountQuery<'c, 'a, 's, C, RetentionSupersededLogCount, 1> {
        RetentionSupersededLogCountQuery {
            client,
            params: [log_days],
            query: self.0,
            cached: self.1.as_ref(),
            extractor: |
                row: &tokio_postgres::Row,
            | -> Result<RetentionSupersededLogCount, tokio_postgres::Error> {
                Ok(RetentionSupersededLogCount {
                    jobs: row.try_get(0)?,
                    lines: row.try_get(1)?,
                    bytes: row.try_get(2)?,
                })
            },
            mapper: |it| RetentionSupersededLogCount::from(it),
        }
    }
}
pub struct RetentionSupersededLogRemoveStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn retention_superseded_log_remove() -> RetentionSupersededLogRemoveStmt {
    RetentionSupersededLogRemoveStmt(
        "WITH doomed AS ( SELECT old.id, old.log_lines, old.log_bytes FROM jobs AS old WHERE old.state NOT IN ('active', 'succeeded') AND old.finished_at < now() - make_interval(days => $1::int) AND old.log_lines > 0 AND EXISTS ( SELECT FROM jobs AS later WHERE later.task_id = old.task_id AND later.id > old.id AND later.state = 'succeeded' ) ORDER BY old.id LIMIT $2 FOR UPDATE OF old SKIP LOCKED ), chunks AS ( DELETE FROM job_log_chunks USING doomed WHERE job_log_chunks.job_id = doomed.id ), emptied AS ( UPDATE jobs SET log_lines = 0, log_bytes = 0, log_truncated = false FROM doomed WHERE jobs.id = doomed.id RETURNING jobs.id ) SELECT count(*)::bigint AS jobs, coalesce(sum(doomed.log_lines), 0)::bigint AS lines, coalesce(sum(doomed.log_bytes), 0)::bigint AS bytes FROM doomed JOIN emptied ON emptied.id = doomed.id",
        None,
    )
}
impl RetentionSupersededLogRemoveStmt {
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
        log_days: &'a i32,
        batch: &'a i64,
    ) -> RetentionSupersededLogRemoveQuery<'c, 'a, 's, C, RetentionSupersededLogRemove, 2> {
        RetentionSupersededLogRemoveQuery {
            client,
            params: [log_days, batch],
            query: self.0,
            cached: self.1.as_ref(),
            extractor: |
                row: &tokio_postgres::Row,
            | -> Result<RetentionSupersededLogRemove, tokio_postgres::Error> {
                Ok(RetentionSupersededLogRemove {
                    jobs: row.try_get(0)?,
                    lines: row.try_get(1)?,
                    bytes: row.try_get(2)?,
                })
            },
            mapper: |it| RetentionSupersededLogRemove::from(it),
        }
    }
}
impl<'c, 'a, 's, C: GenericClient>
    crate::client::async_::Params<
        'c,
        'a,
        's,
        RetentionSupersededLogRemoveParams,
        RetentionSupersededLogRemoveQuery<'c, 'a, 's, C, RetentionSupersededLogRemove, 2>,
        C,
    > for RetentionSupersededLogRemoveStmt
{
    fn params(
        &'s self,
        client: &'c C,
        params: &'a RetentionSupersededLogRemoveParams,
    ) -> RetentionSupersededLogRemoveQuery<'c, 'a, 's, C, RetentionSupersededLogRemove, 2> {
        self.bind(client, &params.log_days, &params.batch)
    }
}
pub struct RetentionDownloadDayCountStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn retention_download_day_count() -> RetentionDownloadDayCountStmt {
    RetentionDownloadDayCountStmt(
        "SELECT count(*)::bigint AS days, coalesce(sum(downloads), 0)::bigint AS downloads FROM job_artifact_downloads WHERE date < (now() AT TIME ZONE 'UTC')::date - $1::int",
        None,
    )
}
impl RetentionDownloadDayCountStmt {
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
        download_days: &'a i32,
    ) -> RetentionDownloadDayCountQuery<'c, 'a, 's, C, RetentionDownloadDayCount, 1> {
        RetentionDownloadDayCountQuery {
            client,
            params: [download_days],
            query: self.0,
            cached: self.1.as_ref(),
            extractor: |
                row: &tokio_postgres::Row,
            | -> Result<RetentionDownloadDayCount, tokio_postgres::Error> {
                Ok(RetentionDownloadDayCount {
                    days: row.try_get(0)?,
                    downloads: row.try_get(1)?,
                })
            },
            mapper: |it| RetentionDownloadDayCount::from(it),
        }
    }
}
pub struct RetentionDownloadDayRollUpStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn retention_download_day_roll_up() -> RetentionDownloadDayRollUpStmt {
    RetentionDownloadDayRollUpStmt(
        "WITH moved AS ( DELETE FROM job_artifact_downloads WHERE date < (now() AT TIME ZONE 'UTC')::date - $1::int RETURNING artifact_id, date, downloads ), months AS ( INSERT INTO job_artifact_download_months (artifact_id, month, downloads) SELECT artifact_id, date_trunc('month', date)::date, sum(downloads)::bigint FROM moved GROUP BY artifact_id, date_trunc('month', date)::date ORDER BY artifact_id, date_trunc('month', date)::date ON CONFLICT (artifact_id, month) DO UPDATE SET downloads = job_artifact_download_months.downloads + excluded.downloads ) SELECT count(*)::bigint AS days, coalesce(sum(downloads), 0)::bigint AS downloads FROM moved",
        None,
    )
}
impl RetentionDownloadDayRollUpStmt {
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
        download_days: &'a i32,
    ) -> RetentionDownloadDayRollUpQuery<'c, 'a, 's, C, RetentionDownloadDayRollUp, 1> {
        RetentionDownloadDayRollUpQuery {
            client,
            params: [download_days],
            query: self.0,
            cached: self.1.as_ref(),
            extractor: |
                row: &tokio_postgres::Row,
            | -> Result<RetentionDownloadDayRollUp, tokio_postgres::Error> {
                Ok(RetentionDownloadDayRollUp {
                    days: row.try_get(0)?,
                    downloads: row.try_get(1)?,
                })
            },
            mapper: |it| RetentionDownloadDayRollUp::from(it),
        }
    }
}
