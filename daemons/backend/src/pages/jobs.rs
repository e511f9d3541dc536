//! The job page: its stages as a timeline, its log a page at a time, and
//! (while it runs) the log followed live by `live-log.js` over the stream
//! `/api/v1/jobs/{id}/logs/stream`, resumed after a reconnect by the
//! browser's `EventSource` with `Last-Event-ID`.

use axum::extract::{Path, Query, State};
use buildsrs_backend::{JobId, JobState};
use maud::{Markup, html};
use serde::Deserialize;

use super::layout::{self, label, page};
use super::{PageError, not_found};
use crate::state::AppState;

/// Log lines one page shows.
const LOG_PAGE: i64 = 1000;

/// The job page's query: the first log line shown.
#[derive(Debug, Deserialize)]
pub struct LogPage {
    #[serde(default)]
    from: i64,
}

/// `/jobs/{id}`.
pub async fn job(
    State(state): State<AppState>,
    Path(id): Path<JobId>,
    Query(log_page): Query<LogPage>,
) -> Result<Markup, PageError> {
    let from = log_page.from.max(0);
    let job = state
        .backend
        .job(id)
        .await?
        .ok_or_else(|| not_found(format!("No job has the id {}.", id.0)))?;
    let stages = state.backend.job_stages(id).await?;
    let lines = state.backend.logs(id, from, LOG_PAGE).await?;
    let running = job.state == JobState::Active;
    let next = from + lines.len() as i64;
    Ok(page(
        &format!("Job {}", id.0),
        html! {
            h1 { "Job #" (id.0) " " span class={ "state " (label(job.state)) } { (label(job.state)) } }
            @if let Some(result) = job.result {
                p { "Result: " strong { (label(result)) }
                    @if let Some(code) = job.exit_code { ", exit code " (code) }
                    @if let Some(reason) = &job.reason { " — " (reason) } }
            }
            h2 { "Stages" }
            ol.timeline {
                @for (stage, at) in &stages { li { strong { (label(*stage)) } " " (layout::time(*at)) } }
                @if let Some(end) = job.finished_at { li { strong { "finished" } " " (layout::time(end)) " after " (layout::duration(job.created_at, end)) } }
            }
            h2 { "Log" }
            p.log-position { "Lines " (from) " to " (next.max(1) - 1) " of " (job.log_lines) }
            pre #log data-job=(id.0) data-next=(next) data-live=[(running && next >= job.log_lines).then_some("true")] {
                @for line in &lines { span.line data-number=(line.number) { (line.line) "\n" } }
            }
            nav.pager {
                @if from > 0 { a href={ "?from=" ((from - LOG_PAGE).max(0)) } { "← earlier lines" } " " }
                @if next < job.log_lines { a href={ "?from=" (next) } { "later lines →" } }
            }
            script src="/static/live-log.js" {}
        },
    ))
}
