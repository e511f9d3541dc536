//! `buildsrs-database`: the operator's tool. Migrates the database, shows
//! its schema status, manages builders, targets and tasks, and applies
//! retention (`gc`).

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use buildsrs_database::migrations::{self, State};
use buildsrs_database::queries::types::TaskKind;
use buildsrs_database::retention::{self, Outcome, Retention};
use buildsrs_database::tasks::{self, TaskFilter};
use buildsrs_database::{Client, Database, DatabaseOptions, builders, targets};
use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(version, about = "Administer the buildsrs database")]
struct Args {
    #[command(flatten)]
    database: DatabaseOptions,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Apply pending migrations, then show the schema status.
    Migrate,
    /// Show applied and pending migrations and the server's health.
    Status,
    /// Manage builders.
    #[command(subcommand)]
    Builder(BuilderCommand),
    /// Manage build targets.
    #[command(subcommand)]
    Target(TargetCommand),
    /// List and steer tasks (what should be built).
    #[command(subcommand)]
    Tasks(TasksCommand),
    /// Show what retention would remove: the logs of superseded jobs and
    /// daily download counts past their window; with --apply, remove them
    /// (the days become monthly totals).
    Gc {
        #[command(flatten)]
        retention: Retention,
        /// Remove instead of only showing what would go.
        #[arg(long)]
        apply: bool,
    },
}

#[derive(Subcommand)]
enum TasksCommand {
    /// List matching tasks, newest first, with their latest job's result.
    List {
        #[command(flatten)]
        filters: TaskFilter,
        /// At most this many.
        #[arg(long, default_value_t = 50)]
        limit: i64,
    },
    /// Create the missing tasks of a crate's current versions.
    Create {
        /// The crate (any case).
        #[arg(long = "crate")]
        krate: String,
        /// Only this version.
        #[arg(long)]
        version: Option<String>,
        /// Only this target (else every enabled one).
        #[arg(long)]
        target: Option<String>,
        /// The kinds to create (repeatable; default binary and metadata).
        #[arg(long = "kind", value_parser = tasks::parse_kind)]
        kinds: Vec<TaskKind>,
        /// Their priority (higher is built first).
        #[arg(long, default_value_t = tasks::RAISED_PRIORITY)]
        priority: i32,
    },
    /// Make matching failed or cancelled tasks wait again.
    Retry {
        #[command(flatten)]
        filters: TaskFilter,
    },
    /// Cancel matching unfinished tasks (and their running jobs).
    Cancel {
        #[command(flatten)]
        filters: TaskFilter,
    },
    /// Give matching tasks that have not started a priority.
    Prioritize {
        #[command(flatten)]
        filters: TaskFilter,
        /// The new priority (fresh publishes have 100, backfills 0).
        #[arg(long, default_value_t = tasks::RAISED_PRIORITY)]
        priority: i32,
    },
}

#[derive(Subcommand)]
enum BuilderCommand {
    /// Register a builder by its OpenSSH public key file.
    Add {
        /// The key file, for example `builder.pub`.
        key_file: PathBuf,
        /// A note for operators; defaults to the key's own comment.
        #[arg(long, default_value = "")]
        comment: String,
        /// Register it disabled.
        #[arg(long)]
        disabled: bool,
        /// Targets it may build (repeatable).
        #[arg(long = "target")]
        targets: Vec<String>,
    },
    /// List builders.
    List,
    /// Let a builder claim work.
    Enable { builder: i64 },
    /// Stop a builder claiming work.
    Disable { builder: i64 },
    /// Replace a builder's comment.
    Comment { builder: i64, comment: String },
    /// Let a builder build a target.
    EnableTarget { builder: i64, target: String },
    /// Stop a builder building a target.
    DisableTarget { builder: i64, target: String },
    /// List a builder's targets.
    Targets { builder: i64 },
}

#[derive(Subcommand)]
enum TargetCommand {
    /// Add a target triple, such as `x86_64-unknown-linux-gnu`.
    Add {
        name: String,
        /// Add it disabled.
        #[arg(long)]
        disabled: bool,
    },
    /// List targets.
    List,
    /// Let builders get work for a target.
    Enable { name: String },
    /// Stop new work for a target.
    Disable { name: String },
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    buildsrs_report::exit(run_command().await)
}

/// Everything `main` does; its error is reported on one line.
async fn run_command() -> Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "warn,buildsrs=info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let args = Args::parse();
    let database = Database::connect(&args.database)
        .await
        .context("connecting to the database")?;
    match args.command {
        Command::Migrate => {
            let report = database.migrate().await.context("migrating")?;
            println!(
                "applied {} migration(s); schema version {}",
                report.applied.len(),
                report.version
            );
            print_status(&database).await
        }
        Command::Status => print_status(&database).await,
        Command::Builder(command) => builder(&database, command).await,
        Command::Target(command) => target(&database, command).await,
        Command::Tasks(command) => task(&database, command).await,
        Command::Gc { retention, apply } => gc(&database, &retention, apply).await,
    }
}

/// Runs retention, or only counts what it would remove, and says which.
async fn gc(database: &Database, policy: &Retention, apply: bool) -> Result<()> {
    let client = database.client().await?;
    let outcome = if apply {
        retention::apply(&client, policy)
            .await
            .context("applying retention")?
    } else {
        retention::plan(&client, policy)
            .await
            .context("planning retention")?
    };
    print_outcome(policy, &outcome, apply);
    Ok(())
}

fn print_outcome(policy: &Retention, outcome: &Outcome, applied: bool) {
    let (logs, days) = if applied {
        ("removed", "rolled up")
    } else {
        ("would remove", "would roll up")
    };
    println!(
        "logs of superseded jobs ended over {} days ago: {logs} {} job(s), {} line(s), {} byte(s)",
        policy.log_days, outcome.log_jobs, outcome.log_lines, outcome.log_bytes
    );
    println!(
        "daily download counts over {} days old: {days} {} row(s), {} download(s), into monthly totals",
        policy.download_days, outcome.download_days, outcome.downloads
    );
    if !applied {
        println!("dry run: nothing was changed; run with --apply to do it");
    }
}

async fn print_status(database: &Database) -> Result<()> {
    let health = database.health().await?;
    let client = database.client().await?;
    let lines = migrations::status(&client).await?;
    let version = migrations::database_version(&client).await?;
    println!(
        "database {} as {}, server {}.{}{}, {}",
        health.database,
        health.current_user,
        health.server_version_num / 10000,
        health.server_version_num % 10000,
        if health.in_recovery { " (standby)" } else { "" },
        if health.tls {
            format!("TLS (sslmode={})", database.config().ssl_mode())
        } else {
            "not encrypted".to_owned()
        }
    );
    println!(
        "schema version {version}; this build needs {}",
        migrations::schema_version()
    );
    println!("{:>7}  {:<24}  state", "version", "name");
    for line in lines {
        let state = match line.state {
            State::Applied { at } => format!("applied {}", at.format("%Y-%m-%d %H:%M:%S %:z")),
            State::Pending => "pending".to_owned(),
            State::Edited => "EDITED since applied".to_owned(),
            State::Unknown => "applied by a newer build".to_owned(),
        };
        println!("{:>7}  {:<24}  {state}", line.version, line.name);
    }
    Ok(())
}

async fn builder(database: &Database, command: BuilderCommand) -> Result<()> {
    let mut client = database.client().await?;
    match command {
        BuilderCommand::Add {
            key_file,
            comment,
            disabled,
            targets,
        } => add_builder(&mut client, &key_file, comment, !disabled, &targets).await?,
        BuilderCommand::List => print_builders(&client).await?,
        BuilderCommand::Enable { builder } => builders::set_enabled(&client, builder, true).await?,
        BuilderCommand::Disable { builder } => {
            builders::set_enabled(&client, builder, false).await?
        }
        BuilderCommand::Comment { builder, comment } => {
            builders::set_comment(&client, builder, &comment).await?
        }
        BuilderCommand::EnableTarget { builder, target } => {
            builders::set_target(&client, builder, &target, true).await?
        }
        BuilderCommand::DisableTarget { builder, target } => {
            builders::set_target(&client, builder, &target, false).await?
        }
        BuilderCommand::Targets { builder } => print_builder_targets(&client, builder).await?,
    }
    Ok(())
}

/// Registers the builder whose public key is in `key_file`, with its targets.
async fn add_builder(
    client: &mut Client,
    key_file: &Path,
    comment: String,
    enabled: bool,
    targets: &[String],
) -> Result<()> {
    let mut builder = builders::NewBuilder::from_key_file(key_file)?;
    if !comment.is_empty() {
        builder.comment = comment;
    }
    builder.enabled = enabled;
    let id = builders::add(client, &builder).await?;
    for target in targets {
        builders::set_target(client, id, target, true).await?;
    }
    println!("builder {id}: {}", builders::fingerprint(&builder.key));
    Ok(())
}

/// Prints every builder, one line each.
async fn print_builders(client: &Client) -> Result<()> {
    println!(
        "{:>5}  {:<8}  {:<51}  {:<25}  comment",
        "id", "enabled", "fingerprint", "last heartbeat"
    );
    for builder in builders::list(client).await? {
        let heartbeat = builder.last_heartbeat_at.map_or_else(
            || "never".to_owned(),
            |at| at.format("%Y-%m-%d %H:%M:%S").to_string(),
        );
        println!(
            "{:>5}  {:<8}  {:<51}  {:<25}  {}",
            builder.id,
            builder.enabled,
            builder.fingerprint.unwrap_or_default(),
            heartbeat,
            builder.comment
        );
    }
    Ok(())
}

/// Prints a builder's targets and whether each is enabled for it and at all.
async fn print_builder_targets(client: &Client, builder: i64) -> Result<()> {
    println!(
        "{:<32}  {:<15}  target enabled",
        "target", "builder enabled"
    );
    for target in builders::targets(client, builder).await? {
        println!(
            "{:<32}  {:<15}  {}",
            target.name, target.builder_enabled, target.target_enabled
        );
    }
    Ok(())
}

async fn target(database: &Database, command: TargetCommand) -> Result<()> {
    let client = database.client().await?;
    match command {
        TargetCommand::Add { name, disabled } => {
            let id = targets::add(&client, &name, !disabled).await?;
            println!("target {id}: {name}");
        }
        TargetCommand::List => {
            println!("{:>5}  {:<8}  name", "id", "enabled");
            for target in targets::list(&client).await? {
                println!("{:>5}  {:<8}  {}", target.id, target.enabled, target.name);
            }
        }
        TargetCommand::Enable { name } => targets::set_enabled(&client, &name, true).await?,
        TargetCommand::Disable { name } => targets::set_enabled(&client, &name, false).await?,
    }
    Ok(())
}

async fn task(database: &Database, command: TasksCommand) -> Result<()> {
    let client = database.client().await?;
    match command {
        TasksCommand::List { filters, limit } => print_tasks(&client, &filters, limit).await?,
        TasksCommand::Create {
            krate,
            version,
            target,
            kinds,
            priority,
        } => {
            let kinds = if kinds.is_empty() {
                vec![TaskKind::Binary, TaskKind::Metadata]
            } else {
                kinds
            };
            let created = tasks::create(
                &client,
                &krate,
                version.as_deref(),
                target.as_deref(),
                &kinds,
                priority,
            )
            .await?;
            println!("created {created} task(s)");
        }
        TasksCommand::Retry { filters } => {
            let retried = tasks::retry(&client, &filters).await?;
            println!("{retried} task(s) wait again");
        }
        TasksCommand::Cancel { filters } => {
            let (cancelled, jobs) = tasks::cancel(&client, &filters).await?;
            println!("cancelled {cancelled} task(s), ending {jobs} running job(s)");
        }
        TasksCommand::Prioritize { filters, priority } => {
            let changed = tasks::prioritize(&client, &filters, priority).await?;
            println!("{changed} task(s) now have priority {priority}");
        }
    }
    Ok(())
}

/// Prints the tasks that match `filters`, one line each.
async fn print_tasks(client: &Client, filters: &TaskFilter, limit: i64) -> Result<()> {
    let listed = tasks::list(client, filters, limit).await?;
    println!(
        "{:>8}  {:<24}  {:<14}  {:<26}  {:<8}  {:<9}  {:>8}  {:>8}  last result",
        "id", "crate", "version", "target", "kind", "state", "priority", "attempts"
    );
    for task in listed {
        let last = match (task.last_result, task.last_reason) {
            (Some(result), Some(reason)) => format!("{result:?}: {reason}"),
            (Some(result), None) => format!("{result:?}"),
            (None, _) => String::new(),
        };
        println!(
            "{:>8}  {:<24}  {:<14}  {:<26}  {:<8}  {:<9}  {:>8}  {:>8}  {last}",
            task.id,
            task.crate_name,
            task.version,
            task.target,
            format!("{:?}", task.kind).to_lowercase(),
            format!("{:?}", task.state).to_lowercase(),
            task.priority,
            task.attempts,
        );
    }
    Ok(())
}
