//! The claim protocol: claims, leases, stages, unclaims, completion, the
//! rescuer and its attempt limit, and concurrent claimers.

use std::collections::HashSet;
use std::time::Duration;

use buildsrs_backend::BuildResult;
use buildsrs_backend::jobs::Outcome;
use buildsrs_backend::jobs::lease_rescuer;
use buildsrs_backend::{BuilderId, Config, Error, JobId, JobStage, JobState, TaskKind, TaskState};

use crate::baselines::BaselineClaim;
use crate::operator::Operator as _;
use crate::support::Fixture;

#[tokio::test]
async fn a_claim_takes_the_highest_priority_then_the_newest_task() {
    let fixture = Fixture::new().await;
    let versions = fixture.add_versions("serde", 3).await;
    fixture
        .backend
        .create_tasks(&[TaskKind::Binary])
        .await
        .unwrap();
    let builder = fixture.add_builder(1).await;
    let tasks: Vec<_> = {
        let mut tasks = Vec::new();
        for version in &versions {
            tasks.push(fixture.backend.tasks_of_version(*version).await.unwrap()[0].id);
        }
        tasks
    };
    assert!(
        fixture
            .backend
            .set_task_priority(tasks[2], 10)
            .await
            .unwrap()
    );

    let order: Vec<_> = [
        fixture.backend.claim(builder).await.unwrap().unwrap(),
        fixture.backend.claim(builder).await.unwrap().unwrap(),
        fixture.backend.claim(builder).await.unwrap().unwrap(),
    ]
    .into_iter()
    .map(|job| job.task)
    .collect();
    assert_eq!(order, vec![tasks[2], tasks[1], tasks[0]]);
    assert_eq!(
        fixture.backend.claim(builder).await.unwrap(),
        None,
        "the queue is empty"
    );
    assert!(
        !fixture
            .backend
            .set_task_priority(tasks[0], 5)
            .await
            .unwrap(),
        "an active task keeps its priority"
    );
}

#[tokio::test]
async fn a_claim_starts_a_leased_job_in_the_init_stage() {
    let fixture = Fixture::new().await;
    fixture.add_version("serde", "1.0.0", false).await;
    fixture
        .backend
        .create_tasks(&[TaskKind::Metadata])
        .await
        .unwrap();
    let builder = fixture.add_builder(1).await;

    let claimed = fixture.backend.claim(builder).await.unwrap().unwrap();
    assert_eq!(
        (claimed.krate.as_str(), claimed.version.as_str()),
        ("serde", "1.0.0")
    );
    assert_eq!(claimed.kind, TaskKind::Metadata);
    assert_eq!(claimed.attempt, 1);
    assert_eq!(claimed.checksum, vec![7u8; 32]);
    assert!(claimed.lease_expires_at > chrono::Utc::now() + chrono::Duration::seconds(50));

    let job = fixture.backend.job(claimed.id).await.unwrap().unwrap();
    assert_eq!(
        (job.state, job.stage, job.builder),
        (JobState::Active, JobStage::Init, builder)
    );
    let task = fixture.backend.task(claimed.task).await.unwrap().unwrap();
    assert_eq!((task.state, task.attempts), (TaskState::Active, 1));
    let stages = fixture.backend.job_stages(claimed.id).await.unwrap();
    assert_eq!(
        stages.iter().map(|(stage, _)| *stage).collect::<Vec<_>>(),
        vec![JobStage::Init]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_claimers_never_hold_the_same_task() {
    let fixture = Fixture::new().await;
    fixture.add_versions("serde", 3000).await;
    fixture
        .backend
        .create_tasks(&[TaskKind::Binary])
        .await
        .unwrap();
    let mut builders = Vec::new();
    for seed in 0..24 {
        builders.push(fixture.add_builder(seed).await);
    }

    let mut claimers = Vec::new();
    for builder in builders {
        let backend = fixture.backend.clone();
        claimers.push(tokio::spawn(async move {
            let mut claimed = Vec::new();
            while let Some(job) = backend.claim(builder).await.unwrap() {
                claimed.push(job.task);
                // Hold every other job, so claims run against held rows too.
                if claimed.len() % 2 == 0 {
                    backend
                        .complete(builder, job.id, &Outcome::of(BuildResult::Succeeded))
                        .await
                        .unwrap();
                }
            }
            claimed
        }));
    }
    let mut all = Vec::new();
    for claimer in claimers {
        all.extend(claimer.await.unwrap());
    }
    let distinct: HashSet<_> = all.iter().copied().collect();
    assert_eq!(all.len(), 3000, "every task was claimed exactly once");
    assert_eq!(distinct.len(), 3000, "no task was claimed twice");
    let counts = fixture.backend.task_counts().await.unwrap();
    let waiting = counts
        .iter()
        .find(|(state, _)| *state == TaskState::Waiting);
    assert_eq!(waiting, None, "nothing is left waiting: {counts:?}");
}

#[tokio::test]
async fn the_benchmarks_baseline_claims_wait_but_never_share_a_task() {
    for strategy in [BaselineClaim::Naive, BaselineClaim::Blocking] {
        let fixture = Fixture::new().await;
        fixture.add_versions("serde", 200).await;
        fixture
            .backend
            .create_tasks(&[TaskKind::Binary])
            .await
            .unwrap();
        let mut claimers = Vec::new();
        for seed in 0..8 {
            let builder = fixture.add_builder(seed).await;
            let backend = fixture.backend.clone();
            claimers.push(tokio::spawn(async move {
                let mut claimed = Vec::new();
                // A claim that waited for a row another claim took finds
                // nothing; the queue is empty once nothing waits.
                loop {
                    match strategy.claim(&backend, builder).await.unwrap() {
                        Some((_, task)) => claimed.push(task),
                        None => {
                            let counts = backend.task_counts().await.unwrap();
                            if !counts.iter().any(|(state, _)| *state == TaskState::Waiting) {
                                break claimed;
                            }
                        }
                    }
                }
            }));
        }
        let mut all = Vec::new();
        for claimer in claimers {
            all.extend(claimer.await.unwrap());
        }
        let distinct: HashSet<_> = all.iter().copied().collect();
        assert_eq!(all.len(), 200, "{strategy:?}: every task claimed once");
        assert_eq!(distinct.len(), 200, "{strategy:?}: no task claimed twice");
    }
}

#[tokio::test]
async fn a_heartbeat_extends_the_lease() {
    let fixture = Fixture::with_config(Config {
        lease: Duration::from_secs(2),
        ..Config::default()
    })
    .await;
    let (builder, job) = fixture.claimed_job().await;
    let before = fixture
        .backend
        .job(job)
        .await
        .unwrap()
        .unwrap()
        .lease_expires_at;

    let longer = fixture.backend_with(Config {
        lease: Duration::from_secs(600),
        ..Config::default()
    });
    let expires_at = longer.heartbeat(builder, job).await.unwrap();
    assert!(expires_at > before + chrono::Duration::seconds(500));
    assert_eq!(
        fixture
            .backend
            .job(job)
            .await
            .unwrap()
            .unwrap()
            .lease_expires_at,
        expires_at
    );
    assert!(
        fixture.backend.builders().await.unwrap()[0]
            .last_heartbeat_at
            .is_some()
    );
}

#[tokio::test]
async fn only_the_owning_builder_may_act_on_a_job() {
    let fixture = Fixture::new().await;
    let (owner, job) = fixture.claimed_job().await;
    let other = fixture.add_builder(2).await;

    let is_not_owner = |error: Error| matches!(error, Error::NotOwner { job: j, owner: o, builder: b } if j == job && o == owner && b == other);
    assert!(is_not_owner(
        fixture.backend.heartbeat(other, job).await.unwrap_err()
    ));
    assert!(is_not_owner(
        fixture
            .backend
            .set_stage(other, job, JobStage::Fetch)
            .await
            .unwrap_err()
    ));
    assert!(is_not_owner(
        fixture.backend.unclaim(other, job).await.unwrap_err()
    ));
    assert!(is_not_owner(
        fixture
            .backend
            .complete(other, job, &Outcome::of(BuildResult::Succeeded))
            .await
            .unwrap_err()
    ));
    assert!(is_not_owner(
        fixture
            .backend
            .append_logs(other, job, JobStage::Init, 0, &["x".to_owned()])
            .await
            .unwrap_err()
    ));

    let stored = fixture.backend.job(job).await.unwrap().unwrap();
    assert_eq!(
        (stored.state, stored.stage, stored.log_lines),
        (JobState::Active, JobStage::Init, 0)
    );
}

#[tokio::test]
async fn an_unknown_job_is_refused() {
    let fixture = Fixture::new().await;
    let builder = fixture.add_builder(1).await;
    let unknown = JobId(424242);
    for error in [
        fixture
            .backend
            .heartbeat(builder, unknown)
            .await
            .unwrap_err(),
        fixture.backend.unclaim(builder, unknown).await.unwrap_err(),
        fixture
            .backend
            .complete(builder, unknown, &Outcome::of(BuildResult::Succeeded))
            .await
            .unwrap_err(),
        fixture
            .backend
            .set_stage(builder, unknown, JobStage::Fetch)
            .await
            .unwrap_err(),
    ] {
        assert!(
            matches!(error, Error::UnknownJob(job) if job == unknown),
            "{error:?}"
        );
    }
}

#[tokio::test]
async fn a_completed_job_is_refused_further_changes() {
    let fixture = Fixture::new().await;
    let (builder, job) = fixture.claimed_job().await;
    assert_eq!(
        fixture
            .backend
            .complete(builder, job, &Outcome::of(BuildResult::Succeeded))
            .await
            .unwrap()
            .task_state,
        Some(TaskState::Succeeded)
    );
    let task = fixture.backend.job(job).await.unwrap().unwrap().task;
    assert_eq!(
        fixture.backend.task(task).await.unwrap().unwrap().state,
        TaskState::Succeeded
    );

    for error in [
        fixture
            .backend
            .complete(builder, job, &Outcome::of(BuildResult::BuildFailed))
            .await
            .unwrap_err(),
        fixture.backend.heartbeat(builder, job).await.unwrap_err(),
        fixture.backend.unclaim(builder, job).await.unwrap_err(),
    ] {
        assert!(
            matches!(error, Error::JobFinished { job: j, state: JobState::Succeeded } if j == job),
            "{error:?}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn completions_written_together_each_get_their_own_answer() {
    let fixture = Fixture::new().await;
    fixture.add_versions("serde", 48).await;
    fixture
        .backend
        .create_tasks(&[TaskKind::Binary])
        .await
        .unwrap();
    let builders = [fixture.add_builder(1).await, fixture.add_builder(2).await];
    let jobs = claim_24_each(&fixture, builders).await;

    // Every job completed at once, each with a result of its own, plus a
    // second completion of job 0 and one by a builder that does not own it.
    let results = [
        BuildResult::Succeeded,
        BuildResult::BuildFailed,
        BuildResult::Cancelled,
        BuildResult::InfrastructureError,
    ];
    let mut calls = Vec::new();
    for (n, &(builder, job)) in jobs.iter().enumerate() {
        let outcome = Outcome {
            result: results[n % results.len()],
            exit_code: Some(n as i32),
            reason: Some(format!("job {n}")),
        };
        calls.push((builder, job, outcome));
    }
    let (owner, first) = jobs[0];
    let stranger = builders.into_iter().find(|b| *b != owner).unwrap();
    calls.push((owner, first, Outcome::of(BuildResult::BuildFailed)));
    calls.push((stranger, jobs[1].1, Outcome::of(BuildResult::Succeeded)));
    let answers = futures::future::join_all(calls.iter().map(|(builder, job, outcome)| {
        let backend = fixture.backend.clone();
        async move { backend.complete(*builder, *job, outcome).await }
    }))
    .await;

    for (n, answer) in answers[..48].iter().enumerate().skip(1) {
        let result = results[n % results.len()];
        let completion = answer.as_ref().unwrap_or_else(|e| panic!("job {n}: {e:?}"));
        assert_eq!(completion.result, result, "job {n}");
        assert_eq!(
            completion.task_state,
            Some(task_state_after(result)),
            "job {n}"
        );
        let stored = fixture.backend.job(jobs[n].1).await.unwrap().unwrap();
        assert_eq!(stored.exit_code, Some(n as i32), "job {n}");
        assert_eq!(stored.reason, Some(format!("job {n}")), "job {n}");
    }
    // Job 0 was completed twice: one call wins, the other finds it finished.
    let twice = [&answers[0], &answers[48]];
    assert_eq!(
        twice.iter().filter(|answer| answer.is_ok()).count(),
        1,
        "{twice:?}"
    );
    assert!(
        twice
            .iter()
            .any(|answer| matches!(answer, Err(Error::JobFinished { job, .. }) if *job == first)),
        "{twice:?}"
    );
    assert!(
        matches!(&answers[49], Err(Error::NotOwner { builder, .. }) if *builder == stranger),
        "{:?}",
        answers[49]
    );
}

/// 24 jobs claimed by each builder, with the builder that holds each.
async fn claim_24_each(fixture: &Fixture, builders: [BuilderId; 2]) -> Vec<(BuilderId, JobId)> {
    let mut jobs = Vec::new();
    for builder in builders {
        let claimed = fixture.backend.claim_many(builder, 24).await.unwrap();
        jobs.extend(claimed.into_iter().map(|job| (builder, job.id)));
    }
    assert_eq!(jobs.len(), 48);
    jobs
}

/// A task's state after its first job ends with `result` (attempts left).
fn task_state_after(result: BuildResult) -> TaskState {
    match result {
        BuildResult::Succeeded => TaskState::Succeeded,
        BuildResult::Cancelled => TaskState::Cancelled,
        BuildResult::InfrastructureError => TaskState::Delayed,
        _ => TaskState::Failed,
    }
}

#[tokio::test]
async fn a_failed_build_fails_its_task_for_good() {
    let fixture = Fixture::new().await;
    let (builder, job) = fixture.claimed_job().await;
    assert_eq!(
        fixture
            .backend
            .complete(builder, job, &Outcome::of(BuildResult::BuildFailed))
            .await
            .unwrap()
            .task_state,
        Some(TaskState::Failed)
    );
    let task = fixture.backend.job(job).await.unwrap().unwrap().task;
    assert_eq!(
        fixture.backend.task(task).await.unwrap().unwrap().state,
        TaskState::Failed
    );
    assert_eq!(fixture.backend.claim(builder).await.unwrap(), None);
}

#[tokio::test]
async fn stages_follow_init_fetch_build_upload() {
    let fixture = Fixture::new().await;
    let (builder, job) = fixture.claimed_job().await;

    let error = fixture
        .backend
        .set_stage(builder, job, JobStage::Build)
        .await
        .unwrap_err();
    assert!(
        matches!(
            error,
            Error::StageOrder {
                current: JobStage::Init,
                requested: JobStage::Build,
                ..
            }
        ),
        "{error:?}"
    );
    for stage in [JobStage::Fetch, JobStage::Build, JobStage::Upload] {
        fixture
            .backend
            .set_stage(builder, job, stage)
            .await
            .unwrap();
    }
    for stage in [JobStage::Init, JobStage::Fetch, JobStage::Upload] {
        let error = fixture
            .backend
            .set_stage(builder, job, stage)
            .await
            .unwrap_err();
        assert!(
            matches!(error, Error::StageOrder { current: JobStage::Upload, requested, .. } if requested == stage),
            "{error:?}"
        );
    }
    let stages: Vec<_> = fixture
        .backend
        .job_stages(job)
        .await
        .unwrap()
        .into_iter()
        .map(|(stage, _)| stage)
        .collect();
    assert_eq!(
        stages,
        vec![
            JobStage::Init,
            JobStage::Fetch,
            JobStage::Build,
            JobStage::Upload
        ]
    );
}

#[tokio::test]
async fn an_unclaimed_job_returns_its_task_to_the_queue() {
    let fixture = Fixture::new().await;
    let (builder, job) = fixture.claimed_job().await;
    let task = fixture.backend.unclaim(builder, job).await.unwrap();

    assert_eq!(
        fixture.backend.job(job).await.unwrap().unwrap().state,
        JobState::Unclaimed
    );
    assert_eq!(
        fixture.backend.task(task).await.unwrap().unwrap().state,
        TaskState::Waiting
    );
    let again = fixture.backend.claim(builder).await.unwrap().unwrap();
    assert_eq!(again.task, task);
    assert_eq!(again.attempt, 2);
}

#[tokio::test]
async fn an_expired_lease_is_refused_and_the_rescuer_returns_the_task_to_the_queue() {
    let fixture = Fixture::new().await;
    // A zero lease has run out as soon as the claim commits.
    let expired = fixture.backend_with(Config {
        lease: Duration::ZERO,
        ..Config::default()
    });
    fixture.add_version("serde", "1.0.0", false).await;
    fixture
        .backend
        .create_tasks(&[TaskKind::Binary])
        .await
        .unwrap();
    let builder = fixture.add_builder(1).await;
    let job = expired.claim(builder).await.unwrap().unwrap();

    for error in [
        fixture
            .backend
            .heartbeat(builder, job.id)
            .await
            .unwrap_err(),
        fixture
            .backend
            .complete(builder, job.id, &Outcome::of(BuildResult::Succeeded))
            .await
            .unwrap_err(),
        fixture
            .backend
            .set_stage(builder, job.id, JobStage::Fetch)
            .await
            .unwrap_err(),
        fixture.backend.unclaim(builder, job.id).await.unwrap_err(),
    ] {
        assert!(
            matches!(error, Error::LeaseExpired(id) if id == job.id),
            "{error:?}"
        );
    }

    let rescued = fixture.backend.rescue_expired().await.unwrap();
    assert_eq!(rescued.len(), 1);
    assert_eq!(
        (rescued[0].job, rescued[0].task_state),
        (job.id, TaskState::Waiting)
    );
    assert_eq!(
        fixture.backend.job(job.id).await.unwrap().unwrap().state,
        JobState::Expired
    );
    let error = fixture
        .backend
        .complete(builder, job.id, &Outcome::of(BuildResult::Succeeded))
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::LeaseExpired(_)),
        "still expired after the rescue: {error:?}"
    );

    assert!(
        fixture.backend.rescue_expired().await.unwrap().is_empty(),
        "nothing is rescued twice"
    );
    let again = fixture.backend.claim(builder).await.unwrap().unwrap();
    assert_eq!((again.task, again.attempt), (job.task, 2));
    assert!(
        fixture.backend.rescue_expired().await.unwrap().is_empty(),
        "a running lease is left alone"
    );
}

#[tokio::test]
async fn a_task_is_parked_as_failed_after_the_attempt_limit() {
    let fixture = Fixture::new().await;
    let expiring = fixture.backend_with(Config {
        lease: Duration::ZERO,
        max_attempts: 3,
        ..Config::default()
    });
    fixture.add_version("serde", "1.0.0", false).await;
    fixture
        .backend
        .create_tasks(&[TaskKind::Binary])
        .await
        .unwrap();
    let builder = fixture.add_builder(1).await;

    let mut outcomes = Vec::new();
    while let Some(job) = expiring.claim(builder).await.unwrap() {
        let rescued = expiring.rescue_expired().await.unwrap();
        assert_eq!(rescued[0].job, job.id);
        outcomes.push((rescued[0].attempts, rescued[0].task_state));
        assert!(
            outcomes.len() <= 3,
            "claimed again after parking: {outcomes:?}"
        );
    }
    assert_eq!(
        outcomes,
        vec![
            (1, TaskState::Waiting),
            (2, TaskState::Waiting),
            (3, TaskState::Failed)
        ]
    );
}

#[tokio::test]
async fn the_lease_rescuer_runs_until_shutdown() {
    let fixture = Fixture::new().await;
    let rescuing = fixture.backend_with(Config {
        lease: Duration::ZERO,
        rescue_interval: Duration::from_millis(20),
        ..Config::default()
    });
    fixture.add_version("serde", "1.0.0", false).await;
    fixture
        .backend
        .create_tasks(&[TaskKind::Binary])
        .await
        .unwrap();
    let builder = fixture.add_builder(1).await;
    let job = rescuing.claim(builder).await.unwrap().unwrap();

    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let rescuer = tokio::spawn(lease_rescuer(rescuing.clone(), async {
        let _ = stopped.await;
    }));
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while fixture.backend.job(job.id).await.unwrap().unwrap().state == JobState::Active {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the rescuer never ran"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(
        fixture.backend.task(job.task).await.unwrap().unwrap().state,
        TaskState::Waiting
    );
    stop.send(()).unwrap();
    tokio::time::timeout(Duration::from_secs(5), rescuer)
        .await
        .unwrap()
        .unwrap();
}
