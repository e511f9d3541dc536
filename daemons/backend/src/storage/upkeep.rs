//! Keeping the store and the artifact rows in agreement: the scrub and the
//! orphan collector, run by the daemon on intervals and by the operator
//! commands `buildsrs-backend scrub` and `buildsrs-backend gc-artifacts`.
//!
//! - The scrub reads every stored object and quarantines those that no
//!   longer hash to their address, then checks that every digest an
//!   artifact row names has an object of the recorded size, reporting those
//!   that do not: a download of them is refused (`artifact_missing`,
//!   `artifact_corrupted`), never served.
//! - The collector removes objects no artifact row names (a crash between
//!   storing and committing, a row deleted or replaced) and stale temporary
//!   uploads, once older than a grace period: an upload under way has
//!   stored its object but not yet committed its row.

use std::future::Future;
use std::time::Duration;

use buildsrs_backend::Backend;
use buildsrs_report::Report;
use futures::StreamExt;

use super::local::older_than;
use super::{ArtifactStore, Sha256Digest, StorageError, StoredObject};

/// Digests asked about in one statement.
const BATCH: usize = 1000;

/// Why the scrub or the collector stopped.
#[derive(Debug, thiserror::Error)]
pub enum UpkeepError {
    #[error("artifact storage: {0}")]
    Storage(#[from] StorageError),
    #[error("artifact rows: {0}")]
    Database(#[from] buildsrs_backend::Error),
}

/// What one [`scrub`] found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ScrubReport {
    /// Objects read and hashed.
    pub checked: usize,
    /// Objects that no longer hashed to their address, now quarantined.
    pub corrupted: Vec<Sha256Digest>,
    /// Digests artifact rows name that have no object of the recorded size.
    pub missing: Vec<Sha256Digest>,
}

/// What one [`collect_orphans`] found, and removed when applied.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CollectReport {
    /// Objects listed.
    pub listed: usize,
    /// Objects older than the grace period that no artifact row names.
    pub orphans: Vec<Sha256Digest>,
    /// Of those, the ones removed (none in a dry run).
    pub removed: usize,
    /// Temporary uploads removed (none in a dry run).
    pub stale_uploads: usize,
}

/// Verifies every stored object, quarantining the corrupted ones, and
/// reports the artifact rows whose object is missing.
pub async fn scrub(store: &ArtifactStore, backend: &Backend) -> Result<ScrubReport, UpkeepError> {
    let mut report = ScrubReport::default();
    let mut listed = store.list();
    while let Some(object) = listed.next().await {
        let digest = object?.digest;
        report.checked += 1;
        match store.verify(digest).await {
            Ok(()) | Err(StorageError::Missing(_)) => {}
            Err(StorageError::Corrupted { .. }) => {
                store.quarantine(digest).await?;
                report.corrupted.push(digest);
            }
            Err(error) => return Err(error.into()),
        }
    }
    report.missing = missing_objects(store, backend).await?;
    Ok(report)
}

/// The digests artifact rows name with no object of the recorded size,
/// each reported in the log.
async fn missing_objects(
    store: &ArtifactStore,
    backend: &Backend,
) -> Result<Vec<Sha256Digest>, UpkeepError> {
    let mut missing = Vec::new();
    let mut after = Vec::new();
    loop {
        let page = backend.named_digests(&after, BATCH as i64).await?;
        let Some(last) = page.last() else {
            return Ok(missing);
        };
        after = last.sha256.clone();
        for named in page {
            let Ok(digest) = <[u8; 32]>::try_from(named.sha256.as_slice()) else {
                continue;
            };
            let digest = Sha256Digest(digest);
            let size = u64::try_from(named.size).unwrap_or_default();
            match store.read(digest, size).await {
                Ok(_) => {}
                Err(error @ (StorageError::Missing(_) | StorageError::Corrupted { .. })) => {
                    tracing::error!(sha256 = %digest, error = %Report(&error), "an artifact row's object is missing: its downloads are refused");
                    missing.push(digest);
                }
                Err(error) => return Err(error.into()),
            }
        }
    }
}

/// Finds the objects older than `grace` that no artifact row names and,
/// when `apply`, removes them and the temporary uploads older than `grace`.
pub async fn collect_orphans(
    store: &ArtifactStore,
    backend: &Backend,
    grace: Duration,
    apply: bool,
) -> Result<CollectReport, UpkeepError> {
    let mut report = CollectReport::default();
    let mut listed = store.list().chunks(BATCH);
    while let Some(batch) = listed.next().await {
        let batch = batch.into_iter().collect::<Result<Vec<_>, _>>()?;
        report.listed += batch.len();
        let old: Vec<StoredObject> = batch
            .into_iter()
            .filter(|object| older_than(object.modified, grace))
            .collect();
        let orphans = unreferenced(backend, &old).await?;
        if apply {
            report.removed += remove_orphans(store, &orphans).await?;
        }
        report
            .orphans
            .extend(orphans.iter().map(|object| object.digest));
    }
    if apply {
        report.stale_uploads = store.remove_stale_uploads(grace).await?;
    }
    Ok(report)
}

/// The objects of `objects` no artifact row names.
async fn unreferenced(
    backend: &Backend,
    objects: &[StoredObject],
) -> Result<Vec<StoredObject>, UpkeepError> {
    if objects.is_empty() {
        return Ok(Vec::new());
    }
    let sha256s: Vec<Vec<u8>> = objects
        .iter()
        .map(|object| object.digest.0.to_vec())
        .collect();
    let referenced = backend.referenced_digests(&sha256s).await?;
    Ok(objects
        .iter()
        .filter(|object| !referenced.contains(object.digest.0.as_slice()))
        .copied()
        .collect())
}

/// Removes each orphan still as listed: one written again since (an upload
/// of the same bytes, about to commit its row) is kept. Answers how many.
async fn remove_orphans(
    store: &ArtifactStore,
    orphans: &[StoredObject],
) -> Result<usize, UpkeepError> {
    let mut removed = 0;
    for orphan in orphans {
        let Some(now) = store.stat(orphan.digest).await? else {
            continue;
        };
        if unix_seconds(now.modified) > unix_seconds(orphan.modified) {
            continue;
        }
        store.delete(orphan.digest).await?;
        tracing::info!(sha256 = %orphan.digest, "removed an artifact object no row names");
        removed += 1;
    }
    Ok(removed)
}

/// Whole seconds since 1970: S3 lists times to the millisecond but answers
/// a `HEAD` to the second.
fn unix_seconds(time: std::time::SystemTime) -> u64 {
    time.duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs())
}

/// Scrubs every `interval` until `stopped` resolves; a scrub that fails is
/// logged and tried again at the next interval.
pub async fn scrubber(
    store: ArtifactStore,
    backend: Backend,
    interval: Duration,
    stopped: impl Future<Output = ()>,
) {
    every(interval, stopped, || async {
        match scrub(&store, &backend).await {
            Ok(report) => tracing::info!(
                checked = report.checked,
                corrupted = report.corrupted.len(),
                missing = report.missing.len(),
                "artifact store scrubbed"
            ),
            Err(error) => tracing::warn!(error = %Report(&error), "the artifact scrub failed"),
        }
    })
    .await;
}

/// Collects orphans older than `grace` every `interval` until `stopped`
/// resolves; a pass that fails is logged and tried again later.
pub async fn orphan_collector(
    store: ArtifactStore,
    backend: Backend,
    interval: Duration,
    grace: Duration,
    stopped: impl Future<Output = ()>,
) {
    every(interval, stopped, || async {
        match collect_orphans(&store, &backend, grace, true).await {
            Ok(report) => tracing::info!(
                listed = report.listed,
                removed = report.removed,
                stale_uploads = report.stale_uploads,
                "artifact orphans collected"
            ),
            Err(error) => {
                tracing::warn!(error = %Report(&error), "the artifact orphan collection failed");
            }
        }
    })
    .await;
}

/// Runs `pass` every `interval` (the first one interval after start) until
/// `stopped` resolves.
async fn every<F, P>(interval: Duration, stopped: impl Future<Output = ()>, mut pass: P)
where
    P: FnMut() -> F,
    F: Future<Output = ()>,
{
    tokio::pin!(stopped);
    loop {
        tokio::select! {
            () = &mut stopped => return,
            () = tokio::time::sleep(interval) => {}
        }
        pass().await;
    }
}
