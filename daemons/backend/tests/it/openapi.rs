//! The OpenAPI document at `/api/openapi.json`: valid OpenAPI 3.1, every
//! route the router serves listed, and every listed route served.

use std::collections::BTreeSet;

use buildsrs_backend_daemon::Settings;
use reqwest::{Method, StatusCode};
use serde_json::Value;

use crate::harness::Daemon;

/// Every route of the API, as `METHOD path`: a route added to the router
/// is added here, and the document must list it.
const ROUTES: &[&str] = &[
    "GET /api/openapi.json",
    "GET /health",
    "GET /ready",
    "GET /metrics",
    "GET /api/v1/crates",
    "GET /api/v1/crates/{name}",
    "GET /api/v1/crates/{name}/{version}",
    "GET /api/v1/jobs/{job}",
    "GET /api/v1/jobs/{job}/logs",
    "GET /api/v1/jobs/{job}/logs/stream",
    "GET /api/v1/artifacts/{artifact}/download",
    "HEAD /api/v1/artifacts/{artifact}/download",
    "GET /api/v1/artifacts/{artifact}/downloads",
    "GET /api/v1/stats/top-artifacts",
    "POST /api/v1/builder/jobs/claim",
    "POST /api/v1/builder/jobs/{job}/heartbeat",
    "POST /api/v1/builder/jobs/{job}/stage",
    "POST /api/v1/builder/jobs/{job}/logs",
    "PUT /api/v1/builder/jobs/{job}/artifacts/{name}",
    "POST /api/v1/builder/jobs/{job}/unclaim",
    "POST /api/v1/builder/jobs/{job}/complete",
];

/// The document, fetched from a running daemon.
async fn document(daemon: &Daemon) -> Value {
    let response = daemon.get("/api/openapi.json").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "application/json");
    let text = response.text().await.unwrap();
    serde_json::from_str(&text).unwrap_or_else(|error| panic!("not JSON ({error}): {text}"))
}

/// `METHOD path` of every operation the document lists.
fn operations(document: &Value) -> BTreeSet<String> {
    let paths = document["paths"].as_object().expect("paths");
    paths
        .iter()
        .flat_map(|(path, item)| {
            let methods = item.as_object().expect("a path item").keys();
            methods
                .filter(|method| {
                    !["parameters", "summary", "description"].contains(&method.as_str())
                })
                .map(move |method| format!("{} {path}", method.to_uppercase()))
        })
        .collect()
}

#[tokio::test]
async fn the_document_is_openapi_3_1_listing_every_route_with_its_errors_and_signing() {
    let daemon = Daemon::start(Settings::default()).await;
    let document = document(&daemon).await;
    assert!(
        document["openapi"].as_str().unwrap().starts_with("3.1."),
        "{}",
        document["openapi"]
    );
    let expected: BTreeSet<String> = ROUTES.iter().map(|route| route.to_string()).collect();
    assert_eq!(operations(&document), expected);

    let schemes = document["components"]["securitySchemes"]
        .as_object()
        .unwrap();
    for header in ["key", "timestamp", "nonce", "content-sha256", "signature"] {
        let scheme = &schemes[&format!("x-buildsrs-{header}")];
        assert_eq!(
            (scheme["type"].as_str(), scheme["in"].as_str()),
            (Some("apiKey"), Some("header"))
        );
    }
    let claim = &document["paths"]["/api/v1/builder/jobs/claim"]["post"];
    assert_eq!(
        claim["security"][0].as_object().unwrap().len(),
        5,
        "{claim}"
    );
    for status in ["400", "401", "403", "413", "422", "500", "503"] {
        let error = &claim["responses"][status]["content"]["application/json"]["schema"];
        assert_eq!(error["$ref"], "#/components/schemas/ErrorBody", "{status}");
    }
    let krate = &document["paths"]["/api/v1/crates/{name}"]["get"];
    assert!(krate["responses"]["404"].is_object(), "{krate}");
    assert!(krate.get("security").is_none(), "{krate}");
}

#[tokio::test]
async fn every_documented_operation_is_served_by_the_router() {
    let daemon = Daemon::start(Settings::default()).await;
    let document = document(&daemon).await;
    for operation in operations(&document) {
        let (method, template) = operation.split_once(' ').unwrap();
        let path = fill_in(template);
        let method = Method::from_bytes(method.as_bytes()).unwrap();
        let response = daemon
            .http
            .request(method, format!("{}{path}", daemon.base))
            .send()
            .await
            .unwrap();
        let status = response.status();
        let body: Value = match response.text().await.unwrap() {
            text if text.starts_with('{') => serde_json::from_str(&text).unwrap(),
            _ => Value::Null,
        };
        // The router's own answers to an unknown route or method; a
        // handler's 404 names what it did not find.
        assert_ne!(status, StatusCode::METHOD_NOT_ALLOWED, "{operation}");
        assert_ne!(body["error"]["message"], "not found", "{operation}");
    }
}

/// `template` with each `{placeholder}` replaced by a value of its kind.
fn fill_in(template: &str) -> String {
    template
        .split('/')
        .map(|segment| match segment {
            "{job}" | "{artifact}" => "1",
            "{name}" => "serde",
            "{version}" => "1.0.0",
            other => other,
        })
        .collect::<Vec<_>>()
        .join("/")
}

#[test]
fn routes_are_added_only_through_their_documentation() {
    // `OpenApiRouter::route` (or a plain axum `Router`) would serve a route
    // the document does not list; `routes!(handler)` takes the path and
    // method from the handler's `#[utoipa::path]`. The web pages (`pages/`)
    // are HTML for people, not the API, and have a router of their own.
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src");
    let pages = std::path::Path::new(dir).join("pages");
    let mut offenders = Vec::new();
    visit(std::path::Path::new(dir), &mut |path, text| {
        if path.starts_with(&pages) {
            return;
        }
        for (number, line) in text.lines().enumerate() {
            if line.contains(".route(")
                || line
                    .replace("OpenApiRouter::", "")
                    .contains("Router::new()")
            {
                offenders.push(format!("{}:{}: {line}", path.display(), number + 1));
            }
        }
    });
    assert!(offenders.is_empty(), "undocumented routes: {offenders:#?}");
}

fn visit(dir: &std::path::Path, each: &mut dyn FnMut(&std::path::Path, &str)) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            visit(&path, each);
        } else if path.extension().is_some_and(|extension| extension == "rs") {
            each(&path, &std::fs::read_to_string(&path).unwrap());
        }
    }
}
