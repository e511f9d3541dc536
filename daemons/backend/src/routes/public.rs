//! The public API, under `/api/v1`: crates and versions, jobs and their logs
//! (also live, as Server-Sent Events), artifact downloads (`download`) and
//! their counts. Text, dates and numbers from the request are checked with
//! `input` before anything reaches the database.

mod download;

use std::convert::Infallible;
use std::net::SocketAddr;
use std::time::Duration;

use axum::Json;
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::HeaderMap;
use axum::response::sse::{Event, KeepAlive, Sse};
use buildsrs_backend::{ArtifactId, JobId};
use buildsrs_protocol::api::ErrorBody;
use buildsrs_report::Report;
use chrono::{NaiveDate, Utc};
use futures::{Stream, StreamExt};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::convert::IntoApi as _;
use crate::error::ApiError;
use crate::input;
use crate::openapi::{self, PUBLIC};
use crate::state::AppState;
use crate::views;

/// Routes answered within the request timeout, with their documents.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(crates))
        .routes(routes!(krate))
        .routes(routes!(version))
        .routes(routes!(job))
        .routes(routes!(logs))
        .routes(routes!(downloads))
        .routes(routes!(top_artifacts))
}

/// Routes that stream for as long as they need.
pub fn streaming_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(log_stream))
        .routes(routes!(download::download))
}

/// `GET /crates` query.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CratesQuery {
    /// Only names starting with this, in any case.
    #[serde(default)]
    #[param(max_length = 1024, pattern = "^[^\\x00]*$")]
    pub prefix: String,
    /// The `next` of the previous page.
    #[serde(default)]
    #[param(max_length = 1024, pattern = "^[^\\x00]*$")]
    pub after: String,
    /// How many crates at most.
    #[serde(default = "default_limit")]
    #[param(minimum = 1, maximum = 1000, default = 100)]
    pub limit: i64,
}

fn default_limit() -> i64 {
    100
}

/// Crates in name order, a page at a time.
#[utoipa::path(
    get,
    path = "/api/v1/crates",
    tag = PUBLIC,
    params(CratesQuery),
    responses(
        (status = 200, description = "A page of crates.", body = views::CratePage),
        (status = 400, description = "`bad_request` (a limit out of range, a query that does not parse), `invalid_text`.", body = ErrorBody),
        (status = 408, description = "`timeout`.", body = ErrorBody),
    )
)]
async fn crates(
    State(state): State<AppState>,
    Query(query): Query<CratesQuery>,
) -> Result<Json<views::CratePage>, ApiError> {
    if !(1..=buildsrs_backend::catalog::MAX_PAGE).contains(&query.limit) {
        return Err(ApiError::bad_request(format!(
            "limit must be 1 to {}",
            buildsrs_backend::catalog::MAX_PAGE
        )));
    }
    input::text("prefix", &query.prefix)?;
    input::text("after", &query.after)?;
    let crates = state
        .backend
        .crate_page(&query.prefix, &query.after, query.limit)
        .await?;
    let next = (crates.len() as i64 == query.limit)
        .then(|| crates.last().map(|krate| krate.name.to_lowercase()))
        .flatten();
    Ok(Json(views::CratePage {
        crates: crates.into_iter().map(views::CrateSummary::from).collect(),
        next,
    }))
}

/// A crate with its latest version and all versions.
#[utoipa::path(
    get,
    path = "/api/v1/crates/{name}",
    tag = PUBLIC,
    params(("name" = String, Path, max_length = 1024, pattern = "^[^\\x00]*$", description = "The crate's name, in any case.")),
    responses(
        (status = 200, description = "The crate.", body = views::CrateDetail),
        (status = 400, description = "`invalid_text`.", body = ErrorBody),
        (status = 404, description = "`not_found`: no crate has the name.", body = ErrorBody),
        (status = 408, description = "`timeout`.", body = ErrorBody),
    )
)]
async fn krate(
    State(state): State<AppState>,
    Path(name): Path<String>,
) -> Result<Json<views::CrateDetail>, ApiError> {
    input::text("the crate name", &name)?;
    let krate = state
        .backend
        .crate_detail(&name)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("no crate is named {name:?}")))?;
    Ok(Json(krate.into_api()))
}

/// A version with its tasks, jobs and artifacts.
#[utoipa::path(
    get,
    path = "/api/v1/crates/{name}/{version}",
    tag = PUBLIC,
    params(
        ("name" = String, Path, max_length = 1024, pattern = "^[^\\x00]*$", description = "The crate's name, in any case."),
        ("version" = String, Path, max_length = 1024, pattern = "^[^\\x00]*$", description = "The version, as the index spells it."),
    ),
    responses(
        (status = 200, description = "The version.", body = views::VersionDetail),
        (status = 400, description = "`invalid_text`.", body = ErrorBody),
        (status = 404, description = "`not_found`: no such crate or version.", body = ErrorBody),
        (status = 408, description = "`timeout`.", body = ErrorBody),
    )
)]
async fn version(
    State(state): State<AppState>,
    Path((name, version)): Path<(String, String)>,
) -> Result<Json<views::VersionDetail>, ApiError> {
    input::text("the crate name", &name)?;
    input::text("the version", &version)?;
    let detail = state
        .backend
        .version_detail(&name, &version)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("crate {name:?} has no version {version:?}")))?;
    Ok(Json(detail.into_api()))
}

/// A job's status, stages and artifacts.
#[utoipa::path(
    get,
    path = "/api/v1/jobs/{job}",
    tag = PUBLIC,
    params(("job" = i64, Path, description = "The job's id.")),
    responses(
        (status = 200, description = "The job.", body = views::Job),
        (status = 400, description = "`bad_request`: the id is not a number.", body = ErrorBody),
        (status = 404, description = "`unknown_job`.", body = ErrorBody),
        (status = 408, description = "`timeout`.", body = ErrorBody),
    )
)]
async fn job(
    State(state): State<AppState>,
    Path(job): Path<JobId>,
) -> Result<Json<views::Job>, ApiError> {
    let found = state
        .backend
        .job(job)
        .await?
        .ok_or(buildsrs_backend::Error::UnknownJob(job))?;
    let stages = state.backend.job_stages(job).await?;
    let artifacts = state.backend.published_artifacts(job).await?;
    Ok(Json(views::Job::new(found, stages, artifacts)))
}

/// `GET /jobs/{job}/logs` query.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LogsQuery {
    /// The first line wanted, from 0.
    #[serde(default)]
    #[param(minimum = 0, default = 0)]
    pub from: i64,
    /// How many lines at most.
    #[serde(default = "default_log_limit")]
    #[param(minimum = 1, maximum = 10000, default = 1000)]
    pub limit: i64,
}

/// `GET /jobs/{job}/logs/stream` query.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StreamQuery {
    /// The first line wanted when there is no `Last-Event-ID` (below 0: 0).
    #[serde(default)]
    #[param(default = 0)]
    pub from: i64,
}

fn default_log_limit() -> i64 {
    1000
}

/// Stored log lines from a line on.
#[utoipa::path(
    get,
    path = "/api/v1/jobs/{job}/logs",
    tag = PUBLIC,
    params(("job" = i64, Path, description = "The job's id."), LogsQuery),
    responses(
        (status = 200, description = "The lines, in order.", body = Vec<views::LogLine>),
        (status = 400, description = "`bad_request`: `from` or `limit` out of range, or not numbers.", body = ErrorBody),
        (status = 404, description = "`unknown_job`.", body = ErrorBody),
        (status = 408, description = "`timeout`.", body = ErrorBody),
    )
)]
async fn logs(
    State(state): State<AppState>,
    Path(job): Path<JobId>,
    Query(query): Query<LogsQuery>,
) -> Result<Json<Vec<views::LogLine>>, ApiError> {
    if query.from < 0 || !(1..=10_000).contains(&query.limit) {
        return Err(ApiError::bad_request(
            "from must be 0 or more and limit 1 to 10000",
        ));
    }
    state
        .backend
        .job(job)
        .await?
        .ok_or(buildsrs_backend::Error::UnknownJob(job))?;
    let lines = state.backend.logs(job, query.from, query.limit).await?;
    Ok(Json(lines.into_iter().map(views::LogLine::from).collect()))
}

/// The log as Server-Sent Events: one `line` event per line, its id the
/// line number, then `end` when the job has ended. A client that reconnects
/// with `Last-Event-ID` resumes after that line; `?from=N` starts at line N.
/// Capped in all and per client (`streams`); ended without `end` at shutdown.
#[utoipa::path(
    get,
    path = "/api/v1/jobs/{job}/logs/stream",
    tag = PUBLIC,
    params(
        ("job" = i64, Path, description = "The job's id."),
        StreamQuery,
        ("Last-Event-ID" = Option<String>, Header, description = "The last line received (0 to 2^63 - 2): the stream resumes after it."),
    ),
    responses(
        (status = 200, description = "Server-Sent Events: `line` (data: a `LogLine`, id: its number), then `end` once the job ended; `error` if the follower failed.", content_type = "text/event-stream", body = openapi::ServerSentEvent),
        (status = 400, description = "`bad_request`: `Last-Event-ID` is not a line number, or the query does not parse.", body = ErrorBody),
        (status = 404, description = "`unknown_job`.", body = ErrorBody),
        (status = 429, description = "`too_many_streams`: this client holds its share of streams.", body = ErrorBody),
    )
)]
async fn log_stream(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    Path(job): Path<JobId>,
    Query(query): Query<StreamQuery>,
    headers: HeaderMap,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, ApiError> {
    // Before any database work: a refused stream costs nothing.
    let slot = state.streams.acquire(client.ip())?;
    state
        .backend
        .job(job)
        .await?
        .ok_or(buildsrs_backend::Error::UnknownJob(job))?;
    let from = input::resume_line(headers.get("last-event-id"), query.from)?;
    let lines = state.backend.follow_logs(&state.bus, job, from, 256);
    let events = lines
        .map(line_event)
        .chain(futures::stream::once(async {
            Event::default().event("end").data("")
        }))
        .take_until(state.closing.clone().cancelled_owned())
        // The slot lives as long as the stream, which the body owns.
        .map(move |event| {
            let _open = &slot;
            Ok(event)
        });
    Ok(Sse::new(events).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))))
}

/// One followed line, or the follower's error, as an event.
fn line_event(line: Result<buildsrs_backend::logs::LogLine, buildsrs_backend::Error>) -> Event {
    match line {
        Ok(line) => Event::default()
            .id(line.number.to_string())
            .event("line")
            .json_data(views::LogLine::from(line))
            .unwrap_or_else(|_| Event::default().event("error").data("unencodable line")),
        Err(error) => {
            tracing::warn!(error = %Report(&error), "a live log stream failed");
            Event::default().event("error").data(error.to_string())
        }
    }
}

/// `GET /artifacts/{id}/downloads` query: an inclusive date range, by
/// default the last 30 days.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RangeQuery {
    /// The first day (0001-01-01 to 9999-12-31); by default 29 days before `to`.
    pub from: Option<NaiveDate>,
    /// The last day (0001-01-01 to 9999-12-31); by default today.
    pub to: Option<NaiveDate>,
    /// For the top artifacts: how many at most.
    #[serde(default = "default_top")]
    #[param(minimum = 1, maximum = 1000, default = 10)]
    pub limit: i64,
}

fn default_top() -> i64 {
    10
}

impl RangeQuery {
    fn range(&self) -> Result<(NaiveDate, NaiveDate), ApiError> {
        input::date("from", self.from)?;
        input::date("to", self.to)?;
        let to = self.to.unwrap_or_else(|| Utc::now().date_naive());
        let from = self.from.unwrap_or_else(|| {
            to.checked_sub_days(chrono::Days::new(29))
                .map_or(input::MIN_DATE, |from| from.max(input::MIN_DATE))
        });
        if from > to {
            return Err(ApiError::bad_request(format!(
                "from ({from}) is after to ({to})"
            )));
        }
        Ok((from, to))
    }
}

/// An artifact's downloads per day and in all.
#[utoipa::path(
    get,
    path = "/api/v1/artifacts/{artifact}/downloads",
    tag = PUBLIC,
    params(("artifact" = i64, Path, description = "The artifact's id."), RangeQuery),
    responses(
        (status = 200, description = "The counts.", body = views::Downloads),
        (status = 400, description = "`bad_request` (`from` after `to`, a query that does not parse), `invalid_date`.", body = ErrorBody),
        (status = 404, description = "`unknown_artifact`: no published artifact has the id.", body = ErrorBody),
        (status = 408, description = "`timeout`.", body = ErrorBody),
    )
)]
async fn downloads(
    State(state): State<AppState>,
    Path(artifact): Path<ArtifactId>,
    Query(query): Query<RangeQuery>,
) -> Result<Json<views::Downloads>, ApiError> {
    let (from, to) = query.range()?;
    state
        .backend
        .published_artifact(artifact)
        .await?
        .ok_or(buildsrs_backend::Error::UnknownArtifact(artifact))?;
    let counts = state.backend.download_counts(artifact, from, to).await?;
    Ok(Json(views::Downloads::new(artifact, counts)))
}

/// The most downloaded artifacts of a date range.
#[utoipa::path(
    get,
    path = "/api/v1/stats/top-artifacts",
    tag = PUBLIC,
    params(RangeQuery),
    responses(
        (status = 200, description = "The most downloaded first.", body = Vec<views::TopArtifact>),
        (status = 400, description = "`bad_request` (a limit out of range, `from` after `to`, a query that does not parse), `invalid_date`.", body = ErrorBody),
        (status = 408, description = "`timeout`.", body = ErrorBody),
    )
)]
async fn top_artifacts(
    State(state): State<AppState>,
    Query(query): Query<RangeQuery>,
) -> Result<Json<Vec<views::TopArtifact>>, ApiError> {
    let (from, to) = query.range()?;
    if !(1..=1000).contains(&query.limit) {
        return Err(ApiError::bad_request("limit must be 1 to 1000"));
    }
    let top = state.backend.top_artifacts(from, to, query.limit).await?;
    Ok(Json(
        top.into_iter().map(views::TopArtifact::from).collect(),
    ))
}
