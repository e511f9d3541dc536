//! Artifact downloads per day: counted in memory by a [`DownloadCounter`]
//! and added to `job_artifact_downloads` in batches by the
//! [`download_flusher`], periodically and once more on shutdown; plus the
//! daily series, totals and top artifacts read back.
//!
//! A flush writes its rows in (artifact, date) order, so concurrent flushes
//! from several backend instances lock rows in the same order and never
//! deadlock. A flush that fails puts its counts back, to go with the next.

use std::collections::{BTreeMap, HashMap};
use std::future::Future;
use std::sync::Mutex;
use std::time::Duration;

use buildsrs_database::queries::queries::downloads as sql;
use buildsrs_report::Report;
use chrono::{NaiveDate, Utc};

use crate::periodic::{self, First};
use crate::{ArtifactId, Backend, Error, JobId};

/// Downloads counted since the last flush, per artifact and UTC day.
#[derive(Debug, Default)]
pub struct DownloadCounter {
    counts: Mutex<HashMap<(ArtifactId, NaiveDate), i64>>,
}

/// What one flush wrote.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Flushed {
    /// (artifact, day) rows sent.
    pub rows: usize,
    /// Rows written; fewer than sent when some artifacts are unknown.
    pub written: u64,
    /// Downloads the rows carried.
    pub downloads: i64,
}

/// An artifact's downloads per day over a range and in all, read from one
/// snapshot so that the two agree while a flush commits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DownloadCounts {
    pub daily: Vec<(NaiveDate, i64)>,
    pub total: i64,
}

/// One artifact among the most downloaded of a date range.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TopArtifact {
    pub artifact: ArtifactId,
    pub job: JobId,
    pub name: String,
    pub downloads: i64,
}

impl DownloadCounter {
    /// An empty counter.
    pub fn new() -> Self {
        Self::default()
    }

    /// Counts one download of an artifact today (UTC).
    pub fn record(&self, artifact: ArtifactId) {
        self.record_on(artifact, Utc::now().date_naive(), 1);
    }

    /// Counts `downloads` downloads of an artifact on a day.
    pub fn record_on(&self, artifact: ArtifactId, date: NaiveDate, downloads: i64) {
        let mut counts = self
            .counts
            .lock()
            .expect("the download counts are never poisoned");
        *counts.entry((artifact, date)).or_insert(0) += downloads;
    }

    /// (artifact, day) pairs counted and not flushed yet.
    pub fn pending(&self) -> usize {
        self.counts
            .lock()
            .expect("the download counts are never poisoned")
            .len()
    }

    /// Adds everything counted so far to the database in one statement,
    /// rows in (artifact, date) order. On failure the counts are kept for the
    /// next flush. Counts of unknown artifacts are dropped.
    pub async fn flush(&self, backend: &Backend) -> Result<Flushed, Error> {
        let taken = std::mem::take(
            &mut *self
                .counts
                .lock()
                .expect("the download counts are never poisoned"),
        );
        if taken.is_empty() {
            return Ok(Flushed::default());
        }
        let mut rows: Vec<((ArtifactId, NaiveDate), i64)> = taken.into_iter().collect();
        rows.sort_unstable_by_key(|(key, _)| *key);
        let artifact_ids: Vec<i64> = rows.iter().map(|((artifact, _), _)| artifact.0).collect();
        let dates: Vec<NaiveDate> = rows.iter().map(|((_, date), _)| *date).collect();
        let downloads: Vec<i64> = rows.iter().map(|(_, count)| *count).collect();
        let written = match backend.client().await {
            Ok(client) => sql::job_artifact_download_add_many()
                .bind(&client, &artifact_ids, &dates, &downloads)
                .await
                .map_err(Error::from),
            Err(error) => Err(error),
        };
        match written {
            Ok(written) => Ok(Flushed {
                rows: rows.len(),
                written,
                downloads: downloads.iter().sum(),
            }),
            Err(error) => {
                let mut counts = self
                    .counts
                    .lock()
                    .expect("the download counts are never poisoned");
                for (key, count) in rows {
                    *counts.entry(key).or_insert(0) += count;
                }
                Err(error)
            }
        }
    }
}

/// The download flusher: flushes `counter` every `interval` until `shutdown`
/// resolves, then once more, so no counted download is lost on a clean
/// stop. Returns the last flush's error, if the final flush failed.
pub async fn download_flusher(
    counter: &DownloadCounter,
    backend: Backend,
    interval: Duration,
    shutdown: impl Future<Output = ()>,
) -> Result<(), Error> {
    periodic::every(interval, First::AfterInterval, shutdown, || async {
        if let Err(error) = counter.flush(&backend).await {
            tracing::warn!(error = %Report(&error), pending = counter.pending(), "flushing download counts failed; keeping them for the next flush");
        }
    })
    .await;
    let flushed = counter.flush(&backend).await?;
    tracing::info!(
        rows = flushed.rows,
        downloads = flushed.downloads,
        "flushed download counts on shutdown"
    );
    Ok(())
}

impl Backend {
    /// An artifact's downloads per day from `from` to `to` (inclusive) and
    /// in all, from one snapshot.
    pub async fn download_counts(
        &self,
        artifact: ArtifactId,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<DownloadCounts, Error> {
        let mut client = self.read_client().await?;
        let snapshot = client
            .build_transaction()
            .isolation_level(tokio_postgres::IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()
            .await?;
        let daily = sql::job_artifact_download_daily()
            .bind(&snapshot, &artifact.0, &from, &to)
            .all()
            .await?
            .into_iter()
            .map(|row| (row.date, row.downloads))
            .collect();
        let total = sql::job_artifact_download_total()
            .bind(&snapshot, &artifact.0)
            .one()
            .await?;
        snapshot.commit().await?;
        Ok(DownloadCounts { daily, total })
    }

    /// The downloads per day from `from` to `to` (inclusive) of each of
    /// `artifacts`, in one statement; an artifact without any is left out.
    pub async fn downloads_daily_many(
        &self,
        artifacts: &[ArtifactId],
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<BTreeMap<ArtifactId, Vec<(NaiveDate, i64)>>, Error> {
        let client = self.read_client().await?;
        let ids: Vec<i64> = artifacts.iter().map(|artifact| artifact.0).collect();
        let rows = sql::job_artifact_download_daily_many()
            .bind(&client, &ids, &from, &to)
            .all()
            .await?;
        let mut daily: BTreeMap<ArtifactId, Vec<(NaiveDate, i64)>> = BTreeMap::new();
        for row in rows {
            daily
                .entry(ArtifactId(row.artifact_id))
                .or_default()
                .push((row.date, row.downloads));
        }
        Ok(daily)
    }

    /// The `limit` most downloaded artifacts from `from` to `to`
    /// (inclusive), most first.
    pub async fn top_artifacts(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        limit: i64,
    ) -> Result<Vec<TopArtifact>, Error> {
        let client = self.read_client().await?;
        let rows = sql::job_artifact_download_top()
            .bind(&client, &from, &to, &limit)
            .all()
            .await?;
        Ok(rows
            .into_iter()
            .map(|row| TopArtifact {
                artifact: ArtifactId(row.artifact_id),
                job: JobId(row.job_id),
                name: row.name,
                downloads: row.downloads,
            })
            .collect())
    }
}
