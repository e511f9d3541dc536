//! Which version to install and which of its artifacts: pure functions of
//! the API's answers, so every rule is tested without a server.
//!
//! A version is a candidate when it is neither yanked nor removed;
//! candidates are tried newest first (semver order; versions that do not
//! parse after those that do). A version's binary build for a target is
//! the artifact `<crate>-<version>-<target>.tar.gz` of a succeeded job of
//! its `binary` task for that target, the newest job if several.

use std::cmp::Ordering;

use buildsrs_protocol::api::{BuildResult, TaskKind};
use buildsrs_protocol::artifact::binary_artifact_name;
use buildsrs_protocol::public::{Artifact, CrateDetail, Version, VersionDetail};

use crate::Error;

/// The versions worth trying, newest first.
pub fn candidates(krate: &CrateDetail) -> Vec<&Version> {
    let mut current: Vec<&Version> = krate
        .versions
        .iter()
        .filter(|version| !version.yanked && !version.removed)
        .collect();
    current.sort_by(|a, b| newest_first(&a.version, &b.version));
    current
}

/// The version asked for, refused when it does not exist, is yanked or was
/// removed.
pub fn requested<'a>(krate: &'a CrateDetail, wanted: &str) -> Result<&'a Version, Error> {
    let found = krate
        .versions
        .iter()
        .find(|version| version.version == wanted)
        .ok_or_else(|| Error::NoSuchVersion {
            name: krate.name.clone(),
            version: wanted.into(),
            available: candidates(krate)
                .iter()
                .map(|version| version.version.clone())
                .collect(),
        })?;
    let named = || (krate.name.clone(), found.version.clone());
    if found.yanked {
        let (name, version) = named();
        return Err(Error::Yanked { name, version });
    }
    if found.removed {
        let (name, version) = named();
        return Err(Error::Removed { name, version });
    }
    Ok(found)
}

/// The artifact of `version`'s binary build for `target`, or the error
/// naming the targets it was built for.
pub fn binary_build<'a>(version: &'a VersionDetail, target: &str) -> Result<&'a Artifact, Error> {
    find_build(version, target).ok_or_else(|| Error::NoBuildForTarget {
        name: version.krate.clone(),
        version: version.version.version.clone(),
        target: target.into(),
        built: built_targets(version),
    })
}

/// The targets `version` has a binary build for, sorted.
pub fn built_targets(version: &VersionDetail) -> Vec<String> {
    let mut targets: Vec<String> = version
        .tasks
        .iter()
        .filter(|task| task.kind == TaskKind::Binary)
        .filter(|task| find_build(version, &task.target).is_some())
        .map(|task| task.target.clone())
        .collect();
    targets.sort();
    targets.dedup();
    targets
}

/// The artifact of `version`'s binary build for `target`, if any.
fn find_build<'a>(version: &'a VersionDetail, target: &str) -> Option<&'a Artifact> {
    let name = binary_artifact_name(&version.krate, &version.version.version, target);
    version
        .tasks
        .iter()
        .filter(|task| task.kind == TaskKind::Binary && task.target == target)
        .flat_map(|task| version.jobs.iter().filter(move |job| job.task == task.id))
        .filter(|job| job.result == Some(BuildResult::Succeeded))
        .filter_map(|job| {
            version
                .artifacts
                .iter()
                .find(|artifact| artifact.job == job.id && artifact.name == name)
        })
        .max_by_key(|artifact| artifact.job)
}

/// Newer versions first by semver; versions that do not parse last, in
/// reverse text order.
fn newest_first(a: &str, b: &str) -> Ordering {
    match (semver::Version::parse(a), semver::Version::parse(b)) {
        (Ok(a), Ok(b)) => b.cmp(&a),
        (Ok(_), Err(_)) => Ordering::Less,
        (Err(_), Ok(_)) => Ordering::Greater,
        (Err(_), Err(_)) => b.cmp(a),
    }
}

#[cfg(test)]
mod tests {
    use buildsrs_protocol::api::{ArtifactId, BuilderId, JobId, JobStage, TaskId, TaskState};
    use buildsrs_protocol::public::{JobState, JobSummary, Task};
    use chrono::Utc;

    use super::*;

    const HOST: &str = "x86_64-unknown-linux-gnu";
    const ARM: &str = "aarch64-unknown-linux-gnu";

    fn version(version: &str, yanked: bool) -> Version {
        Version {
            version: version.into(),
            checksum: "0".repeat(64),
            yanked,
            removed: false,
        }
    }

    fn krate(versions: Vec<Version>) -> CrateDetail {
        CrateDetail {
            name: "hello".into(),
            removed: false,
            latest_version: None,
            versions,
        }
    }

    /// A version of `hello` with one binary task per (target, result) and
    /// the artifact of each succeeded job.
    fn built(version: &str, builds: &[(&str, BuildResult)]) -> VersionDetail {
        let mut detail = VersionDetail {
            krate: "hello".into(),
            version: self::version(version, false),
            tasks: Vec::new(),
            jobs: Vec::new(),
            artifacts: Vec::new(),
        };
        for (index, (target, result)) in builds.iter().enumerate() {
            let id = index as i64 + 1;
            detail.tasks.push(Task {
                id: TaskId(id),
                target: (*target).into(),
                kind: TaskKind::Binary,
                state: TaskState::Succeeded,
                attempts: 1,
                priority: 0,
            });
            detail.jobs.push(JobSummary {
                id: JobId(id),
                task: TaskId(id),
                builder: BuilderId(1),
                state: JobState::Succeeded,
                stage: JobStage::Upload,
                created_at: Utc::now(),
                finished_at: Some(Utc::now()),
                result: Some(*result),
                exit_code: Some(0),
                reason: None,
            });
            if *result == BuildResult::Succeeded {
                detail.artifacts.push(Artifact {
                    id: ArtifactId(id),
                    job: JobId(id),
                    name: binary_artifact_name("hello", version, target),
                    sha256: "0".repeat(64),
                    size: 1,
                    created_at: Utc::now(),
                });
            }
        }
        detail
    }

    #[test]
    fn candidates_are_current_versions_newest_first_by_semver() {
        let mut removed = version("3.0.0", false);
        removed.removed = true;
        let hello = krate(vec![
            version("0.9.0", false),
            version("0.10.0", false),
            version("2.0.0", true),
            removed,
            version("1.0.0-beta.1", false),
            version("not-semver", false),
        ]);
        let order: Vec<&str> = candidates(&hello)
            .iter()
            .map(|v| v.version.as_str())
            .collect();
        assert_eq!(order, ["1.0.0-beta.1", "0.10.0", "0.9.0", "not-semver"]);
    }

    #[test]
    fn a_requested_version_must_exist_and_not_be_yanked() {
        let hello = krate(vec![version("1.0.0", false), version("1.1.0", true)]);
        assert_eq!(requested(&hello, "1.0.0").unwrap().version, "1.0.0");
        assert!(matches!(
            requested(&hello, "1.1.0"),
            Err(Error::Yanked { ref version, .. }) if version == "1.1.0"
        ));
        match requested(&hello, "9.9.9") {
            Err(error @ Error::NoSuchVersion { .. }) => {
                assert_eq!(
                    error.to_string(),
                    "hello has no version \"9.9.9\"; its versions: 1.0.0"
                );
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_binary_build_is_the_succeeded_one_for_the_target() {
        let detail = built(
            "1.0.0",
            &[
                (ARM, BuildResult::Succeeded),
                (HOST, BuildResult::Succeeded),
            ],
        );
        let artifact = binary_build(&detail, HOST).unwrap();
        assert_eq!(artifact.name, "hello-1.0.0-x86_64-unknown-linux-gnu.tar.gz");
    }

    #[test]
    fn no_build_for_the_target_names_the_targets_that_were_built() {
        let detail = built(
            "1.0.0",
            &[
                (ARM, BuildResult::Succeeded),
                (HOST, BuildResult::BuildFailed),
            ],
        );
        let error = binary_build(&detail, HOST).unwrap_err();
        assert_eq!(
            error.to_string(),
            "hello 1.0.0 has no binary build for x86_64-unknown-linux-gnu; built for: aarch64-unknown-linux-gnu"
        );
        assert_eq!(built_targets(&detail), [ARM]);
    }

    #[test]
    fn an_artifact_of_another_name_or_job_is_not_the_build() {
        let mut detail = built("1.0.0", &[(HOST, BuildResult::Succeeded)]);
        detail.artifacts[0].name = "metadata.json".into();
        assert!(binary_build(&detail, HOST).is_err());
        let mut detail = built("1.0.0", &[(HOST, BuildResult::Succeeded)]);
        detail.jobs[0].result = Some(BuildResult::BuildFailed);
        assert!(binary_build(&detail, HOST).is_err());
    }
}
