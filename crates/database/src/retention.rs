//! Retention, as `buildsrs-database gc` runs it: the logs of superseded jobs
//! are removed after [`Retention::log_days`], and daily download counts
//! older than [`Retention::download_days`] are rolled up into monthly
//! totals. [`plan`] only counts; [`apply`] does it. What is still
//! referenced (a job's latest attempt, a running or succeeded job, days
//! inside the window) is never touched.

use crate::queries::queries::retention as sql;
use crate::{Client, Error};

/// Superseded logs removed per statement, so no statement holds many job
/// rows locked for long.
pub const LOG_BATCH: i64 = 1000;

/// How long what retention removes is kept. Also the `gc` command's flags.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "options", derive(clap::Args))]
pub struct Retention {
    /// Days the log of a superseded job (an attempt of a task that a later
    /// job completed successfully) is kept after it ended.
    #[cfg_attr(
        feature = "options",
        arg(long = "log-retention-days", env = "BUILDSRS_LOG_RETENTION_DAYS", default_value_t = 30, value_parser = clap::value_parser!(i32).range(0..))
    )]
    pub log_days: i32,
    /// Days daily download counts are kept before they become monthly totals.
    #[cfg_attr(
        feature = "options",
        arg(long = "download-retention-days", env = "BUILDSRS_DOWNLOAD_RETENTION_DAYS", default_value_t = 90, value_parser = clap::value_parser!(i32).range(0..))
    )]
    pub download_days: i32,
}

/// What retention removes or removed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    /// Superseded jobs whose log goes.
    pub log_jobs: i64,
    /// Their lines.
    pub log_lines: i64,
    /// Their stored (uncompressed) bytes.
    pub log_bytes: i64,
    /// Daily download rows rolled up into months.
    pub download_days: i64,
    /// The downloads those rows count (the months gain exactly these).
    pub downloads: i64,
}

/// What [`apply`] would do now, changing nothing (the dry run).
pub async fn plan(client: &Client, retention: &Retention) -> Result<Outcome, Error> {
    let logs = sql::retention_superseded_log_count()
        .bind(client, &retention.log_days)
        .one()
        .await?;
    let days = sql::retention_download_day_count()
        .bind(client, &retention.download_days)
        .one()
        .await?;
    Ok(Outcome {
        log_jobs: logs.jobs,
        log_lines: logs.lines,
        log_bytes: logs.bytes,
        download_days: days.days,
        downloads: days.downloads,
    })
}

/// Removes the superseded logs, [`LOG_BATCH`] jobs a statement, then rolls
/// the old download days up in one statement.
pub async fn apply(client: &Client, retention: &Retention) -> Result<Outcome, Error> {
    let mut outcome = Outcome::default();
    loop {
        let removed = sql::retention_superseded_log_remove()
            .bind(client, &retention.log_days, &LOG_BATCH)
            .one()
            .await?;
        outcome.log_jobs += removed.jobs;
        outcome.log_lines += removed.lines;
        outcome.log_bytes += removed.bytes;
        if removed.jobs < LOG_BATCH {
            break;
        }
    }
    let rolled = sql::retention_download_day_roll_up()
        .bind(client, &retention.download_days)
        .one()
        .await?;
    outcome.download_days = rolled.days;
    outcome.downloads = rolled.downloads;
    Ok(outcome)
}
