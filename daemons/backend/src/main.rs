//! `buildsrs-backend`: parses the configuration, sets up logging, connects
//! to a migrated database, opens the artifact store and serves until
//! SIGTERM or Ctrl-C, or runs one of the operator's commands
//! (`gc-artifacts`, `scrub`) on the store and its rows.

use std::process::ExitCode;

use anyhow::{Context, Result};
use buildsrs_backend::Backend;
use buildsrs_backend_daemon::storage::{ArtifactStore, upkeep};
use buildsrs_backend_daemon::{Command, Config, run};
use buildsrs_database::{Database, migrations};
use buildsrs_runtime::{logging, signals};
use clap::Parser;
use tokio::net::TcpListener;

#[tokio::main]
async fn main() -> ExitCode {
    match run_command().await {
        Ok(code) => code,
        Err(error) => buildsrs_report::exit(Err(error)),
    }
}

/// Everything `main` does; its error is reported on one line.
async fn run_command() -> Result<ExitCode> {
    let config = Config::parse();
    logging::init(config.log_format);
    let database = connect(&config).await?;
    let store = ArtifactStore::open(&config.storage, config.service.max_artifact_size)
        .await
        .with_context(|| format!("opening the artifact store {}", config.storage))?;
    match config.command {
        None => serve(config, database, store).await,
        Some(command) => {
            let backend = Backend::new(database, buildsrs_backend::Config::default());
            operate(command, &store, &backend, &config.service).await
        }
    }
}

/// Connects to a database of this binary's schema (migrating the local
/// cluster, which is this program's own).
async fn connect(config: &Config) -> Result<Database> {
    let database = Database::connect(&config.database)
        .await
        .context("connecting to the database")?;
    if config.database.url.is_none() {
        database
            .migrate()
            .await
            .context("migrating the local cluster's database")?;
    }
    database
        .require_schema(migrations::schema_version())
        .await
        .context("checking the schema version")?;
    Ok(database)
}

/// Serves until SIGTERM or Ctrl-C.
async fn serve(config: Config, database: Database, store: ArtifactStore) -> Result<ExitCode> {
    let shutdown = signals::shutdown_token("finishing the running requests and stopping")
        .context("installing the signal handlers")?;
    let listener = TcpListener::bind(config.listen)
        .await
        .with_context(|| format!("listening on {}", config.listen))?;
    run(
        database,
        store,
        config.service,
        listener,
        shutdown.cancelled_owned(),
    )
    .await?;
    Ok(ExitCode::SUCCESS)
}

/// Runs an operator's command, printing what it found.
async fn operate(
    command: Command,
    store: &ArtifactStore,
    backend: &Backend,
    settings: &buildsrs_backend_daemon::Settings,
) -> Result<ExitCode> {
    match command {
        Command::GcArtifacts { apply } => {
            let report = upkeep::collect_orphans(store, backend, settings.gc_grace, apply)
                .await
                .context("collecting orphaned artifact objects")?;
            for orphan in &report.orphans {
                println!("orphan {orphan}");
            }
            let verb = if apply { "removed" } else { "would remove" };
            println!(
                "{} objects listed, {} orphans older than {}: {verb} {}; {} stale temporary uploads removed",
                report.listed,
                report.orphans.len(),
                humantime::format_duration(settings.gc_grace),
                if apply {
                    report.removed
                } else {
                    report.orphans.len()
                },
                report.stale_uploads,
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Scrub => {
            let report = upkeep::scrub(store, backend)
                .await
                .context("scrubbing the artifact store")?;
            for digest in &report.corrupted {
                println!("corrupted {digest} (quarantined)");
            }
            for digest in &report.missing {
                println!("missing {digest}");
            }
            println!(
                "{} objects checked, {} corrupted, {} artifact rows without their object",
                report.checked,
                report.corrupted.len(),
                report.missing.len()
            );
            let clean = report.corrupted.is_empty() && report.missing.is_empty();
            Ok(if clean {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            })
        }
    }
}
