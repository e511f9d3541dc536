//! `buildsrs-builder`: parses the command line, sets up logging and hands
//! over to the library's `run` until SIGTERM or SIGINT (or, with `--once`,
//! until no job is waiting). A second signal exits at once.

use anyhow::Context as _;
use buildsrs_builder::{Config, LogFormat, run};
use clap::Parser as _;
use tokio::signal::unix::{SignalKind, signal};
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
    let mut terminate =
        signal(SignalKind::terminate()).context("installing the SIGTERM handler")?;
    let mut interrupt = signal(SignalKind::interrupt()).context("installing the SIGINT handler")?;
    let shutdown = async move {
        tokio::select! {
            _ = terminate.recv() => tracing::info!("SIGTERM: no new jobs; finishing the running ones"),
            _ = interrupt.recv() => tracing::info!("SIGINT: no new jobs; finishing the running ones"),
        }
        // A second signal does not wait for the grace period.
        tokio::spawn(async move {
            tokio::select! {
                _ = terminate.recv() => {}
                _ = interrupt.recv() => {}
            }
            tracing::warn!("second signal: exiting now, without giving the running jobs back");
            std::process::exit(130);
        });
    };
    run(config, shutdown).await.context("the builder failed")
}
