//! `/status`, for operators: registry-sync's last passes, the queue per
//! target and state (as last counted), the builders and what they hold, and
//! claims and completions per minute over the last hour.

use axum::extract::State;
use buildsrs_backend::TaskState;
use buildsrs_backend::status::{BuilderStatus, QueueCount, SyncPass};
use chrono::Utc;
use maud::{Markup, html};

use super::PageError;
use super::chart;
use super::layout::{self, label, page};
use crate::state::AppState;

/// Passes of registry-sync the page lists.
const PASSES: i64 = 5;

/// Minutes the jobs chart covers, besides the current one.
const MINUTES: i32 = 59;

/// `/status`.
pub async fn status(State(state): State<AppState>) -> Result<Markup, PageError> {
    let backend = &state.backend;
    let passes = backend.sync_passes(PASSES).await?;
    let builders = backend.builder_status().await?;
    let minutes = backend.job_minutes(MINUTES).await?;
    let queue = backend.queue_count();
    Ok(page(
        "Status",
        html! {
            h1 { "Status" }
            h2 { "Registry sync" }
            (sync(&passes))
            h2 { "Queue" }
            (queue_table(queue.as_deref()))
            h2 { "Builders" }
            (builder_table(&builders))
            h2 { "Jobs per minute" }
            (chart::job_minutes(&minutes))
        },
    ))
}

/// The newest passes, the newest's age first.
fn sync(passes: &[SyncPass]) -> Markup {
    let Some(newest) = passes.first() else {
        return html! { p { "registry-sync has not run on this database." } };
    };
    html! {
        p {
            "Last pass started " (layout::duration(newest.started_at, Utc::now())) " ago"
            @if let Some(revision) = &newest.revision { " at revision " code { (short(revision)) } }
            @match (&newest.error, newest.finished_at) {
                (Some(_), _) => { ": " span.state.failed { "failed" } },
                (None, Some(_)) => { ": " span.state.succeeded { "succeeded" } },
                (None, None) => { ": " span.state.active { "running" } },
            }
        }
        table.passes {
            tr { th { "Started" } th { "Took" } th { "Source" } th { "Revision" } th { "Versions added" } th { "Changed" } th { "Rejected" } th { "Error" } }
            @for pass in passes {
                tr {
                    td { (layout::time(pass.started_at)) }
                    td { @if let Some(end) = pass.finished_at { (layout::duration(pass.started_at, end)) } @else { "running" } }
                    td { code { (pass.source) } }
                    td { @if let Some(revision) = &pass.revision { code { (short(revision)) } } }
                    td.number { (pass.versions_added) }
                    td.number { (pass.versions_changed) }
                    td.number { (pass.entries_rejected) }
                    td { @if let Some(error) = &pass.error { span.failed { (error) } } }
                }
            }
        }
    }
}

/// A git revision's first 12 characters.
fn short(revision: &str) -> &str {
    revision.get(..12).unwrap_or(revision)
}

/// The queue table's columns: work still to do first, then what is done.
const STATE_COLUMNS: [TaskState; 7] = [
    TaskState::Waiting,
    TaskState::Delayed,
    TaskState::Held,
    TaskState::Active,
    TaskState::Succeeded,
    TaskState::Failed,
    TaskState::Cancelled,
];

/// Tasks per target (rows) and state (columns) that have any, as last
/// counted.
pub fn queue_table(queue: Option<&QueueCount>) -> Markup {
    let Some(queue) = queue else {
        return html! { p { "The queue has not been counted yet." } };
    };
    let mut targets: Vec<&str> = queue
        .depth
        .iter()
        .map(|depth| depth.target.as_str())
        .collect();
    targets.dedup();
    let states: Vec<TaskState> = STATE_COLUMNS
        .into_iter()
        .filter(|state| queue.depth.iter().any(|depth| depth.state == *state))
        .collect();
    html! {
        p.counted { "Counted " (layout::duration(queue.counted_at, Utc::now())) " ago." }
        @if targets.is_empty() { p { "No tasks." } }
        @else {
            table.queue {
                tr { th { "Target" } @for state in &states { th { span class={ "state " (label(*state)) } { (label(*state)) } } } }
                @for target in &targets {
                    tr {
                        td { (target) }
                        @for state in &states {
                            td.number {
                                @if let Some(depth) = queue.depth.iter().find(|depth| depth.target == *target && depth.state == *state) { (depth.tasks) }
                                @else { "0" }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Every builder: whether it may claim, when it was last heard from, what it
/// holds.
fn builder_table(builders: &[BuilderStatus]) -> Markup {
    let now = Utc::now();
    html! {
        @if builders.is_empty() { p { "No builder is registered." } }
        @else {
            table.builders {
                tr { th { "Builder" } th { "Comment" } th { "Enabled" } th { "Last heartbeat" } th { "Jobs running" } }
                @for builder in builders {
                    tr {
                        td { "#" (builder.id.0) }
                        td { (builder.comment.as_deref().unwrap_or("")) }
                        td { @if builder.enabled { "yes" } @else { span.failed { "no" } } }
                        td { @match builder.last_heartbeat_at { Some(at) => { (layout::duration(at, now)) " ago" }, None => { "never" } } }
                        td.number { (builder.running_jobs) }
                    }
                }
            }
        }
    }
}
