//! What clients cannot take from others: slow readers of live logs hold no
//! database connection, streams are capped in all and per client, and
//! connections are bounded by the header-read, idle and send timeouts and
//! the connection cap. Raw sockets on loopback play the misbehaving clients.

use std::time::{Duration, Instant};

use buildsrs_backend_daemon::Settings;
use buildsrs_database::PoolOptions;
use buildsrs_protocol::api::path;
use reqwest::StatusCode;
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};

use crate::harness::{Builder, Daemon};

/// A job whose log has `lines` lines of 100 characters, still running.
async fn job_with_log(daemon: &Daemon, lines: i64) -> i64 {
    let builder = Builder::new(daemon);
    daemon.register_builder(&builder.key);
    daemon.add_versions(&[("serde", "1.0.0")]).await;
    let job = builder.claim_one().await.job;
    let mut first_line = 0;
    while first_line < lines {
        let batch: Vec<String> = (first_line..lines.min(first_line + 2000))
            .map(|number| format!("{number:0>100}"))
            .collect();
        let body = json!({ "stage": "init", "first_line": first_line, "lines": batch });
        let response = builder.post(&path::logs(job), body).await;
        assert_eq!(response.status(), StatusCode::OK);
        first_line += batch.len() as i64;
    }
    job.0
}

/// Opens the job's live log on a socket with a small receive buffer and
/// never reads from it.
async fn slow_reader(daemon: &Daemon, job: i64) -> TcpStream {
    let socket = TcpSocket::new_v4().unwrap();
    socket.set_recv_buffer_size(4096).unwrap();
    let address = daemon.base.trim_start_matches("http://").parse().unwrap();
    let mut stream = socket.connect(address).await.unwrap();
    let request = format!("GET /api/v1/jobs/{job}/logs/stream HTTP/1.1\r\nHost: test\r\n\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
    stream
}

/// A raw connection to the daemon.
async fn connect(daemon: &Daemon) -> TcpStream {
    TcpStream::connect(daemon.base.trim_start_matches("http://"))
        .await
        .unwrap()
}

/// Reads until the daemon closes the connection (end of file or reset);
/// fails after `within`.
async fn closed_within(stream: &mut TcpStream, within: Duration) {
    let mut buffer = [0; 4096];
    let closing = async {
        loop {
            match stream.read(&mut buffer).await {
                Ok(0) | Err(_) => return,
                Ok(_) => continue,
            }
        }
    };
    tokio::time::timeout(within, closing)
        .await
        .expect("the daemon closes the connection");
}

/// Sends `GET /health` on a kept-alive connection and reads its answer.
async fn health_on(stream: &mut TcpStream) {
    let request = "GET /health HTTP/1.1\r\nHost: test\r\n\r\n";
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    let mut buffer = [0; 1024];
    while !answer.ends_with(b"\r\n\r\nok\n") {
        let read = stream.read(&mut buffer).await.unwrap();
        assert_ne!(read, 0, "closed before answering");
        answer.extend_from_slice(&buffer[..read]);
    }
    assert!(answer.starts_with(b"HTTP/1.1 200"));
}

/// The value of gauge `buildsrs_streams_open` in `/metrics`.
async fn streams_open(daemon: &Daemon) -> i64 {
    let text = daemon.get("/metrics").await.text().await.unwrap();
    text.lines()
        .find_map(|line| line.strip_prefix("buildsrs_streams_open "))
        .expect("the gauge is exported")
        .parse()
        .unwrap()
}

#[tokio::test]
async fn slow_readers_of_a_long_log_leave_the_database_pool_to_other_requests() {
    let settings = Settings {
        send_timeout: Duration::from_secs(600),
        ..Settings::default()
    };
    let pool = PoolOptions {
        pool_size: 2,
        connect_timeout: Duration::from_secs(3),
        ..PoolOptions::default()
    };
    let daemon = Daemon::start_with(settings, &pool).await;
    let job = job_with_log(&daemon, 20_000).await;
    let mut readers = Vec::new();
    for _ in 0..6 {
        readers.push(slow_reader(&daemon, job).await);
    }
    // Long enough for every stream to fill its socket and stall.
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(streams_open(&daemon).await, 6);

    let started = Instant::now();
    assert_eq!(daemon.get("/ready").await.status(), StatusCode::OK);
    let status = daemon.get(&format!("/api/v1/jobs/{job}")).await.status();
    assert_eq!(status, StatusCode::OK);
    let status = daemon
        .get(&format!("/api/v1/jobs/{job}/logs?limit=5"))
        .await
        .status();
    assert_eq!(status, StatusCode::OK);
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    drop(readers);
}

#[tokio::test]
async fn streams_beyond_the_total_and_per_client_caps_are_refused_with_their_codes() {
    let settings = Settings {
        max_streams: 3,
        max_streams_per_client: 2,
        ..Settings::default()
    };
    let daemon = Daemon::start(settings).await;
    let job = job_with_log(&daemon, 1).await;
    let stream = format!("{}/api/v1/jobs/{job}/logs/stream", daemon.base);
    // A second client: the same loopback, from another address of it.
    let other = reqwest::Client::builder()
        .local_address("127.0.0.2".parse::<std::net::IpAddr>().unwrap())
        .build()
        .unwrap();
    let open = |client: &reqwest::Client| client.get(&stream).send();

    let first = open(&daemon.http).await.unwrap();
    let _second = open(&daemon.http).await.unwrap();
    assert_eq!(first.status(), StatusCode::OK);
    let refused = open(&daemon.http).await.unwrap();
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    let body: serde_json::Value = refused.json().await.unwrap();
    assert_eq!(body["error"]["code"], "too_many_streams");

    let _third = open(&other).await.unwrap();
    let refused = open(&other).await.unwrap();
    assert_eq!(refused.status(), StatusCode::SERVICE_UNAVAILABLE);
    let body: serde_json::Value = refused.json().await.unwrap();
    assert_eq!(body["error"]["code"], "streams_full");
    assert_eq!(streams_open(&daemon).await, 3);

    // A stream that ends gives its place back.
    drop(first);
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let again = open(&other).await.unwrap();
        if again.status() == StatusCode::OK {
            break;
        }
        assert!(Instant::now() < deadline, "the place was not given back");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn a_stream_whose_client_stops_reading_is_dropped_after_the_send_timeout() {
    let settings = Settings {
        send_timeout: Duration::from_millis(500),
        ..Settings::default()
    };
    let daemon = Daemon::start(settings).await;
    let job = job_with_log(&daemon, 20_000).await;
    let _reader = slow_reader(&daemon, job).await;
    tokio::time::sleep(Duration::from_millis(200)).await;

    let deadline = Instant::now() + Duration::from_secs(15);
    while streams_open(&daemon).await != 0 {
        assert!(
            Instant::now() < deadline,
            "the stalled stream is still open"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn a_connection_that_sends_no_complete_request_head_is_closed_after_the_header_timeout() {
    let settings = Settings {
        header_read_timeout: Duration::from_millis(300),
        ..Settings::default()
    };
    let daemon = Daemon::start(settings).await;
    let mut silent = connect(&daemon).await;
    let mut partial = connect(&daemon).await;
    partial
        .write_all(b"GET /health HTTP/1.1\r\nHost: te")
        .await
        .unwrap();

    let started = Instant::now();
    closed_within(&mut silent, Duration::from_secs(5)).await;
    closed_within(&mut partial, Duration::from_secs(5)).await;
    assert!(started.elapsed() >= Duration::from_millis(250));
    // The daemon still serves everyone else.
    assert_eq!(daemon.get("/health").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn an_idle_kept_alive_connection_is_closed_after_the_idle_timeout_not_the_header_timeout() {
    let settings = Settings {
        header_read_timeout: Duration::from_millis(300),
        idle_timeout: Duration::from_secs(2),
        ..Settings::default()
    };
    let daemon = Daemon::start(settings).await;
    let mut connection = connect(&daemon).await;
    health_on(&mut connection).await;
    // Idle for longer than the header timeout: still open.
    tokio::time::sleep(Duration::from_millis(900)).await;
    health_on(&mut connection).await;

    let answered = Instant::now();
    closed_within(&mut connection, Duration::from_secs(8)).await;
    assert!(answered.elapsed() >= Duration::from_millis(1800));
}

#[tokio::test]
async fn connections_beyond_the_cap_wait_until_a_connection_ends() {
    let settings = Settings {
        max_connections: 2,
        header_read_timeout: Duration::from_secs(60),
        ..Settings::default()
    };
    let daemon = Daemon::start(settings).await;
    let first = connect(&daemon).await;
    let _second = connect(&daemon).await;
    tokio::time::sleep(Duration::from_millis(200)).await;

    let waiting = reqwest::Client::new()
        .get(format!("{}/health", daemon.base))
        .timeout(Duration::from_secs(1))
        .send()
        .await;
    assert!(waiting.unwrap_err().is_timeout());

    drop(first);
    let answered = reqwest::Client::new()
        .get(format!("{}/health", daemon.base))
        .timeout(Duration::from_secs(5))
        .send()
        .await
        .unwrap();
    assert_eq!(answered.status(), StatusCode::OK);
}
