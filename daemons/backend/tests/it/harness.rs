//! A running daemon for one test, and a builder that signs its requests.

use std::path::PathBuf;
use std::process::Command;
use std::time::{SystemTime, UNIX_EPOCH};

use buildsrs_backend::{Backend, Config as BackendConfig, TaskKind};
use buildsrs_backend_daemon::auth::sign_request;
use buildsrs_backend_daemon::storage::Sha256Digest;
use buildsrs_backend_daemon::{Settings, run};
use buildsrs_database::queries::queries::crates;
use buildsrs_database::temp::TestDatabase;
use reqwest::{Method, Response};
use sha2::{Digest, Sha256};
use ssh_key::{Algorithm, PrivateKey};
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub const TARGET: &str = "x86_64-unknown-linux-gnu";

/// The daemon under test and what it runs on.
pub struct Daemon {
    pub test: TestDatabase,
    pub backend: Backend,
    pub base: String,
    pub http: reqwest::Client,
    pub storage: tempfile::TempDir,
    stop: Option<oneshot::Sender<()>>,
    server: Option<JoinHandle<Result<(), buildsrs_backend_daemon::ServiceError>>>,
}

impl Daemon {
    /// Starts a daemon on 127.0.0.1 with a fresh database and storage.
    pub async fn start(settings: Settings) -> Self {
        let test = TestDatabase::new().await.unwrap();
        let storage = tempfile::tempdir().unwrap();
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let (stop, stopped) = oneshot::channel();
        let server = tokio::spawn(run(
            test.database().clone(),
            storage.path().to_owned(),
            settings,
            listener,
            async move {
                let _ = stopped.await;
            },
        ));
        let backend = Backend::new(test.database().clone(), BackendConfig::default());
        Self {
            test,
            backend,
            base,
            http: reqwest::Client::new(),
            storage,
            stop: Some(stop),
            server: Some(server),
        }
    }

    /// Stops the daemon gracefully and waits for it.
    pub async fn shutdown(&mut self) {
        let _ = self.stop.take().unwrap().send(());
        self.server.take().unwrap().await.unwrap().unwrap();
    }

    /// `GET base + path`.
    pub async fn get(&self, path: &str) -> Response {
        self.http
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap()
    }

    /// Registers a builder for [`TARGET`] with the operator's CLI, as an
    /// operator would.
    pub fn register_builder(&self, key: &PrivateKey) {
        let dir = tempfile::tempdir().unwrap();
        let key_file = dir.path().join("builder.pub");
        std::fs::write(&key_file, key.public_key().to_openssh().unwrap()).unwrap();
        cli(&self.test, &["target", "add", TARGET]);
        cli(
            &self.test,
            &[
                "builder",
                "add",
                key_file.to_str().unwrap(),
                "--target",
                TARGET,
            ],
        );
    }

    /// Adds crate versions and creates their tasks.
    pub async fn add_versions(&self, versions: &[(&str, &str)]) {
        let client = self.test.database().client().await.unwrap();
        for (name, version) in versions {
            let krate = crates::crate_insert()
                .bind(&client, name)
                .one()
                .await
                .unwrap();
            let checksum = Sha256::digest(format!("{name}-{version}")).to_vec();
            crates::crate_version_insert()
                .bind(&client, &krate, version, &checksum, &false)
                .one()
                .await
                .unwrap();
        }
        self.backend
            .create_tasks(&[TaskKind::Binary])
            .await
            .unwrap();
    }
}

/// Runs the `buildsrs-database` admin CLI on the test's database.
pub fn cli(test: &TestDatabase, args: &[&str]) {
    let output = Command::new(cli_binary())
        .args(args)
        .env("DATABASE_URL", test.url())
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "buildsrs-database {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The admin CLI next to this test binary, built first if it is not there.
fn cli_binary() -> PathBuf {
    let dir = std::env::current_exe()
        .unwrap()
        .parent()
        .unwrap()
        .parent()
        .unwrap()
        .to_owned();
    let binary = dir.join("buildsrs-database");
    if !binary.exists() {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
        let status = Command::new(cargo)
            .args([
                "build",
                "--package",
                "buildsrs-database",
                "--bin",
                "buildsrs-database",
            ])
            .status()
            .unwrap();
        assert!(status.success());
    }
    binary
}

/// A builder: a key pair and a client that signs every request.
pub struct Builder {
    pub key: PrivateKey,
    base: String,
    http: reqwest::Client,
}

impl Builder {
    /// A builder with a fresh Ed25519 key.
    pub fn new(daemon: &Daemon) -> Self {
        Self {
            key: PrivateKey::random(&mut rand_core::OsRng, Algorithm::Ed25519).unwrap(),
            base: daemon.base.clone(),
            http: daemon.http.clone(),
        }
    }

    /// A signed request, ready to send (or to send twice).
    pub fn signed(&self, method: Method, path: &str, body: Vec<u8>) -> reqwest::RequestBuilder {
        let timestamp = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64;
        let nonce = format!("n{:032x}", rand_nonce());
        let digest = Sha256Digest(Sha256::digest(&body).into());
        let mut request = self
            .http
            .request(method.clone(), format!("{}{path}", self.base));
        for (name, value) in
            sign_request(&self.key, method.as_str(), path, digest, timestamp, &nonce).unwrap()
        {
            request = request.header(name, value);
        }
        request.body(body)
    }

    /// A signed POST of a JSON body.
    pub async fn post(&self, path: &str, body: serde_json::Value) -> Response {
        self.signed(Method::POST, path, serde_json::to_vec(&body).unwrap())
            .header("content-type", "application/json")
            .send()
            .await
            .unwrap()
    }
}

fn rand_nonce() -> u128 {
    use rand_core::RngCore;
    let mut bytes = [0u8; 16];
    rand_core::OsRng.fill_bytes(&mut bytes);
    u128::from_le_bytes(bytes)
}
