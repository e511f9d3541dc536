//! The process around passes: the `run` loop
//! with its interval, the standby wait for the sync lock, and systemd
//! notification (READY, STATUS, WATCHDOG, STOPPING).

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use buildsrs_database::{Database, migrations};
use buildsrs_report::Report;
use sd_notify::NotifyState;
use tokio_util::sync::CancellationToken;

use crate::Error;
use crate::config::{Command, Config, RunArgs, Source, StatusArgs, SyncArgs};
use crate::metrics::{self, Metrics};
use crate::passes::{self, PassReport};
use crate::sync::{SyncLock, SyncOptions, sync_git, sync_sparse};

/// How long a pass may take to stop by itself after a shutdown request
/// before it is dropped (its open transaction rolls back).
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// Runs the command of `config` until it is done or shutdown is requested.
pub async fn run(config: Config, shutdown: CancellationToken) -> Result<(), Error> {
    let database = Database::connect(&config.database).await?;
    match &config.command {
        Command::Status(args) => status(&database, args).await,
        Command::Sync(args) => sync_once(&database, &config, args, &shutdown).await,
        Command::Run(args) => serve(&database, &config, args, &shutdown).await,
    }
}

/// `status`: prints the recent passes, read from the read pool.
async fn status(database: &Database, args: &StatusArgs) -> Result<(), Error> {
    database
        .require_schema(migrations::schema_version())
        .await?;
    let client = database.read_client().await?;
    print!(
        "{}",
        passes::render_status(&passes::recent(&client, args.limit).await?)
    );
    Ok(())
}

/// `sync`: one pass under the sync lock (waiting for it as a standby), then
/// its summary on stdout.
async fn sync_once(
    database: &Database,
    config: &Config,
    args: &SyncArgs,
    shutdown: &CancellationToken,
) -> Result<(), Error> {
    prepare_schema(database, config, args.options.migrate).await?;
    let Some(lock) = SyncLock::acquire(database, shutdown).await? else {
        return Err(Error::Interrupted);
    };
    let report = pass(
        database,
        &lock,
        &args.source.source(),
        &args.options.sync_options(),
        shutdown,
    )
    .await;
    lock.release().await?;
    let report = report?;
    println!(
        "pass {} ({:?}) in {:.3} s: {}",
        report.pass_id,
        report.kind,
        report.elapsed.as_secs_f64(),
        report.stats
    );
    Ok(())
}

/// `run`: the service. Waits for the sync lock as a standby, then passes at
/// the interval until shutdown, telling systemd how it goes.
async fn serve(
    database: &Database,
    config: &Config,
    args: &RunArgs,
    shutdown: &CancellationToken,
) -> Result<(), Error> {
    prepare_schema(database, config, args.options.migrate).await?;
    let source = args.source.source();
    let options = args.options.sync_options();
    let metrics = Arc::new(Metrics::default());
    let _endpoint = match args.metrics_listen {
        Some(address) => Some(
            metrics::serve(
                address,
                database.clone(),
                Arc::clone(&metrics),
                shutdown.clone(),
            )
            .await?,
        ),
        None => None,
    };
    let _watchdog = spawn_watchdog();
    notify(&[
        NotifyState::Ready,
        NotifyState::Status("waiting for the registry-sync lock"),
    ]);
    let Some(lock) = SyncLock::acquire(database, shutdown).await? else {
        notify(&[NotifyState::Stopping]);
        return Ok(());
    };
    metrics.set_lock_held(true);
    while !shutdown.is_cancelled() {
        lock.check().await?;
        notify(&[NotifyState::Status("syncing")]);
        let outcome = pass(database, &lock, &source, &options, shutdown).await;
        if !matches!(outcome, Err(Error::Interrupted)) {
            metrics.record(&outcome);
        }
        let status = match outcome {
            Ok(report) => format!(
                "last pass {} ok in {:.1} s: {}",
                report.pass_id,
                report.elapsed.as_secs_f64(),
                report.stats
            ),
            Err(Error::Interrupted) => break,
            // Passes converge: the next one retries whatever failed.
            Err(error) => format!("last pass failed: {}", Report(&error)),
        };
        notify(&[NotifyState::Status(&status)]);
        tokio::select! {
            () = tokio::time::sleep(args.interval) => {}
            () = shutdown.cancelled() => {}
        }
    }
    notify(&[NotifyState::Stopping]);
    lock.release().await?;
    Ok(())
}

/// One pass of either source, given a grace period to stop on shutdown.
async fn pass(
    database: &Database,
    lock: &SyncLock,
    source: &Source,
    options: &SyncOptions,
    shutdown: &CancellationToken,
) -> Result<PassReport, Error> {
    let work: std::pin::Pin<Box<dyn Future<Output = Result<PassReport, Error>> + Send + '_>> =
        match source {
            Source::Git(git) => Box::pin(sync_git(database, lock, git, options, shutdown)),
            Source::Sparse(sparse) => {
                Box::pin(sync_sparse(database, lock, sparse, options, shutdown))
            }
        };
    tokio::pin!(work);
    tokio::select! {
        result = &mut work => result,
        () = shutdown.cancelled() => match tokio::time::timeout(SHUTDOWN_GRACE, &mut work).await {
            Ok(result) => result,
            Err(_) => Err(Error::Interrupted),
        },
    }
}

/// Migrates, or checks the schema version, as `--migrate` says.
async fn prepare_schema(
    database: &Database,
    config: &Config,
    migrate: Option<bool>,
) -> Result<(), Error> {
    // The local (or throwaway) cluster is this program's own: migrating it
    // is the only sensible default.
    if migrate.unwrap_or(config.database.url.is_none()) {
        let report = database.migrate().await?;
        tracing::info!(version = report.version, applied = ?report.applied, "schema migrated");
    } else {
        database
            .require_schema(migrations::schema_version())
            .await?;
    }
    Ok(())
}

fn notify(states: &[NotifyState<'_>]) {
    if let Err(error) = sd_notify::notify(false, states) {
        tracing::debug!(error = %Report(&error), "could not notify systemd");
    }
}

/// Pings the systemd watchdog at half its period, when it is enabled.
fn spawn_watchdog() -> Option<tokio::task::JoinHandle<()>> {
    let mut usec = 0;
    if !sd_notify::watchdog_enabled(false, &mut usec) {
        return None;
    }
    let period = Duration::from_micros(usec / 2).max(Duration::from_millis(100));
    Some(tokio::spawn(async move {
        let mut ticks = tokio::time::interval(period);
        loop {
            ticks.tick().await;
            notify(&[NotifyState::Watchdog]);
        }
    }))
}
