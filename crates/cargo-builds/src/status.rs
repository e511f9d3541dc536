//! `cargo builds status`: a version's tasks per target and kind, each with
//! its state, its newest job's outcome and, for a published binary build,
//! the artifact's name, size and SHA-256.

use std::fmt::Write as _;

use buildsrs_protocol::public::{CrateDetail, JobSummary, Task, Version, VersionDetail};

use crate::Error;
use crate::client::Client;
use crate::spec::CrateSpec;

/// The detail of the version `spec` names, else of the crate's latest.
pub async fn status(client: &Client, spec: &CrateSpec) -> Result<VersionDetail, Error> {
    let krate = client.crate_detail(&spec.name).await?;
    let version = shown_version(&krate, spec.version.as_deref())?;
    client.version_detail(&krate.name, &version.version).await
}

/// The version to show: the one asked for (yanked or not), else the
/// crate's latest, else its newest.
pub fn shown_version<'a>(
    krate: &'a CrateDetail,
    wanted: Option<&str>,
) -> Result<&'a Version, Error> {
    let wanted = wanted.or(krate.latest_version.as_deref()).or_else(|| {
        crate::select::candidates(krate)
            .first()
            .map(|v| v.version.as_str())
    });
    wanted
        .and_then(|wanted| krate.versions.iter().find(|v| v.version == wanted))
        .ok_or_else(|| Error::NoSuchVersion {
            name: krate.name.clone(),
            version: wanted.unwrap_or_default().into(),
            available: krate.versions.iter().map(|v| v.version.clone()).collect(),
        })
}

/// The status as lines of text: the version, then one line per task
/// (target, kind, state, newest job), artifacts indented under theirs.
pub fn render(detail: &VersionDetail) -> String {
    let mut text = format!("{} {}", detail.krate, detail.version.version);
    for (flag, word) in [
        (detail.version.yanked, "yanked"),
        (detail.version.removed, "removed"),
    ] {
        if flag {
            let _ = write!(text, " ({word})");
        }
    }
    text.push('\n');
    if detail.tasks.is_empty() {
        text.push_str("  nothing scheduled yet\n");
    }
    let width = detail
        .tasks
        .iter()
        .map(|task| task.target.len())
        .max()
        .unwrap_or(0);
    let mut tasks: Vec<&Task> = detail.tasks.iter().collect();
    tasks.sort_by_key(|&task| (&task.target, <&str>::from(task.kind)));
    for task in tasks {
        let job = newest_job(detail, task);
        let _ = writeln!(
            text,
            "  {:width$}  {:8}  {:9}  {}",
            task.target,
            task.kind,
            task.state,
            job.map_or_else(|| "no job yet".into(), job_outcome),
        );
        for artifact in job
            .iter()
            .flat_map(|job| detail.artifacts.iter().filter(|a| a.job == job.id))
        {
            let _ = writeln!(
                text,
                "      {}  {} bytes  sha256 {}",
                artifact.name, artifact.size, artifact.sha256
            );
        }
    }
    text
}

/// The newest job of `task`.
fn newest_job<'a>(detail: &'a VersionDetail, task: &Task) -> Option<&'a JobSummary> {
    detail
        .jobs
        .iter()
        .filter(|job| job.task == task.id)
        .max_by_key(|job| job.id)
}

/// `job N: <result>` (or its state and stage while it runs), its reason.
fn job_outcome(job: &JobSummary) -> String {
    let mut text = match job.result {
        Some(result) => format!("job {}: {result}", job.id),
        None => format!("job {}: {} ({})", job.id, job.state, job.stage),
    };
    if let Some(reason) = job.reason.as_deref().filter(|reason| !reason.is_empty()) {
        let _ = write!(text, ", {reason}");
    }
    text
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn each_task_shows_its_newest_job_and_a_published_artifact() {
        let detail: VersionDetail = serde_json::from_value(json!({
            "crate": "hello", "version": "1.0.0", "checksum": "0".repeat(64),
            "yanked": true, "removed": false,
            "tasks": [
                {"id": 1, "target": "x86_64-unknown-linux-gnu", "kind": "binary",
                 "state": "succeeded", "attempts": 2, "priority": 0},
                {"id": 2, "target": "aarch64-unknown-linux-gnu", "kind": "binary",
                 "state": "waiting", "attempts": 0, "priority": 0},
            ],
            "jobs": [
                {"id": 10, "task": 1, "builder": 1, "state": "failed", "stage": "build",
                 "created_at": "2026-01-01T00:00:00Z", "finished_at": "2026-01-01T00:01:00Z",
                 "result": "infrastructure_error", "exit_code": null, "reason": "disk full"},
                {"id": 11, "task": 1, "builder": 1, "state": "succeeded", "stage": "upload",
                 "created_at": "2026-01-02T00:00:00Z", "finished_at": "2026-01-02T00:01:00Z",
                 "result": "succeeded", "exit_code": 0, "reason": null},
            ],
            "artifacts": [
                {"id": 5, "job": 11, "name": "hello-1.0.0-x86_64-unknown-linux-gnu.tar.gz",
                 "sha256": "ab".repeat(32), "size": 1234, "created_at": "2026-01-02T00:01:00Z"},
            ],
        }))
        .unwrap();
        let text = render(&detail);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "hello 1.0.0 (yanked)");
        assert!(
            lines[1].starts_with("  aarch64-unknown-linux-gnu"),
            "{text}"
        );
        assert!(lines[1].ends_with("no job yet"), "{text}");
        assert!(
            lines[2].contains("binary") && lines[2].ends_with("job 11: succeeded"),
            "{text}"
        );
        assert_eq!(
            lines[1].find("no job yet"),
            lines[2].find("job 11"),
            "the columns line up: {text}"
        );
        assert!(
            lines[3].contains("hello-1.0.0-x86_64-unknown-linux-gnu.tar.gz  1234 bytes"),
            "{text}"
        );
        assert_eq!(lines.len(), 4, "{text}");
    }

    #[test]
    fn status_shows_the_latest_version_unless_one_is_named() {
        let krate: CrateDetail = serde_json::from_value(json!({
            "name": "hello", "removed": false, "latest_version": "1.0.0",
            "versions": [
                {"version": "1.0.0", "checksum": "0", "yanked": false, "removed": false},
                {"version": "2.0.0", "checksum": "0", "yanked": true, "removed": false},
            ],
        }))
        .unwrap();
        assert_eq!(shown_version(&krate, None).unwrap().version, "1.0.0");
        assert_eq!(
            shown_version(&krate, Some("2.0.0")).unwrap().version,
            "2.0.0"
        );
        assert!(matches!(
            shown_version(&krate, Some("3.0.0")),
            Err(Error::NoSuchVersion { .. })
        ));
    }
}
