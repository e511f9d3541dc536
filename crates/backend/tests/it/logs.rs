//! Log lines: batches per job and stage, numbered in order, read from any
//! line on.

use buildsrs_backend::BuildResult;
use buildsrs_backend::jobs::Outcome;
use buildsrs_backend::{Error, JobStage};

use crate::support::{Fixture, lines};

#[tokio::test]
async fn log_batches_are_numbered_in_order_and_read_from_any_line() {
    let fixture = Fixture::new().await;
    let (builder, job) = fixture.claimed_job().await;

    assert_eq!(
        fixture
            .backend
            .append_logs(builder, job, JobStage::Init, 0, &lines("init", 3))
            .await
            .unwrap(),
        3
    );
    fixture
        .backend
        .set_stage(builder, job, JobStage::Fetch)
        .await
        .unwrap();
    assert_eq!(
        fixture
            .backend
            .append_logs(builder, job, JobStage::Fetch, 3, &lines("fetch", 4))
            .await
            .unwrap(),
        7
    );
    // Output of an earlier stage flushed late is still taken.
    assert_eq!(
        fixture
            .backend
            .append_logs(builder, job, JobStage::Init, 7, &lines("late", 1))
            .await
            .unwrap(),
        8
    );

    let all = fixture.backend.logs(job, 0, 100).await.unwrap();
    assert_eq!(
        all.iter().map(|line| line.number).collect::<Vec<_>>(),
        (0..8).collect::<Vec<_>>()
    );
    let texts: Vec<_> = all.iter().map(|line| line.line.as_str()).collect();
    assert_eq!(
        texts,
        [
            "init-0", "init-1", "init-2", "fetch-0", "fetch-1", "fetch-2", "fetch-3", "late-0"
        ]
    );
    assert_eq!(all[3].stage, JobStage::Fetch);
    assert_eq!(all[7].stage, JobStage::Init);

    let tail = fixture.backend.logs(job, 5, 2).await.unwrap();
    assert_eq!(
        tail.iter().map(|line| line.number).collect::<Vec<_>>(),
        vec![5, 6]
    );
    assert_eq!(
        fixture.backend.job(job).await.unwrap().unwrap().log_lines,
        8
    );
}

#[tokio::test]
async fn a_batch_sent_twice_or_after_a_lost_one_is_refused() {
    let fixture = Fixture::new().await;
    let (builder, job) = fixture.claimed_job().await;
    fixture
        .backend
        .append_logs(builder, job, JobStage::Init, 0, &lines("a", 5))
        .await
        .unwrap();

    let error = fixture
        .backend
        .append_logs(builder, job, JobStage::Init, 0, &lines("a", 5))
        .await
        .unwrap_err();
    assert!(
        matches!(
            error,
            Error::LogOutOfOrder {
                expected: 5,
                given: 0,
                ..
            }
        ),
        "{error:?}"
    );
    let error = fixture
        .backend
        .append_logs(builder, job, JobStage::Init, 9, &lines("b", 1))
        .await
        .unwrap_err();
    assert!(
        matches!(
            error,
            Error::LogOutOfOrder {
                expected: 5,
                given: 9,
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(fixture.backend.logs(job, 0, 100).await.unwrap().len(), 5);
}

#[tokio::test]
async fn lines_of_a_stage_the_job_has_not_reached_are_refused() {
    let fixture = Fixture::new().await;
    let (builder, job) = fixture.claimed_job().await;
    let error = fixture
        .backend
        .append_logs(builder, job, JobStage::Build, 0, &lines("a", 1))
        .await
        .unwrap_err();
    assert!(
        matches!(
            error,
            Error::LogStageAhead {
                current: JobStage::Init,
                requested: JobStage::Build,
                ..
            }
        ),
        "{error:?}"
    );
}

#[tokio::test]
async fn no_lines_are_taken_after_the_job_ends() {
    let fixture = Fixture::new().await;
    let (builder, job) = fixture.claimed_job().await;
    fixture
        .backend
        .complete(builder, job, &Outcome::of(BuildResult::Succeeded))
        .await
        .unwrap();
    let error = fixture
        .backend
        .append_logs(builder, job, JobStage::Init, 0, &lines("a", 1))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::JobFinished { .. }), "{error:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_batches_of_one_job_never_share_a_line_number() {
    let fixture = Fixture::new().await;
    let (builder, job) = fixture.claimed_job().await;
    // Writers that each retry with the count the refusal names: the row lock
    // orders them, and every line lands exactly once.
    let mut writers = Vec::new();
    for writer in 0..4 {
        let backend = fixture.backend.clone();
        writers.push(tokio::spawn(async move {
            for batch in 0..10 {
                let batch_lines = lines(&format!("w{writer}b{batch}"), 10);
                let mut first = 0;
                loop {
                    match backend
                        .append_logs(builder, job, JobStage::Init, first, &batch_lines)
                        .await
                    {
                        Ok(_) => break,
                        Err(Error::LogOutOfOrder { expected, .. }) => first = expected,
                        Err(error) => panic!("{error}"),
                    }
                }
            }
        }));
    }
    for writer in writers {
        writer.await.unwrap();
    }
    let all = fixture.backend.logs(job, 0, 1000).await.unwrap();
    assert_eq!(all.len(), 400);
    assert_eq!(
        all.iter().map(|line| line.number).collect::<Vec<_>>(),
        (0..400).collect::<Vec<_>>()
    );
}
