//! Replays across processes: nonces live in the database, so a signed
//! request is accepted once by every daemon on it, also after a restart.

use buildsrs_backend_daemon::Settings;
use buildsrs_protocol::api::path;
use reqwest::{Method, Request, StatusCode};
use serde_json::json;

use crate::harness::{Builder, Daemon};

/// A signed claim that waits for nothing, ready to send twice.
fn signed_claim(builder: &Builder) -> (Request, Request) {
    let body = serde_json::to_vec(&json!({ "wait_seconds": 0, "slots": 1 })).unwrap();
    let request = builder
        .signed(Method::POST, path::CLAIM, body)
        .header("content-type", "application/json")
        .build()
        .unwrap();
    let again = request.try_clone().unwrap();
    (request, again)
}

/// `request` sent to the daemon at `base` (the signature covers the path,
/// not the host, so it is the same request).
async fn send_to(daemon: &Daemon, base: &str, mut request: Request) -> reqwest::Response {
    let url = format!("{base}{}", request.url().path());
    *request.url_mut() = url.parse().unwrap();
    daemon.http.execute(request).await.unwrap()
}

/// Checks that `response` refuses a replay.
async fn assert_replay_refused(response: reqwest::Response) {
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "replayed_request");
}

#[tokio::test]
async fn a_signed_request_replayed_after_a_daemon_restart_is_refused() {
    let mut daemon = Daemon::start(Settings::default()).await;
    let builder = Builder::new(&daemon);
    daemon.register_builder(&builder.key);
    let (request, replay) = signed_claim(&builder);
    let first = send_to(&daemon, &daemon.base, request).await;
    assert_eq!(first.status(), StatusCode::OK);

    daemon.shutdown().await;
    let restarted = daemon.start_instance(Settings::default()).await;
    assert_replay_refused(send_to(&daemon, &restarted.base, replay).await).await;
    // A fresh request of the same builder is served.
    let (fresh, _) = signed_claim(&builder);
    let served = send_to(&daemon, &restarted.base, fresh).await;
    assert_eq!(served.status(), StatusCode::OK);
    restarted.shutdown().await;
}

#[tokio::test]
async fn a_signed_request_replayed_to_a_second_instance_on_the_same_database_is_refused() {
    let daemon = Daemon::start(Settings::default()).await;
    let second = daemon.start_instance(Settings::default()).await;
    let builder = Builder::new(&daemon);
    daemon.register_builder(&builder.key);
    let (request, replay) = signed_claim(&builder);

    let first = send_to(&daemon, &second.base, request).await;
    assert_eq!(first.status(), StatusCode::OK);
    assert_replay_refused(send_to(&daemon, &daemon.base, replay).await).await;
    second.shutdown().await;
}
