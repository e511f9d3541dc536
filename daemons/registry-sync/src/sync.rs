//! One pass, from start to its record: the sync lock that makes this the
//! only writer, a git pass (full or incremental) and a sparse pass.

use std::time::Instant;

use buildsrs_database::queries::deadpool_postgres::{ClientWrapper, Object};
use buildsrs_database::queries::queries::{locks, registry_sync};
use buildsrs_database::{Client, Database, LockKey};
use buildsrs_report::Report;
use indicatif::{ProgressBar, ProgressStyle};
use tokio::sync::mpsc;

use crate::git_source::{self, GitSource};
use crate::passes::{self, PassKind, PassReport, SourceKind, Stats};
use crate::reconcile::{self, Batch};
use crate::service::Shutdown;
use crate::sparse_source::{self, SparseSource};
use crate::{BatchLimits, Error};

/// How passes batch and report.
#[derive(Clone, Debug, Default)]
pub struct SyncOptions {
    pub limits: BatchLimits,
    /// Draw a progress bar for a full pass when stderr is a terminal.
    pub progress: bool,
}

/// Proof that this process is the one active syncer of its database: the
/// session advisory lock `LockKey::RegistrySync`, held on a connection of
/// its own that never returns to the pool.
pub struct SyncLock {
    client: ClientWrapper,
}

impl SyncLock {
    /// Takes the lock if it is free.
    pub async fn try_acquire(database: &Database) -> Result<Option<Self>, Error> {
        let client = database.client().await?;
        let locked = locks::advisory_try_lock()
            .bind(&**client, &LockKey::RegistrySync.key())
            .one()
            .await?;
        Ok(locked.then(|| Self {
            client: detach(client),
        }))
    }

    /// Takes the lock, waiting as a standby while another syncer holds it.
    /// None when shutdown was requested while waiting.
    pub async fn acquire(database: &Database, shutdown: &Shutdown) -> Result<Option<Self>, Error> {
        if let Some(lock) = Self::try_acquire(database).await? {
            return Ok(Some(lock));
        }
        tracing::info!("another registry-sync holds the lock: waiting as a standby");
        let client = detach(database.client().await?);
        let key = LockKey::RegistrySync.key();
        let statement = locks::advisory_lock();
        tokio::select! {
            locked = statement.bind(&*client, &key).one() => {
                locked?;
                tracing::info!("took over the registry-sync lock");
                Ok(Some(Self { client }))
            }
            // Dropping the detached connection ends its session and the wait.
            () = shutdown.requested() => Ok(None),
        }
    }

    /// Fails when the connection holding the lock is gone: the lock went
    /// with it, and another syncer may be active.
    pub async fn check(&self) -> Result<(), Error> {
        locks::advisory_try_lock()
            .bind(&*self.client, &LockKey::RegistrySync.key())
            .one()
            .await
            .map_err(Error::LockLost)?;
        // A session's advisory locks stack: undo the count just added.
        locks::advisory_unlock()
            .bind(&*self.client, &LockKey::RegistrySync.key())
            .one()
            .await
            .map_err(Error::LockLost)?;
        Ok(())
    }

    /// Releases the lock (also released when this is dropped, by closing
    /// its connection).
    pub async fn release(self) -> Result<(), Error> {
        locks::advisory_unlock()
            .bind(&*self.client, &LockKey::RegistrySync.key())
            .one()
            .await?;
        Ok(())
    }
}

/// Takes a connection out of the pool, so that its session (and any lock it
/// holds) ends when it is dropped instead of being recycled.
fn detach(client: Client) -> ClientWrapper {
    Object::take(client)
}

/// Runs one git pass: a full one when the mirror is at no known commit of
/// this source, else one reading only the crate files that changed.
pub async fn sync_git(
    database: &Database,
    _lock: &SyncLock,
    source: &GitSource,
    options: &SyncOptions,
    shutdown: &Shutdown,
) -> Result<PassReport, Error> {
    let started = Instant::now();
    let mut client = database.client().await?;
    let (source_id, stored) = self::source(&client, SourceKind::Git, &source.location).await?;
    let repository = source.local_repository().await?;
    let plan = {
        let (repository, location, rev, stored) = (
            repository.clone(),
            source.location.clone(),
            source.rev.clone(),
            stored.clone(),
        );
        tokio::task::spawn_blocking(move || {
            git_source::plan(&repository, &location, rev.as_deref(), stored.as_deref())
        })
        .await
        .expect("planning a git pass does not panic")?
    };
    let kind = if plan.from_commit.is_some() {
        PassKind::GitIncremental
    } else {
        PassKind::GitFull
    };
    if stored.as_deref() == Some(plan.commit.as_str()) {
        // The mirror is at this commit already: record the pass, read nothing.
        let transaction = client
            .transaction()
            .await
            .map_err(buildsrs_database::Error::from)?;
        registry_sync::session_async_commit()
            .bind(&transaction)
            .one()
            .await?;
        let pass_id = registry_sync::pass_insert_finished()
            .bind(
                &transaction,
                &source_id,
                &kind,
                &Some(plan.commit.as_str()),
                &Some(plan.commit.as_str()),
            )
            .one()
            .await?;
        transaction.commit().await?;
        tracing::debug!(pass = pass_id, revision = %plan.commit, "nothing to sync");
        return Ok(PassReport {
            pass_id,
            kind,
            revision: Some(plan.commit),
            stats: Stats::default(),
            elapsed: started.elapsed(),
        });
    }
    let pass_id = passes::start(
        &client,
        source_id,
        kind,
        plan.from_commit.as_deref(),
        Some(&plan.commit),
    )
    .await?;
    let mut stats = Stats::default();
    let result = async {
        let mut files = plan.files;
        if kind == PassKind::GitFull {
            // Crates the commit lacks are gone from the index.
            let listed: std::collections::HashSet<&str> =
                files.iter().map(|(file, _)| file.as_str()).collect();
            let current = registry_sync::crate_file_list_current()
                .bind(&client)
                .all()
                .await?;
            let gone: Vec<String> = current
                .into_iter()
                .filter(|file| !listed.contains(file.as_str()))
                .collect();
            files.extend(gone.into_iter().map(|file| (file, None)));
        }
        let progress = (options.progress && kind == PassKind::GitFull)
            .then(|| progress_bar(files.len() as u64));
        let (sender, receiver) = mpsc::channel(2);
        let reader = {
            let (repository, location, limits, progress) = (
                repository.clone(),
                source.location.clone(),
                options.limits,
                progress.clone(),
            );
            tokio::task::spawn_blocking(move || {
                git_source::read_batches(&repository, &location, files, limits, sender, progress)
            })
        };
        let written = write_batches(&mut client, pass_id, receiver, shutdown, &mut stats).await;
        let read = reader.await.expect("reading a git index does not panic");
        if let Some(progress) = progress {
            progress.finish_and_clear();
        }
        written?;
        read?;
        // Every batch has committed: only now does the revision advance.
        let transaction = client
            .transaction()
            .await
            .map_err(buildsrs_database::Error::from)?;
        registry_sync::source_set_revision()
            .bind(&transaction, &plan.commit, &source_id)
            .one()
            .await?;
        registry_sync::source_forget_other_revisions()
            .bind(&transaction, &source_id)
            .all()
            .await?;
        finish_in(&transaction, pass_id, &stats).await?;
        transaction.commit().await?;
        Ok::<_, Error>(())
    }
    .await;
    conclude(
        &client,
        pass_id,
        kind,
        Some(plan.commit),
        result.map(|()| stats),
        stats,
        started,
    )
    .await
}

/// Runs one sparse pass over `source.crates`, or every crate the mirror and
/// the sparse cache know when none are named.
pub async fn sync_sparse(
    database: &Database,
    _lock: &SyncLock,
    source: &SparseSource,
    options: &SyncOptions,
    shutdown: &Shutdown,
) -> Result<PassReport, Error> {
    let started = Instant::now();
    let mut client = database.client().await?;
    let (source_id, _) = self::source(&client, SourceKind::Sparse, &source.url).await?;
    let pass_id = passes::start(&client, source_id, PassKind::Sparse, None, None).await?;
    let mut stats = Stats::default();
    let result = async {
        let files = match &source.crates {
            Some(names) => names.iter().map(|name| name.to_ascii_lowercase()).collect(),
            None => {
                let mut files = registry_sync::crate_file_list_current()
                    .bind(&client)
                    .all()
                    .await?;
                files.extend(
                    registry_sync::sparse_cache_file_list()
                        .bind(&client)
                        .all()
                        .await?,
                );
                files.sort();
                files.dedup();
                files
            }
        };
        let fetcher = sparse_source::Fetcher::new(source)?;
        let mut failures = Vec::new();
        let chunk_size = options.limits.files.clamp(1, 1_000);
        for chunk in files.chunks(chunk_size) {
            if shutdown.is_requested() {
                return Err(Error::Interrupted);
            }
            let stored = registry_sync::sparse_cache_list_many()
                .bind(&client, &chunk)
                .all()
                .await?;
            let (batch, failed) = fetcher.fetch_many(chunk, stored).await;
            failures.extend(failed);
            stats += reconcile::apply_batch(&mut client, pass_id, &batch).await?;
        }
        if let Some(first) = failures.first() {
            // The rest was synced; the pass still fails, naming what it missed.
            return Err(Error::SparseFetch {
                failed: failures.len(),
                requested: files.len(),
                first: first.clone(),
            });
        }
        registry_sync::source_set_synced()
            .bind(&client, &source_id)
            .one()
            .await?;
        finish_in(&client, pass_id, &stats).await?;
        Ok(())
    }
    .await;
    conclude(
        &client,
        pass_id,
        PassKind::Sparse,
        None,
        result.map(|()| stats),
        stats,
        started,
    )
    .await
}

/// The id of a source and its last synced commit, registering it on first use.
async fn source(
    client: &Client,
    kind: SourceKind,
    location: &str,
) -> Result<(i64, Option<String>), Error> {
    if let Some(found) = registry_sync::source_find()
        .bind(client, &kind, &location)
        .opt()
        .await?
    {
        return Ok((found.id, found.revision));
    }
    let id = registry_sync::source_upsert()
        .bind(client, &kind, &location)
        .one()
        .await?;
    Ok((id, None))
}

/// Applies batches as they arrive, checking for shutdown between them.
async fn write_batches(
    client: &mut Client,
    pass_id: i64,
    mut receiver: mpsc::Receiver<Batch>,
    shutdown: &Shutdown,
    stats: &mut Stats,
) -> Result<(), Error> {
    while let Some(batch) = receiver.recv().await {
        if shutdown.is_requested() {
            return Err(Error::Interrupted);
        }
        *stats += reconcile::apply_batch(client, pass_id, &batch).await?;
    }
    Ok(())
}

async fn finish_in<C: buildsrs_database::queries::client::GenericClient>(
    client: &C,
    pass_id: i64,
    stats: &Stats,
) -> Result<(), Error> {
    let no_error: Option<&str> = None;
    registry_sync::pass_finish()
        .bind(
            client,
            &stats.crate_files,
            &stats.crates_added,
            &stats.crates_updated,
            &stats.crates_removed,
            &stats.crates_restored,
            &stats.versions_added,
            &stats.versions_yanked,
            &stats.versions_unyanked,
            &stats.versions_removed,
            &stats.versions_restored,
            &stats.entries_rejected,
            &stats.entries_duplicated,
            &no_error,
            &pass_id,
        )
        .opt()
        .await?;
    Ok(())
}

/// Logs a pass's outcome and records a failure on the pass.
async fn conclude(
    client: &Client,
    pass_id: i64,
    kind: PassKind,
    revision: Option<String>,
    result: Result<Stats, Error>,
    committed: Stats,
    started: Instant,
) -> Result<PassReport, Error> {
    match result {
        Ok(stats) => {
            let elapsed = started.elapsed();
            tracing::info!(pass = pass_id, ?kind, revision = revision.as_deref().unwrap_or("-"), ?elapsed, %stats, "pass finished");
            Ok(PassReport {
                pass_id,
                kind,
                revision,
                stats,
                elapsed,
            })
        }
        Err(error) => {
            tracing::error!(pass = pass_id, ?kind, error = %Report(&error), "pass failed");
            // Best effort: the pass record keeps what committed batches did.
            let told = Report(&error).to_string();
            if let Err(record_error) =
                passes::finish(client, pass_id, &committed, Some(&told)).await
            {
                tracing::warn!(error = %Report(&record_error), "could not record the failed pass");
            }
            Err(error)
        }
    }
}

fn progress_bar(total: u64) -> ProgressBar {
    let bar = ProgressBar::new(total);
    if !std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        bar.set_draw_target(indicatif::ProgressDrawTarget::hidden());
    }
    bar.set_style(
        ProgressStyle::with_template(
            "{elapsed_precise} [{wide_bar}] {pos}/{len} crate files ({per_sec}, {eta})",
        )
        .expect("the progress template is valid"),
    );
    bar
}
