//! The notification bus: work and job events, reconnection with a gap, and
//! log following that loses no line across a reconnect.

use std::str::FromStr;
use std::time::Duration;

use buildsrs_backend::BuildResult;
use buildsrs_backend::bus::{Bus, BusOptions, Channel, JobEvent, Notification, Subscription};
use buildsrs_backend::jobs::Outcome;
use buildsrs_backend::{Backend, Config};
use buildsrs_backend::{JobStage, JobState, TaskKind};
use buildsrs_cluster::Cluster;
use buildsrs_database::certificates::TestCertificates;
use buildsrs_database::queries::queries::sessions;
use buildsrs_database::{ConnectionConfig, Database, PoolOptions};
use buildsrs_report::Report;

use crate::operator::Operator as _;
use crate::support::{Fixture, TARGET, add_versions, lines};

/// The bus of a fixture's database, under its own application name.
async fn bus(fixture: &Fixture, application_name: &str) -> Bus {
    let options = BusOptions {
        application_name: application_name.to_owned(),
        reconnect_delay: Duration::from_millis(300),
        ..BusOptions::default()
    };
    Bus::connect(fixture.test.config(), options).await.unwrap()
}

/// The next notification, failing the test after five seconds.
async fn next(subscription: &mut Subscription) -> Notification {
    tokio::time::timeout(Duration::from_secs(5), subscription.recv())
        .await
        .expect("a notification within five seconds")
        .expect("the bus runs")
}

/// Cuts the bus's connection from another session.
async fn terminate(fixture: &Fixture, application_name: &str) {
    let client = fixture.test.database().client().await.unwrap();
    let terminated = sessions::session_terminate_by_application_name()
        .bind(&client, &application_name)
        .one()
        .await
        .unwrap();
    assert_eq!(terminated, 1, "the bus had one connection");
}

#[tokio::test]
async fn new_tasks_and_returned_tasks_wake_listeners_on_the_work_channel() {
    let fixture = Fixture::new().await;
    let bus = bus(&fixture, "bus-work").await;
    let mut work = bus.listen(Channel::Work, 16);
    let target = fixture.backend.targets().await.unwrap()[0].id;

    fixture.add_version("serde", "1.0.0", false).await;
    fixture
        .backend
        .create_tasks(&[TaskKind::Binary])
        .await
        .unwrap();
    assert_eq!(
        next(&mut work).await,
        Notification::Message(target.to_string())
    );

    let builder = fixture.add_builder(1).await;
    let job = fixture.backend.claim(builder).await.unwrap().unwrap();
    fixture.backend.unclaim(builder, job.id).await.unwrap();
    assert_eq!(
        next(&mut work).await,
        Notification::Message(target.to_string())
    );
}

#[tokio::test]
async fn stage_changes_log_lines_and_completion_are_job_events() {
    let fixture = Fixture::new().await;
    let bus = bus(&fixture, "bus-events").await;
    let mut events = bus.listen(Channel::JobEvents, 16);
    let (builder, job) = fixture.claimed_job().await;

    fixture
        .backend
        .set_stage(builder, job, JobStage::Fetch)
        .await
        .unwrap();
    fixture
        .backend
        .append_logs(builder, job, JobStage::Fetch, 0, &lines("a", 3))
        .await
        .unwrap();
    fixture.backend.heartbeat(builder, job).await.unwrap();
    fixture
        .backend
        .complete(builder, job, &Outcome::of(BuildResult::Succeeded))
        .await
        .unwrap();

    let mut seen = Vec::new();
    for _ in 0..3 {
        let Notification::Message(payload) = next(&mut events).await else {
            panic!("no gap expected");
        };
        let event = JobEvent::parse(&payload).unwrap();
        assert_eq!(event.job, job);
        seen.push((event.stage, event.state, event.log_lines));
    }
    let expected = vec![
        (JobStage::Fetch, JobState::Active, 0),
        (JobStage::Fetch, JobState::Active, 3),
        (JobStage::Fetch, JobState::Succeeded, 3),
    ];
    assert_eq!(seen, expected, "a heartbeat is no event");
}

#[tokio::test]
async fn a_lost_connection_is_reestablished_and_reported_as_a_gap() {
    let fixture = Fixture::new().await;
    let bus = bus(&fixture, "bus-gap").await;
    let mut work = bus.listen(Channel::Work, 16);
    let mut events = bus.listen(Channel::JobEvents, 16);

    terminate(&fixture, "bus-gap").await;
    assert_eq!(next(&mut work).await, Notification::Gap);
    assert_eq!(next(&mut events).await, Notification::Gap);

    // Listening again: notifications flow as before.
    fixture.add_version("serde", "1.0.0", false).await;
    fixture
        .backend
        .create_tasks(&[TaskKind::Binary])
        .await
        .unwrap();
    assert!(matches!(next(&mut work).await, Notification::Message(_)));
}

#[tokio::test]
async fn a_subscriber_whose_queue_overflows_gets_a_gap_in_place_of_the_overflow() {
    let fixture = Fixture::new().await;
    let bus = bus(&fixture, "bus-overflow").await;
    let mut events = bus.listen(Channel::JobEvents, 2);
    let (builder, job) = fixture.claimed_job().await;
    for batch in 0..5 {
        fixture
            .backend
            .append_logs(builder, job, JobStage::Init, batch, &lines("x", 1))
            .await
            .unwrap();
    }
    // Let the bus try to deliver all five into a queue of two.
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(matches!(next(&mut events).await, Notification::Message(_)));
    assert!(matches!(next(&mut events).await, Notification::Message(_)));
    fixture
        .backend
        .complete(builder, job, &Outcome::of(BuildResult::Succeeded))
        .await
        .unwrap();
    assert_eq!(
        next(&mut events).await,
        Notification::Gap,
        "the overflow is reported"
    );
}

#[tokio::test]
async fn a_followed_log_ends_with_the_job_after_its_last_line() {
    let fixture = Fixture::new().await;
    let bus = bus(&fixture, "bus-follow").await;
    let (builder, job) = fixture.claimed_job().await;
    fixture
        .backend
        .append_logs(builder, job, JobStage::Init, 0, &lines("before", 3))
        .await
        .unwrap();

    let mut stream = fixture.backend.follow_logs(&bus, job, 1, 16);
    let mut seen = Vec::new();
    for _ in 0..2 {
        seen.push(stream.next_line().await.unwrap().unwrap().line);
    }
    fixture
        .backend
        .append_logs(builder, job, JobStage::Init, 3, &lines("after", 2))
        .await
        .unwrap();
    fixture
        .backend
        .complete(builder, job, &Outcome::of(BuildResult::Succeeded))
        .await
        .unwrap();
    while let Some(line) = tokio::time::timeout(Duration::from_secs(5), stream.next_line())
        .await
        .unwrap()
    {
        seen.push(line.unwrap().line);
    }
    assert_eq!(seen, ["before-1", "before-2", "after-0", "after-1"]);
}

#[tokio::test]
async fn a_followed_log_whose_reader_stops_holds_no_pooled_connection() {
    let fixture = Fixture::new().await;
    let bus = bus(&fixture, "bus-follow-stalled").await;
    let (builder, job) = fixture.claimed_job().await;
    for batch in 0..5 {
        fixture
            .backend
            .append_logs(
                builder,
                job,
                JobStage::Init,
                batch * 1000,
                &lines("line", 1000),
            )
            .await
            .unwrap();
    }
    // One connection in all, and a reader that takes a line and stops.
    let options = PoolOptions {
        pool_size: 1,
        connect_timeout: Duration::from_secs(2),
        ..PoolOptions::default()
    };
    let backend = Backend::new(
        fixture.test.connect(&options).await.unwrap(),
        Config::default(),
    );
    let mut stream = backend.follow_logs(&bus, job, 0, 16);
    assert_eq!(stream.next_line().await.unwrap().unwrap().number, 0);
    tokio::time::sleep(Duration::from_millis(300)).await;

    // The follower waits on its reader without the pool's one connection.
    let read = tokio::time::timeout(Duration::from_secs(5), backend.logs(job, 0, 1)).await;
    assert_eq!(read.expect("the pool answers").unwrap().len(), 1);
    let mut next = 1;
    while next < 5000 {
        assert_eq!(stream.next_line().await.unwrap().unwrap().number, next);
        next += 1;
    }
}

#[tokio::test]
async fn a_followed_log_loses_no_line_across_a_reconnect() {
    let fixture = Fixture::new().await;
    let bus = bus(&fixture, "bus-resume").await;
    let (builder, job) = fixture.claimed_job().await;
    let mut stream = fixture.backend.follow_logs(&bus, job, 0, 1024);
    let mut seen = Vec::new();
    let mut written = 0;

    fixture
        .backend
        .append_logs(builder, job, JobStage::Init, 0, &lines("one", 5))
        .await
        .unwrap();
    written += 5;
    while seen.len() < written {
        let line = tokio::time::timeout(Duration::from_secs(5), stream.next_line())
            .await
            .expect("the follower reads the first lines")
            .unwrap()
            .unwrap();
        seen.push(line);
    }

    // Cut the bus and write while it is down (it waits 300 ms before it
    // reconnects): these lines' notifications are lost for good.
    terminate(&fixture, "bus-resume").await;
    fixture
        .backend
        .append_logs(builder, job, JobStage::Init, 5, &lines("two", 7))
        .await
        .unwrap();
    written += 7;
    // Nothing is written after the reconnect, so only the gap can bring the
    // follower to read these lines.
    while seen.len() < written {
        let line = tokio::time::timeout(Duration::from_secs(5), stream.next_line())
            .await
            .expect("the follower re-reads after the gap")
            .unwrap()
            .unwrap();
        seen.push(line);
    }
    fixture
        .backend
        .append_logs(builder, job, JobStage::Init, 12, &lines("three", 2))
        .await
        .unwrap();
    fixture
        .backend
        .complete(builder, job, &Outcome::of(BuildResult::Succeeded))
        .await
        .unwrap();
    while let Some(line) = tokio::time::timeout(Duration::from_secs(5), stream.next_line())
        .await
        .unwrap()
    {
        seen.push(line.unwrap());
    }

    assert_eq!(
        seen.iter().map(|line| line.number).collect::<Vec<_>>(),
        (0..14).collect::<Vec<_>>()
    );
    let texts: Vec<_> = seen.iter().map(|line| line.line.as_str()).collect();
    assert_eq!(&texts[4..7], ["one-4", "two-0", "two-1"]);
}

#[tokio::test]
async fn the_bus_connects_with_the_tls_settings_of_its_url() {
    let certificates = TestCertificates::for_names(&["localhost"]);
    let cluster = Cluster::start_throwaway_on_loopback(Some(&certificates.server())).unwrap();
    let files = tempfile::tempdir().unwrap();
    // A verify-full URL trusting the CA `ca`, written to `name`.
    let url = |name: &str, ca: &str| {
        let file = files.path().join(name);
        std::fs::write(&file, ca).unwrap();
        format!(
            "postgresql://postgres@localhost:{}/postgres?sslmode=verify-full&sslrootcert={}",
            cluster.loopback_port().unwrap(),
            file.display()
        )
    };
    let database = Database::connect_with(
        ConnectionConfig::from_str(&url("ca.pem", &certificates.ca_pem)).unwrap(),
        &PoolOptions::default(),
    )
    .await
    .unwrap();
    database.migrate().await.unwrap();
    let bus = Bus::connect(database.config().clone(), BusOptions::default())
        .await
        .unwrap();
    let mut work = bus.listen(Channel::Work, 16);
    let backend = Backend::new(database.clone(), Config::default());
    let target = backend.add_target(TARGET, true).await.unwrap();
    add_versions(&database, "serde", 1).await;
    backend.create_tasks(&[TaskKind::Binary]).await.unwrap();
    assert_eq!(
        next(&mut work).await,
        Notification::Message(target.to_string())
    );

    let stranger = TestCertificates::for_names(&["localhost"]);
    let wrong_ca = ConnectionConfig::from_str(&url("stranger.pem", &stranger.ca_pem)).unwrap();
    let error = Bus::connect(wrong_ca, BusOptions::default())
        .await
        .unwrap_err();
    let message = Report(&error).to_string();
    assert!(message.contains("invalid peer certificate"), "{message}");
}
