//! The crate pages: the front page's search, recent builds and queue, a crate's versions
//! with each target's build state, and one version's jobs and artifacts.

use std::collections::BTreeMap;

use axum::extract::{Path, Query, State};
use buildsrs_backend::catalog::{CrateDetail, VersionBuild, VersionDetail};
use buildsrs_backend::status::RecentBuild;
use buildsrs_backend::{ArtifactId, BuildResult, TaskKind, TaskState};
use chrono::{NaiveDate, Utc};
use maud::{Markup, html};
use serde::Deserialize;

use super::layout::{self, label, page};
use super::{PageError, not_found};
use crate::input;
use crate::state::AppState;

/// Crates the front page's search shows at most.
const SEARCH_RESULTS: i64 = 50;

/// Finished jobs the front page lists.
const RECENT_BUILDS: i64 = 10;

/// The front page's query: a crate name prefix.
#[derive(Debug, Deserialize)]
pub struct Search {
    #[serde(default)]
    q: String,
}

/// `/`: search by name prefix, recent builds, and the queue as last counted.
pub async fn index(
    State(state): State<AppState>,
    Query(search): Query<Search>,
) -> Result<Markup, PageError> {
    input::text("the search", &search.q)?;
    let found = if search.q.is_empty() {
        Vec::new()
    } else {
        state
            .backend
            .crate_page(&search.q, "", SEARCH_RESULTS)
            .await?
    };
    let recent = state.backend.recent_builds(RECENT_BUILDS).await?;
    let queue = state.backend.queue_count();
    Ok(page(
        "Builds of every crate",
        html! {
            h1 { "Builds of every crate" }
            @if !search.q.is_empty() {
                section {
                    h2 { "Crates starting with “" (search.q) "”" }
                    @if found.is_empty() { p { "None." } }
                    ul.crates {
                        @for krate in &found {
                            li {
                                a href={ "/crates/" (krate.name) } { (krate.name) }
                                @if let Some(latest) = &krate.latest_version { " " span.version { (latest) } }
                            }
                        }
                    }
                }
            }
            section {
                h2 { "Recent builds" }
                (recent_builds(&recent))
            }
            section {
                h2 { "The queue" }
                (super::status::queue_table(queue.as_deref()))
                p { a href="/status" { "Status of the farm →" } }
            }
        },
    ))
}

/// The newest finished jobs, each with what it built and how it went.
fn recent_builds(builds: &[RecentBuild]) -> Markup {
    html! {
        @if builds.is_empty() { p { "Nothing was built yet." } }
        @else {
            table.recent {
                tr { th { "Crate" } th { "Target" } th { "Result" } th { "Finished" } }
                @for build in builds {
                    tr {
                        td { a href={ "/crates/" (build.krate) "/" (build.version) } { (build.krate) " " (build.version) } " " small { (label(build.kind)) } }
                        td { (build.target) }
                        td { a href={ "/jobs/" (build.job.0) } { (result(build.result, build.state)) } }
                        td { @if let Some(at) = build.finished_at { (layout::time(at)) } }
                    }
                }
            }
        }
    }
}

/// `/crates/{name}`: the versions, newest first, with each target's builds.
pub async fn krate(
    State(state): State<AppState>,
    Path(name): Path<String>,
) -> Result<Markup, PageError> {
    input::text("the crate name", &name)?;
    let krate = state
        .backend
        .crate_detail(&name)
        .await?
        .ok_or_else(|| not_found(format!("No crate is named “{name}”.")))?;
    let builds = state.backend.crate_builds(&name).await?;
    Ok(page(&krate.name, crate_body(&krate, &builds)))
}

fn crate_body(krate: &CrateDetail, builds: &[VersionBuild]) -> Markup {
    let targets: Vec<&str> = {
        let mut targets: Vec<&str> = builds.iter().map(|build| build.target.as_str()).collect();
        targets.sort_unstable();
        targets.dedup();
        targets
    };
    let mut by_version: BTreeMap<(&str, &str), Vec<&VersionBuild>> = BTreeMap::new();
    for build in builds {
        by_version
            .entry((build.version.as_str(), build.target.as_str()))
            .or_default()
            .push(build);
    }
    html! {
        h1 { (krate.name) @if krate.removed_at.is_some() { " " span.removed { "removed from the index" } } }
        table.versions {
            tr { th { "Version" } @for target in &targets { th { (target) } } }
            @for version in krate.versions.iter().rev() {
                @let latest = krate.latest_version.as_deref() == Some(version.version.as_str());
                tr class=[latest.then_some("latest")] {
                    td {
                        a href={ "/crates/" (krate.name) "/" (version.version) } { (version.version) }
                        @if latest { " " span.badge { "latest" } }
                        @if version.yanked { " " span.badge.yanked { "yanked" } }
                        @if version.removed_at.is_some() { " " span.badge.removed { "removed" } }
                    }
                    @for target in &targets {
                        td {
                            @for build in by_version.get(&(version.version.as_str(), *target)).into_iter().flatten() {
                                (task_state(build.kind, build.state)) " "
                            }
                        }
                    }
                }
            }
        }
    }
}

/// A task's kind and state as a labelled badge.
fn task_state(kind: TaskKind, state: TaskState) -> Markup {
    let state = label(state);
    html! { span class={ "state " (state) } title={ (label(kind)) ": " (state) } { (label(kind)) " " (state) } }
}

/// `/crates/{name}/{version}`: per target and kind the jobs, the artifacts
/// and their last 30 days' downloads (one query for all of them).
pub async fn version(
    State(state): State<AppState>,
    Path((name, version)): Path<(String, String)>,
) -> Result<Markup, PageError> {
    input::text("the crate name", &name)?;
    input::text("the version", &version)?;
    let detail = state
        .backend
        .version_detail(&name, &version)
        .await?
        .ok_or_else(|| not_found(format!("Crate “{name}” has no version “{version}”.")))?;
    let to = Utc::now().date_naive();
    let from = to - chrono::Days::new(29);
    let artifacts: Vec<ArtifactId> = detail
        .artifacts
        .iter()
        .map(|artifact| artifact.id)
        .collect();
    let charts = state
        .backend
        .downloads_daily_many(&artifacts, from, to)
        .await?;
    let title = format!("{} {}", detail.krate, detail.version.version);
    Ok(page(&title, version_body(&detail, &charts, from)))
}

fn version_body(
    detail: &VersionDetail,
    charts: &BTreeMap<ArtifactId, Vec<(NaiveDate, i64)>>,
    from: NaiveDate,
) -> Markup {
    html! {
        h1 {
            a href={ "/crates/" (detail.krate) } { (detail.krate) } " " (detail.version.version)
            @if detail.version.yanked { " " span.badge.yanked { "yanked" } }
        }
        p.checksum { "SHA-256 of the .crate: " code { (detail.version.checksum) } }
        h2 { "Builds" }
        @if detail.tasks.is_empty() { p { "Nothing is scheduled for this version." } }
        @for task in &detail.tasks {
            section.task {
                h3 { (task.target) " · " (label(task.kind)) " " (task_state(task.kind, task.state)) }
                table.jobs {
                    tr { th { "Job" } th { "Result" } th { "Started" } th { "Took" } th { "Builder" } }
                    @for job in detail.jobs.iter().filter(|job| job.task == task.id) {
                        tr {
                            td { a href={ "/jobs/" (job.id.0) } { "#" (job.id.0) } }
                            td { (result(job.result, job.state)) @if let Some(reason) = &job.reason { " " small { (reason) } } }
                            td { (layout::time(job.created_at)) }
                            td { @if let Some(end) = job.finished_at { (layout::duration(job.created_at, end)) } @else { "running" } }
                            td { "#" (job.builder.0) }
                        }
                    }
                }
            }
        }
        h2 { "Artifacts" }
        @if detail.artifacts.is_empty() { p { "No artifact is published yet." } }
        @for artifact in &detail.artifacts {
            section.artifact {
                h3 { a href={ "/api/v1/artifacts/" (artifact.id.0) "/download" } { (artifact.name) } }
                p { (layout::size(artifact.size)) " · SHA-256 " code { (hex::encode(&artifact.sha256)) } }
                @let daily = charts.get(&artifact.id).map_or(&[][..], Vec::as_slice);
                p { (daily.iter().map(|(_, count)| count).sum::<i64>()) " downloads in the last 30 days" }
                (super::chart::daily_downloads(daily, from))
            }
        }
    }
}

/// A job's result, or its state while it has none.
fn result(result: Option<BuildResult>, state: buildsrs_backend::JobState) -> Markup {
    match result {
        Some(result) => {
            let result = label(result);
            html! { span class={ "state " (result) } { (result) } }
        }
        None => html! { span class={ "state " (label(state)) } { (label(state)) } },
    }
}
