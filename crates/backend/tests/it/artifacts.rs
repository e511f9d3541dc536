//! Artifacts: recorded by the job's builder while it runs, immutable after.

use buildsrs_backend::BuildResult;
use buildsrs_backend::artifacts::NewArtifact;
use buildsrs_backend::jobs::Outcome;
use buildsrs_backend::{ArtifactId, Error, JobId, JobState};
use buildsrs_database::queries::queries::artifacts as sql;
use tokio_postgres::error::SqlState;

use crate::support::Fixture;

fn artifact(name: &str, byte: u8) -> NewArtifact {
    NewArtifact {
        name: name.to_owned(),
        sha256: [byte; 32],
        size: 1234,
    }
}

#[tokio::test]
async fn artifacts_are_recorded_while_the_job_runs_and_immutable_once_it_ends() {
    let fixture = Fixture::new().await;
    let (builder, job) = fixture.claimed_job().await;

    let binary = fixture
        .backend
        .add_artifact(builder, job, &artifact("serde.tar.gz", 1))
        .await
        .unwrap();
    let metadata = fixture
        .backend
        .add_artifact(builder, job, &artifact("metadata.json", 2))
        .await
        .unwrap();
    // An upload retried while the job runs replaces the first.
    let replaced = fixture
        .backend
        .add_artifact(builder, job, &artifact("serde.tar.gz", 3))
        .await
        .unwrap();
    assert_eq!(replaced, binary);

    let listed = fixture.backend.artifacts(job).await.unwrap();
    assert_eq!(
        listed.iter().map(|a| a.name.as_str()).collect::<Vec<_>>(),
        ["metadata.json", "serde.tar.gz"]
    );
    assert_eq!(listed[1].sha256, vec![3; 32]);
    assert_eq!(listed[1].size, 1234);

    fixture
        .backend
        .complete(builder, job, &Outcome::of(BuildResult::Succeeded))
        .await
        .unwrap();
    let error = fixture
        .backend
        .add_artifact(builder, job, &artifact("serde.tar.gz", 4))
        .await
        .unwrap_err();
    assert!(
        matches!(
            error,
            Error::JobFinished {
                state: JobState::Succeeded,
                ..
            }
        ),
        "{error:?}"
    );
    let error = fixture.backend.delete_artifact(metadata).await.unwrap_err();
    assert!(
        matches!(error, Error::ArtifactImmutable { artifact, .. } if artifact == metadata),
        "{error:?}"
    );
    assert_eq!(
        fixture
            .backend
            .artifact(binary)
            .await
            .unwrap()
            .unwrap()
            .sha256,
        vec![3; 32]
    );
}

#[tokio::test]
async fn an_upload_is_checked_first_against_an_unknown_job_another_builders_or_an_ended_one() {
    let fixture = Fixture::new().await;
    let (builder, job) = fixture.claimed_job().await;
    let other = fixture.add_builder(2).await;
    fixture
        .backend
        .require_active_job(builder, job)
        .await
        .unwrap();

    let error = fixture
        .backend
        .require_active_job(builder, JobId(999))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::UnknownJob(JobId(999))), "{error:?}");
    let error = fixture
        .backend
        .require_active_job(other, job)
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::NotOwner { owner, builder: refused, .. } if owner == builder && refused == other),
        "{error:?}"
    );
    fixture
        .backend
        .complete(builder, job, &Outcome::of(BuildResult::Succeeded))
        .await
        .unwrap();
    let error = fixture
        .backend
        .require_active_job(builder, job)
        .await
        .unwrap_err();
    assert!(
        matches!(
            error,
            Error::JobFinished {
                state: JobState::Succeeded,
                ..
            }
        ),
        "{error:?}"
    );
}

#[tokio::test]
async fn an_artifact_of_a_running_job_may_be_deleted() {
    let fixture = Fixture::new().await;
    let (builder, job) = fixture.claimed_job().await;
    let id = fixture
        .backend
        .add_artifact(builder, job, &artifact("a", 1))
        .await
        .unwrap();
    fixture.backend.delete_artifact(id).await.unwrap();
    assert_eq!(fixture.backend.artifact(id).await.unwrap(), None);
    let error = fixture
        .backend
        .delete_artifact(ArtifactId(999))
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::UnknownArtifact(ArtifactId(999))),
        "{error:?}"
    );
}

#[tokio::test]
async fn only_the_owning_builder_records_artifacts_and_names_are_checked() {
    let fixture = Fixture::new().await;
    let (_, job) = fixture.claimed_job().await;
    let other = fixture.add_builder(2).await;
    let error = fixture
        .backend
        .add_artifact(other, job, &artifact("a", 1))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::NotOwner { .. }), "{error:?}");
    let error = fixture
        .backend
        .add_artifact(other, job, &artifact("../etc/passwd", 1))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::InvalidArtifactName(_)), "{error:?}");
}

#[tokio::test]
async fn dot_names_and_leading_dashes_are_refused_by_the_backend_and_the_schema() {
    let fixture = Fixture::new().await;
    let (builder, job) = fixture.claimed_job().await;
    let client = fixture.test.database().client().await.unwrap();
    for name in [".", "..", "...", ".hidden", "-rf", "--help"] {
        let error = fixture
            .backend
            .add_artifact(builder, job, &artifact(name, 1))
            .await
            .unwrap_err();
        assert!(
            matches!(error, Error::InvalidArtifactName(_)),
            "{name}: {error:?}"
        );
        // The CHECK of 0019 refuses what a caller without the check writes.
        let refused = sql::job_artifact_upsert()
            .bind(
                &client,
                &name,
                &[1u8; 32].as_slice(),
                &1i64,
                &job.0,
                &builder.0,
            )
            .opt()
            .await
            .unwrap_err();
        assert_eq!(
            refused.code(),
            Some(&SqlState::CHECK_VIOLATION),
            "{name}: {refused}"
        );
    }
    assert!(fixture.backend.artifacts(job).await.unwrap().is_empty());
}

#[tokio::test]
async fn a_versions_detail_lists_the_artifacts_of_its_succeeded_jobs_newest_job_first() {
    let fixture = Fixture::new().await;
    let (builder, unclaimed) = fixture.claimed_job().await;
    fixture
        .backend
        .add_artifact(builder, unclaimed, &artifact("unclaimed.bin", 1))
        .await
        .unwrap();
    fixture.backend.unclaim(builder, unclaimed).await.unwrap();
    let binary = fixture.backend.claim(builder).await.unwrap().unwrap().id;
    for name in ["z.bin", "a.bin"] {
        fixture
            .backend
            .add_artifact(builder, binary, &artifact(name, 2))
            .await
            .unwrap();
    }
    fixture
        .backend
        .complete(builder, binary, &Outcome::of(BuildResult::Succeeded))
        .await
        .unwrap();
    fixture
        .backend
        .create_tasks(&[buildsrs_backend::TaskKind::Metadata])
        .await
        .unwrap();
    let metadata = fixture.backend.claim(builder).await.unwrap().unwrap().id;
    fixture
        .backend
        .add_artifact(builder, metadata, &artifact("metadata.json", 3))
        .await
        .unwrap();
    fixture
        .backend
        .complete(builder, metadata, &Outcome::of(BuildResult::Succeeded))
        .await
        .unwrap();
    // Another version's job and artifact stay out of serde 1.0.0's detail.
    fixture.add_version("itoa", "1.0.0", false).await;
    fixture
        .backend
        .create_tasks(&[buildsrs_backend::TaskKind::Binary])
        .await
        .unwrap();
    let other = fixture.backend.claim(builder).await.unwrap().unwrap().id;
    fixture
        .backend
        .add_artifact(builder, other, &artifact("other.bin", 4))
        .await
        .unwrap();
    fixture
        .backend
        .complete(builder, other, &Outcome::of(BuildResult::Succeeded))
        .await
        .unwrap();

    let detail = fixture
        .backend
        .version_detail("serde", "1.0.0")
        .await
        .unwrap()
        .unwrap();
    let listed: Vec<_> = detail
        .artifacts
        .iter()
        .map(|artifact| (artifact.job, artifact.name.as_str()))
        .collect();
    assert_eq!(
        listed,
        [
            (metadata, "metadata.json"),
            (binary, "a.bin"),
            (binary, "z.bin")
        ],
        "the unclaimed job's artifact is not published"
    );
}
