//! `buildsrs-registry-sync`: parses the command line, sets up logging and
//! hands over to the library's `run`.

use anyhow::Context as _;
use buildsrs_registry_sync::{Config, LogFormat, Shutdown};
use clap::Parser as _;
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    buildsrs_report::exit(run_command().await)
}

/// Everything `main` does; its error is reported on one line.
async fn run_command() -> anyhow::Result<()> {
    let config = Config::parse();
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let subscriber = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match config.log_format {
        LogFormat::Text => subscriber.init(),
        LogFormat::Json => subscriber.json().init(),
    }
    let shutdown = Shutdown::on_signals().context("could not install the signal handlers")?;
    buildsrs_registry_sync::run(config, shutdown)
        .await
        .context("registry-sync failed")
}
