//! `buildsrs-builder`: parses the command line, sets up logging and hands
//! over to the library's `run` until SIGTERM or SIGINT (or, with `--once`,
//! until no job is waiting). A second signal exits at once.

use anyhow::Context as _;
use buildsrs_builder::{Config, run};
use buildsrs_runtime::logging;
use buildsrs_runtime::signals::Signals;
use clap::Parser as _;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    buildsrs_report::exit(run_command().await)
}

/// Everything `main` does; its error is reported on one line.
async fn run_command() -> anyhow::Result<()> {
    let config = Config::parse();
    logging::init(config.log_format);
    let mut signals = Signals::install().context("installing the signal handlers")?;
    let shutdown = async move {
        let signal = signals.recv().await;
        tracing::info!("{signal}: no new jobs; finishing the running ones");
        // A second signal does not wait for the grace period.
        tokio::spawn(async move {
            signals.recv().await;
            tracing::warn!("second signal: exiting now, without giving the running jobs back");
            std::process::exit(130);
        });
    };
    run(config, shutdown).await.context("the builder failed")
}
