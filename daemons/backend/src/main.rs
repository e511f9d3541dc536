//! `buildsrs-backend`: parses the configuration, sets up logging, connects
//! to a migrated database and serves until SIGTERM or Ctrl-C.

use anyhow::{Context, Result};
use buildsrs_backend_daemon::{Config, run};
use buildsrs_database::{Database, migrations};
use buildsrs_runtime::{logging, signals};
use clap::Parser;
use tokio::net::TcpListener;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    buildsrs_report::exit(run_command().await)
}

/// Everything `main` does; its error is reported on one line.
async fn run_command() -> Result<()> {
    let config = Config::parse();
    logging::init(config.log_format);
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
    let shutdown = signals::shutdown_token("finishing the running requests and stopping")
        .context("installing the signal handlers")?;
    let listener = TcpListener::bind(config.listen)
        .await
        .with_context(|| format!("listening on {}", config.listen))?;
    run(
        database,
        config.storage,
        config.service,
        listener,
        shutdown.cancelled_owned(),
    )
    .await?;
    Ok(())
}
