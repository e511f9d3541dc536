//! `cargo builds`: parses the command line (as `cargo builds …` or
//! `cargo-builds …`), sets up logging and runs one command of the library.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use cargo_builds::client::Client;
use cargo_builds::install::{self, Request};
use cargo_builds::record::Record;
use cargo_builds::root::Root;
use cargo_builds::spec::{CrateSpec, cargo_args};
use cargo_builds::{DEFAULT_BACKEND, HOST_TARGET, status};
use clap::{Args, Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};

/// Install binaries that a buildsrs farm built, instead of compiling them.
#[derive(Debug, Parser)]
#[command(name = "cargo-builds", bin_name = "cargo builds", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Download, check and install a crate's binaries built for a target.
    Install {
        /// `<crate>` (the newest version built for the target) or
        /// `<crate>@<version>`.
        spec: String,
        /// The target to install for.
        #[arg(long, default_value = HOST_TARGET)]
        target: String,
        /// Replace binaries that cargo builds did not install for this crate.
        #[arg(long)]
        force: bool,
        #[command(flatten)]
        backend: Backend,
        #[command(flatten)]
        root: RootArg,
    },
    /// Show what was built for a version (by default the latest), per target.
    Status {
        /// `<crate>` or `<crate>@<version>`.
        spec: String,
        #[command(flatten)]
        backend: Backend,
    },
    /// List what cargo builds installed in the root.
    List {
        #[command(flatten)]
        root: RootArg,
    },
    /// Remove a crate's binaries that cargo builds installed, if unchanged.
    Uninstall {
        /// The crate's name.
        #[arg(value_name = "CRATE")]
        krate: String,
        #[command(flatten)]
        root: RootArg,
    },
}

#[derive(Debug, Args)]
struct Backend {
    /// The buildsrs backend to ask.
    #[arg(long = "backend", env = "BUILDSRS_URL", default_value = DEFAULT_BACKEND)]
    url: String,
}

#[derive(Debug, Args)]
struct RootArg {
    /// Install into DIR/bin [default: $CARGO_HOME, else ~/.cargo].
    #[arg(long = "root", value_name = "DIR", env = "CARGO_INSTALL_ROOT")]
    dir: Option<PathBuf>,
}

fn main() -> ExitCode {
    let cli = Cli::parse_from(cargo_args(std::env::args_os().collect()));
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "warn,cargo_builds=info".into()),
        )
        .with_writer(std::io::stderr)
        .without_time()
        .with_target(false)
        .init();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime starts");
    match runtime.block_on(run(cli.command)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {}", one_line(&error));
            ExitCode::FAILURE
        }
    }
}

async fn run(command: Command) -> anyhow::Result<()> {
    match command {
        Command::Install {
            spec,
            target,
            force,
            backend,
            root,
        } => install_crate(&spec, target, force, &backend, root).await,
        Command::Status { spec, backend } => {
            let client = Client::new(&backend.url)?;
            let detail = status::status(&client, &CrateSpec::parse(&spec)?).await?;
            print!("{}", status::render(&detail));
            Ok(())
        }
        Command::List { root } => list_installed(root),
        Command::Uninstall { krate, root } => uninstall_crate(&krate, root),
    }
}

/// `install`: downloads, checks and installs, then names what it wrote.
async fn install_crate(
    spec: &str,
    target: String,
    force: bool,
    backend: &Backend,
    root: RootArg,
) -> anyhow::Result<()> {
    let request = Request {
        spec: CrateSpec::parse(spec)?,
        target,
        root: Root::from_env(root.dir)?,
        force,
    };
    let client = Client::new(&backend.url)?;
    let installed = install::install(&client, &request, progress_bar())
        .await
        .with_context(|| format!("installing {spec} from {}", client.base()))?;
    let install = &installed.install;
    println!(
        "installed {} {} ({})",
        install.krate, install.version, install.target
    );
    for path in &installed.paths {
        println!("  {}", path.display());
    }
    Ok(())
}

/// `list`: one line per installed crate with its files.
fn list_installed(root: RootArg) -> anyhow::Result<()> {
    let root = Root::from_env(root.dir)?;
    for install in Record::load(&root)?.installs {
        let files: Vec<&str> = install
            .files
            .iter()
            .map(|file| file.path.as_str())
            .collect();
        println!(
            "{} {} ({}): {}",
            install.krate,
            install.version,
            install.target,
            files.join(", ")
        );
    }
    Ok(())
}

/// `uninstall`: removes the crate's unchanged files and warns of the rest.
fn uninstall_crate(krate: &str, root: RootArg) -> anyhow::Result<()> {
    let root = Root::from_env(root.dir)?;
    let done = install::uninstall(&root, krate)?;
    for path in &done.removed {
        println!("removed {}", path.display());
    }
    for path in &done.kept {
        eprintln!(
            "warning: kept {}: changed since it was installed",
            path.display()
        );
    }
    Ok(())
}

/// The error and its causes on one line; a cause whose text the line
/// already holds (messages that quote their source) is not repeated.
fn one_line(error: &anyhow::Error) -> String {
    let mut line = String::new();
    for cause in error.chain() {
        let text = cause.to_string();
        if line.contains(&text) {
            continue;
        }
        if !line.is_empty() {
            line.push_str(": ");
        }
        line.push_str(&text);
    }
    line
}

/// A download bar on a terminal; nothing drawn otherwise.
fn progress_bar() -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(0);
    if let Ok(style) =
        ProgressStyle::with_template("{bar:40} {bytes}/{total_bytes} {bytes_per_sec}")
    {
        bar.set_style(style);
    }
    bar
}
