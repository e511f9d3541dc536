//! `buildsrs-backend`: parses the configuration, sets up logging, connects
//! to a migrated database and serves until SIGTERM or Ctrl-C.

use anyhow::{Context, Result};
use buildsrs_backend_daemon::{Config, LogFormat, run};
use buildsrs_database::{Database, migrations};
use clap::Parser;
use tokio::net::TcpListener;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    buildsrs_report::exit(run_command().await)
}

/// Everything `main` does; its error is reported on one line.
async fn run_command() -> Result<()> {
    let config = Config::parse();
    let filter =
        tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into());
    // Logs go to stderr, as the other daemons' do; stdout stays free.
    let subscriber = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match config.log_format {
        LogFormat::Text => subscriber.init(),
        LogFormat::Json => subscriber.json().init(),
    }
    let local = config.database.url.is_none();
    let database = Database::connect(&config.database)
        .await
        .context("connecting to the database")?;
    // The local cluster is this program's own: bring its schema up to date.
    if local {
        database
            .migrate()
            .await
            .context("migrating the local cluster's database")?;
    }
    database
        .require_schema(migrations::schema_version())
        .await
        .context("checking the schema version")?;
    let listener = TcpListener::bind(config.listen)
        .await
        .with_context(|| format!("listening on {}", config.listen))?;
    run(
        database,
        config.storage,
        config.service,
        listener,
        shutdown_signal(),
    )
    .await?;
    Ok(())
}

/// Resolves on SIGTERM (systemd) or Ctrl-C.
async fn shutdown_signal() {
    let mut terminate = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        .expect("a SIGTERM handler can be installed");
    tokio::select! {
        _ = terminate.recv() => {}
        _ = tokio::signal::ctrl_c() => {}
    }
    tracing::info!("shutting down");
}
