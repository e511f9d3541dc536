//! `buildsrs-cluster`: a developer's PostgreSQL cluster under `target/`,
//! for `just db` and `just generate`. Prints the cluster's URL on start.

use std::path::PathBuf;
use std::process::ExitCode;

use buildsrs_cluster::Cluster;
use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(version, about)]
struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Initialise and start the cluster in DIR if it is not running; print its URL.
    Start { dir: PathBuf },
    /// Stop the cluster in DIR, keeping its data.
    Stop { dir: PathBuf },
    /// Start a throwaway cluster, print its URL and keep it until this
    /// process ends (Ctrl-C, or any kill): then it is stopped and deleted.
    Throwaway,
}

fn main() -> ExitCode {
    let result = match Args::parse().command {
        Command::Start { dir } => {
            Cluster::start_in(&dir).map(|cluster| println!("{}", cluster.url()))
        }
        Command::Stop { dir } => Cluster::stop_in(&dir),
        Command::Throwaway => Cluster::start_throwaway().map(|cluster| {
            println!("{}", cluster.url());
            // Park until a signal ends the process; the watchdog cleans up.
            loop {
                std::thread::park();
            }
        }),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}
