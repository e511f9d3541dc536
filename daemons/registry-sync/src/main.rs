//! `buildsrs-registry-sync`: parses the command line, sets up logging and
//! hands over to the library's `run`, which stops on SIGTERM or SIGINT.

use anyhow::Context as _;
use buildsrs_registry_sync::Config;
use buildsrs_runtime::{logging, signals};
use clap::Parser as _;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    buildsrs_report::exit(run_command().await)
}

/// Everything `main` does; its error is reported on one line.
async fn run_command() -> anyhow::Result<()> {
    let config = Config::parse();
    logging::init(config.log_format);
    let shutdown = signals::shutdown_token("finishing the current batch and stopping")
        .context("could not install the signal handlers")?;
    buildsrs_registry_sync::run(config, shutdown)
        .await
        .context("registry-sync failed")
}
