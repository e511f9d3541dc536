//! Live log following: many followers of one job share one reader, and
//! each gets every line once and in order, however it reads.

use std::time::Duration;

use buildsrs_backend::bus::{Bus, BusOptions};
use buildsrs_backend::follow::LogStream;
use buildsrs_backend::jobs::Outcome;
use buildsrs_backend::{BuildResult, BuilderId, JobId, JobStage};

use crate::support::{Fixture, lines};

async fn bus(fixture: &Fixture) -> Bus {
    Bus::connect(fixture.test.config(), BusOptions::default())
        .await
        .unwrap()
}

/// Appends `count` batches of `size` lines, numbered on from `first`.
async fn append(
    fixture: &Fixture,
    (builder, job): (BuilderId, JobId),
    first: i64,
    count: i64,
    size: usize,
) -> i64 {
    let mut next = first;
    for _ in 0..count {
        let batch = lines(&format!("line{next}"), size);
        next = fixture
            .backend
            .append_logs(builder, job, JobStage::Init, next, &batch)
            .await
            .unwrap();
    }
    next
}

/// The numbers of every line until the stream ends, failing after 10 s.
async fn numbers(mut stream: LogStream) -> Vec<i64> {
    let mut numbers = Vec::new();
    loop {
        let line = tokio::time::timeout(Duration::from_secs(10), stream.next_line())
            .await
            .expect("the stream moves within ten seconds");
        match line {
            Some(line) => numbers.push(line.unwrap().number),
            None => return numbers,
        }
    }
}

/// Waits until no job has a reader, failing after five seconds.
async fn readers_stopped(fixture: &Fixture) {
    for _ in 0..100 {
        if fixture.backend.followed_jobs() == 0 {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("{} log readers still run", fixture.backend.followed_jobs());
}

#[tokio::test]
async fn many_followers_of_one_job_share_one_reader_and_each_gets_every_line_once() {
    let fixture = Fixture::new().await;
    let bus = bus(&fixture).await;
    let held = fixture.claimed_job().await;
    let (builder, job) = held;
    let mut next = append(&fixture, held, 0, 3, 10).await;

    // Followers from the start, from the middle, and from the current end.
    let mut followers = Vec::new();
    for from in [0, 15, 30].repeat(10) {
        let stream = fixture.backend.follow_logs(&bus, job, from, 64);
        followers.push((from, tokio::spawn(numbers(stream))));
    }
    next = append(&fixture, held, next, 20, 7).await;
    assert_eq!(fixture.backend.followed_jobs(), 1, "one reader for the job");
    let late = fixture.backend.follow_logs(&bus, job, 0, 64);
    followers.push((0, tokio::spawn(numbers(late))));
    next = append(&fixture, held, next, 5, 3).await;
    fixture
        .backend
        .complete(builder, job, &Outcome::of(BuildResult::Succeeded))
        .await
        .unwrap();

    for (from, follower) in followers {
        assert_eq!(follower.await.unwrap(), (from..next).collect::<Vec<_>>());
    }
    readers_stopped(&fixture).await;
}

#[tokio::test]
async fn a_follower_left_behind_by_the_shared_reader_reads_the_missed_lines_itself() {
    let fixture = Fixture::new().await;
    let bus = bus(&fixture).await;
    let held = fixture.claimed_job().await;
    let (builder, job) = held;
    // A follower that takes everything keeps the reader publishing, while
    // the slow one takes nothing: its channel overflows many times over.
    let eager = tokio::spawn(numbers(fixture.backend.follow_logs(&bus, job, 0, 4096)));
    let slow = fixture.backend.follow_logs(&bus, job, 0, 1);
    let next = append(&fixture, held, 0, 300, 2).await;
    fixture
        .backend
        .complete(builder, job, &Outcome::of(BuildResult::Succeeded))
        .await
        .unwrap();

    assert_eq!(eager.await.unwrap(), (0..next).collect::<Vec<_>>());
    assert_eq!(numbers(slow).await, (0..next).collect::<Vec<_>>());
}

#[tokio::test]
async fn a_jobs_reader_stops_when_its_last_follower_leaves() {
    let fixture = Fixture::new().await;
    let bus = bus(&fixture).await;
    let held = fixture.claimed_job().await;
    let next = append(&fixture, held, 0, 1, 5).await;
    let mut stream = fixture.backend.follow_logs(&bus, held.1, 0, 16);
    for number in 0..next {
        assert_eq!(stream.next_line().await.unwrap().unwrap().number, number);
    }
    assert_eq!(fixture.backend.followed_jobs(), 1);

    drop(stream);
    readers_stopped(&fixture).await;
    // A new follower starts a new reader and still gets what follows.
    let stream = fixture.backend.follow_logs(&bus, held.1, next, 16);
    let following = tokio::spawn(numbers(stream));
    tokio::time::sleep(Duration::from_millis(100)).await;
    let end = append(&fixture, held, next, 2, 3).await;
    fixture
        .backend
        .complete(held.0, held.1, &Outcome::of(BuildResult::Succeeded))
        .await
        .unwrap();
    assert_eq!(following.await.unwrap(), (next..end).collect::<Vec<_>>());
}

#[tokio::test]
async fn a_follower_gets_the_lines_committed_while_its_reader_starts() {
    let fixture = Fixture::new().await;
    let bus = bus(&fixture).await;
    let held = fixture.claimed_job().await;
    let mut next = 0;
    // Each round starts a new reader and commits a batch at once: the
    // follower's first read and the reader's may fall either side of it.
    for _ in 0..40 {
        let mut stream = fixture.backend.follow_logs(&bus, held.1, next, 16);
        let first = next;
        next = append(&fixture, held, next, 1, 1).await;
        let line = tokio::time::timeout(Duration::from_secs(3), stream.next_line())
            .await
            .expect("the batch arrives without another one after it")
            .unwrap()
            .unwrap();
        assert_eq!(line.number, first);
        drop(stream);
        readers_stopped(&fixture).await;
    }
}
