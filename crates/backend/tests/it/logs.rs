//! Log lines: batches per job and stage, numbered in order, stored as
//! chunks up to the job's cap, read from any line on.

use buildsrs_backend::BuildResult;
use buildsrs_backend::jobs::Outcome;
use buildsrs_backend::logs::truncation_marker;
use buildsrs_backend::{Backend, BuilderId, Config, Error, JobId, JobStage};
use buildsrs_database::migrations::{self, MIGRATIONS};
use buildsrs_database::temp::TestDatabase;

use crate::operator::Operator as _;
use crate::support::{Fixture, TARGET, lines};

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

#[tokio::test]
async fn every_range_reads_exactly_its_lines_across_chunk_boundaries() {
    let fixture = Fixture::new().await;
    let (builder, job) = fixture.claimed_job().await;
    let mut expected: Vec<String> = Vec::new();
    for (batch, size) in [1, 5, 2, 7, 3].into_iter().enumerate() {
        let mut batch_lines = lines(&format!("b{batch}"), size);
        // Empty lines and multi-byte text survive a chunk.
        batch_lines[0] = String::new();
        batch_lines.push("grün \u{1F980}".to_owned());
        let first = expected.len() as i64;
        fixture
            .backend
            .append_logs(builder, job, JobStage::Init, first, &batch_lines)
            .await
            .unwrap();
        expected.extend(batch_lines);
    }
    let total = expected.len() as i64;
    for from in 0..=total + 1 {
        for limit in [1, 2, 3, 6, 100] {
            let read = fixture.backend.logs(job, from, limit).await.unwrap();
            let want: Vec<_> = (from..total.min(from + limit)).collect();
            let numbers: Vec<_> = read.iter().map(|line| line.number).collect();
            assert_eq!(numbers, want, "from {from}, limit {limit}");
            for line in read {
                assert_eq!(line.line, expected[line.number as usize]);
            }
        }
    }
}

#[tokio::test]
async fn a_line_holding_a_nul_is_refused_naming_it() {
    let fixture = Fixture::new().await;
    let (builder, job) = fixture.claimed_job().await;
    let batch = vec!["fine".to_owned(), "bad\0line".to_owned()];
    let error = fixture
        .backend
        .append_logs(builder, job, JobStage::Init, 0, &batch)
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::InvalidLogLine { index: 1 }),
        "{error:?}"
    );
    assert!(fixture.backend.logs(job, 0, 10).await.unwrap().is_empty());
}

#[tokio::test]
async fn a_log_at_its_cap_ends_with_one_marker_and_later_batches_are_accepted_unstored() {
    let fixture = Fixture::with_config(Config {
        max_log_bytes: 20,
        ..Config::default()
    })
    .await;
    let (builder, job) = fixture.claimed_job().await;
    let backend = &fixture.backend;
    // "a-0".."a-3": 12 bytes, under the cap.
    let count = backend
        .append_logs(builder, job, JobStage::Init, 0, &lines("a", 4))
        .await
        .unwrap();
    assert_eq!(count, 4);
    // Two of these fit (8 bytes), the rest is cut.
    let count = backend
        .append_logs(builder, job, JobStage::Init, 4, &lines("b", 5))
        .await
        .unwrap();
    assert_eq!(count, 7, "two lines kept, then the marker");
    for first in [7, 7] {
        // Accepted, so the builder moves on (or retries harmlessly).
        let count = backend
            .append_logs(builder, job, JobStage::Init, first, &lines("c", 3))
            .await
            .unwrap();
        assert_eq!(count, 7);
    }
    let texts: Vec<_> = backend
        .logs(job, 0, 100)
        .await
        .unwrap()
        .into_iter()
        .map(|line| line.line)
        .collect();
    assert_eq!(texts[..6], ["a-0", "a-1", "a-2", "a-3", "b-0", "b-1"]);
    assert_eq!(texts[6], truncation_marker(20));
    assert_eq!(texts.len(), 7);
    let error = backend
        .append_logs(builder, job, JobStage::Init, 3, &lines("d", 1))
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::LogOutOfOrder { expected: 7, .. }),
        "a cut log still numbers batches: {error:?}"
    );
}

const PER_LINE_LOG_APPEND: &str = include_str!("../../benches/sql/per_line_log_append.sql");

/// Appends `batch` to `job` as a backend of before the chunks did.
async fn append_per_line(
    fixture: &Fixture,
    builder: BuilderId,
    job: JobId,
    first: i64,
    batch: &[String],
) {
    let client = fixture.test.database().client().await.unwrap();
    let stage = "init";
    client
        .query_one(
            PER_LINE_LOG_APPEND,
            &[&batch, &job.0, &builder.0, &first, &stage],
        )
        .await
        .unwrap();
}

#[tokio::test]
async fn per_line_rows_of_before_the_chunks_read_the_same_after_the_migration() {
    let test = TestDatabase::empty().await.unwrap();
    let chunks = MIGRATIONS
        .iter()
        .position(|migration| migration.name == "log_chunks")
        .unwrap();
    let mut client = test.database().client().await.unwrap();
    migrations::migrate_with(&mut client, &MIGRATIONS[..chunks])
        .await
        .unwrap();
    let backend = Backend::new(test.database().clone(), Config::default());
    backend.add_target(TARGET, true).await.unwrap();
    let fixture = Fixture { test, backend };
    let (builder, job) = fixture.claimed_job().await;
    let mut before = lines("one", 3);
    before.insert(1, String::new());
    append_per_line(&fixture, builder, job, 0, &before).await;
    append_per_line(&fixture, builder, job, 4, &lines("two", 2)).await;

    migrations::migrate(&mut client).await.unwrap();
    let read: Vec<_> = fixture.backend.logs(job, 0, 100).await.unwrap();
    let texts: Vec<_> = read.iter().map(|line| line.line.as_str()).collect();
    assert_eq!(texts, ["one-0", "", "one-1", "one-2", "two-0", "two-1"]);
    assert_eq!(
        fixture.backend.logs(job, 3, 2).await.unwrap()[0].line,
        "one-2"
    );

    // An older backend still appends during the rollout, and a new one reads it.
    append_per_line(&fixture, builder, job, 6, &lines("old", 2)).await;
    fixture
        .backend
        .append_logs(builder, job, JobStage::Init, 8, &lines("new", 1))
        .await
        .unwrap();
    let texts: Vec<_> = fixture
        .backend
        .logs(job, 5, 100)
        .await
        .unwrap()
        .into_iter()
        .map(|line| line.line)
        .collect();
    assert_eq!(texts, ["two-1", "old-0", "old-1", "new-0"]);
}
