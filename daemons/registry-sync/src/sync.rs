//! One pass, from start to its record: the sync lock that makes this the
//! only writer, a git pass (full or incremental) and a sparse pass.

use std::collections::HashSet;
use std::path::Path;
use std::time::Instant;

use buildsrs_database::queries::deadpool_postgres::{ClientWrapper, Object};
use buildsrs_database::queries::queries::{locks, registry_sync};
use buildsrs_database::{Client, Database, LockKey};
use buildsrs_report::Report;
use gix::ObjectId;
use indicatif::{ProgressBar, ProgressStyle};
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use crate::git_source::{self, GitPlan, GitSource};
use crate::passes::{self, PassKind, PassReport, SourceKind, Stats};
use crate::reconcile::{self, Batch};
use crate::sparse_source::{self, FailedFetch, SparseSource};
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
    pub async fn acquire(
        database: &Database,
        shutdown: &CancellationToken,
    ) -> Result<Option<Self>, Error> {
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
            () = shutdown.cancelled() => Ok(None),
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
    shutdown: &CancellationToken,
) -> Result<PassReport, Error> {
    let started = Instant::now();
    let mut client = database.client().await?;
    let (source_id, stored) = self::source(&client, SourceKind::Git, &source.location).await?;
    let repository = source.local_repository().await?;
    let GitPlan {
        commit,
        from_commit,
        files,
    } = plan_git(&repository, source, stored.clone()).await?;
    let kind = if from_commit.is_some() {
        PassKind::GitIncremental
    } else {
        PassKind::GitFull
    };
    if stored.as_deref() == Some(commit.as_str()) {
        return record_up_to_date(&mut client, source_id, kind, commit, started).await;
    }
    let pass_id = passes::start(
        &client,
        source_id,
        kind,
        from_commit.as_deref(),
        Some(&commit),
    )
    .await?;
    let pass = GitPass {
        source_id,
        pass_id,
        kind,
        repository: &repository,
        location: &source.location,
        commit: &commit,
        options,
        shutdown,
    };
    let mut stats = Stats::default();
    let result = pass.run(&mut client, files, &mut stats).await;
    let result = result.map(|()| stats);
    conclude(&client, pass_id, kind, Some(commit), result, stats, started).await
}

/// Resolves the commit and lists the changed crate files, on a blocking
/// thread: gix reads the repository synchronously.
async fn plan_git(
    repository: &Path,
    source: &GitSource,
    stored: Option<String>,
) -> Result<GitPlan, Error> {
    let (repository, location, rev) = (
        repository.to_owned(),
        source.location.clone(),
        source.rev.clone(),
    );
    tokio::task::spawn_blocking(move || {
        git_source::plan(&repository, &location, rev.as_deref(), stored.as_deref())
    })
    .await
    .expect("planning a git pass does not panic")
}

/// Records a pass that found the mirror at its commit already and so read
/// nothing.
async fn record_up_to_date(
    client: &mut Client,
    source_id: i64,
    kind: PassKind,
    commit: String,
    started: Instant,
) -> Result<PassReport, Error> {
    let transaction = client.transaction().await?;
    registry_sync::session_async_commit()
        .bind(&transaction)
        .one()
        .await?;
    let pass_id = registry_sync::pass_insert_finished()
        .bind(
            &transaction,
            &source_id,
            &kind,
            &Some(commit.as_str()),
            &Some(commit.as_str()),
        )
        .one()
        .await?;
    transaction.commit().await?;
    tracing::debug!(pass = pass_id, revision = %commit, "nothing to sync");
    Ok(PassReport {
        pass_id,
        kind,
        revision: Some(commit),
        stats: Stats::default(),
        elapsed: started.elapsed(),
    })
}

/// A git pass whose record is open: where it reads, what it syncs to, and
/// how it batches and stops.
struct GitPass<'a> {
    source_id: i64,
    pass_id: i64,
    kind: PassKind,
    repository: &'a Path,
    location: &'a str,
    /// The commit the mirror will equal once every batch has committed.
    commit: &'a str,
    options: &'a SyncOptions,
    shutdown: &'a CancellationToken,
}

impl GitPass<'_> {
    /// Reconciles `files`, adding up what committed batches did in `stats`,
    /// then advances the revision.
    async fn run(
        &self,
        client: &mut Client,
        mut files: Vec<(String, Option<ObjectId>)>,
        stats: &mut Stats,
    ) -> Result<(), Error> {
        if self.kind == PassKind::GitFull {
            files.extend(gone_files(client, &files).await?);
        }
        self.read_and_write(client, files, stats).await?;
        self.advance(client, stats).await
    }

    /// Reads the files on a blocking thread and writes each batch as it
    /// arrives, with a progress bar for a full pass when asked.
    async fn read_and_write(
        &self,
        client: &mut Client,
        files: Vec<(String, Option<ObjectId>)>,
        stats: &mut Stats,
    ) -> Result<(), Error> {
        let progress = (self.options.progress && self.kind == PassKind::GitFull)
            .then(|| progress_bar(files.len() as u64));
        let (sender, receiver) = mpsc::channel(2);
        let reader = {
            let (repository, location, limits, progress) = (
                self.repository.to_owned(),
                self.location.to_owned(),
                self.options.limits,
                progress.clone(),
            );
            tokio::task::spawn_blocking(move || {
                git_source::read_batches(&repository, &location, files, limits, sender, progress)
            })
        };
        let written = write_batches(client, self.pass_id, receiver, self.shutdown, stats).await;
        let read = reader.await.expect("reading a git index does not panic");
        if let Some(progress) = progress {
            progress.finish_and_clear();
        }
        written?;
        read
    }

    /// Every batch has committed: only now does the revision advance, in one
    /// transaction with the pass's record.
    async fn advance(&self, client: &mut Client, stats: &Stats) -> Result<(), Error> {
        let transaction = client.transaction().await?;
        registry_sync::source_set_revision()
            .bind(&transaction, &self.commit, &self.source_id)
            .one()
            .await?;
        registry_sync::source_forget_other_revisions()
            .bind(&transaction, &self.source_id)
            .all()
            .await?;
        passes::finish(&transaction, self.pass_id, stats, None).await?;
        transaction.commit().await?;
        Ok(())
    }
}

/// The current crates a full pass's commit lacks: they are gone from the
/// index.
async fn gone_files(
    client: &Client,
    files: &[(String, Option<ObjectId>)],
) -> Result<Vec<(String, Option<ObjectId>)>, Error> {
    let listed: HashSet<&str> = files.iter().map(|(file, _)| file.as_str()).collect();
    let current = registry_sync::crate_file_list_current()
        .bind(client)
        .all()
        .await?;
    Ok(current
        .into_iter()
        .filter(|file| !listed.contains(file.as_str()))
        .map(|file| (file, None))
        .collect())
}

/// Runs one sparse pass over `source.crates`, or every crate the mirror and
/// the sparse cache know when none are named.
pub async fn sync_sparse(
    database: &Database,
    _lock: &SyncLock,
    source: &SparseSource,
    options: &SyncOptions,
    shutdown: &CancellationToken,
) -> Result<PassReport, Error> {
    let started = Instant::now();
    let mut client = database.client().await?;
    let (source_id, _) = self::source(&client, SourceKind::Sparse, &source.url).await?;
    let pass_id = passes::start(&client, source_id, PassKind::Sparse, None, None).await?;
    let mut stats = Stats::default();
    let result = async {
        let files = sparse_files(&client, source).await?;
        let fetcher = sparse_source::Fetcher::new(source)?;
        let failures = fetch_and_write(
            &mut client,
            pass_id,
            &fetcher,
            &files,
            options,
            shutdown,
            &mut stats,
        )
        .await?;
        let failed = failures.len();
        if let Some(first) = failures.into_iter().next() {
            // The rest was synced; the pass still fails, naming what it missed.
            return Err(Error::SparseFetch {
                failed,
                requested: files.len(),
                first_file: first.file,
                first_error: first.error,
            });
        }
        registry_sync::source_set_synced()
            .bind(&client, &source_id)
            .one()
            .await?;
        passes::finish(&client, pass_id, &stats, None).await
    }
    .await;
    let result = result.map(|()| stats);
    conclude(
        &client,
        pass_id,
        PassKind::Sparse,
        None,
        result,
        stats,
        started,
    )
    .await
}

/// The crate files a sparse pass fetches: those named, or every crate the
/// mirror or the sparse cache knows, sorted.
async fn sparse_files(client: &Client, source: &SparseSource) -> Result<Vec<String>, Error> {
    if let Some(names) = &source.crates {
        return Ok(names.iter().map(|name| name.to_ascii_lowercase()).collect());
    }
    let mut files = registry_sync::crate_file_list_current()
        .bind(client)
        .all()
        .await?;
    files.extend(
        registry_sync::sparse_cache_file_list()
            .bind(client)
            .all()
            .await?,
    );
    files.sort();
    files.dedup();
    Ok(files)
}

/// Fetches `files` in chunks, each written as one batch, checking for
/// shutdown between them; returns the files that could not be fetched.
async fn fetch_and_write(
    client: &mut Client,
    pass_id: i64,
    fetcher: &sparse_source::Fetcher,
    files: &[String],
    options: &SyncOptions,
    shutdown: &CancellationToken,
    stats: &mut Stats,
) -> Result<Vec<FailedFetch>, Error> {
    let mut failures = Vec::new();
    let chunk_size = options.limits.files.clamp(1, 1_000);
    for chunk in files.chunks(chunk_size) {
        if shutdown.is_cancelled() {
            return Err(Error::Interrupted);
        }
        let stored = registry_sync::sparse_cache_list_many()
            .bind(&*client, &chunk)
            .all()
            .await?;
        let (batch, failed) = fetcher.fetch_many(chunk, stored).await;
        failures.extend(failed);
        *stats += reconcile::apply_batch(client, pass_id, &batch).await?;
    }
    Ok(failures)
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
    shutdown: &CancellationToken,
    stats: &mut Stats,
) -> Result<(), Error> {
    while let Some(batch) = receiver.recv().await {
        if shutdown.is_cancelled() {
            return Err(Error::Interrupted);
        }
        *stats += reconcile::apply_batch(client, pass_id, &batch).await?;
    }
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
