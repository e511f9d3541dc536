//! A running daemon for one test, and a builder that signs its requests.

use std::path::PathBuf;
use std::process::{Command, Output};
use std::sync::OnceLock;

use buildsrs_backend::{Backend, Config as BackendConfig, SchedulerConfig};
use buildsrs_backend_daemon::storage::{AmazonS3Builder, ArtifactStore, S3Location};
use buildsrs_backend_daemon::{Settings, run};
use buildsrs_database::PoolOptions;
use buildsrs_database::queries::queries::crates;
use buildsrs_database::temp::TestDatabase;
use buildsrs_protocol::api;
use buildsrs_protocol::signing::RequestSigner;
use reqwest::{Method, Response};
use sha2::{Digest, Sha256};
use ssh_key::{Algorithm, PrivateKey, PublicKey};
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
    /// The local store's directory (unused when `store` is a bucket).
    pub storage: tempfile::TempDir,
    /// Where the daemon's artifacts are.
    pub store: Storage,
    instance: Option<Instance>,
}

/// Where a daemon under test keeps its artifacts.
#[derive(Clone, Debug)]
pub enum Storage {
    Local(PathBuf),
    /// A bucket, reached with the builder's endpoint and keys.
    S3 {
        location: S3Location,
        builder: Box<AmazonS3Builder>,
    },
}

impl Storage {
    /// The store, opened as the daemon opens it.
    pub async fn open(&self, max_size: u64) -> ArtifactStore {
        match self {
            Self::Local(root) => ArtifactStore::local(root.clone(), max_size).await,
            Self::S3 { location, builder } => {
                ArtifactStore::s3(location.clone(), (**builder).clone(), max_size).await
            }
        }
        .unwrap()
    }
}

/// One running daemon process's worth: its address and how to stop it.
pub struct Instance {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    stop: oneshot::Sender<()>,
    server: JoinHandle<Result<(), buildsrs_backend_daemon::ServiceError>>,
}

impl Instance {
    /// A daemon on `test`'s database, its pool built from `options`.
    async fn start(
        test: &TestDatabase,
        storage: &Storage,
        settings: Settings,
        options: &PoolOptions,
    ) -> Self {
        let database = test.connect(options).await.unwrap();
        let store = storage.open(settings.max_artifact_size).await;
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let (stop, stopped) = oneshot::channel();
        let server = tokio::spawn(run(database, store, settings, listener, async move {
            let _ = stopped.await;
        }));
        Self { base, stop, server }
    }

    /// Stops the daemon gracefully and waits for it.
    pub async fn shutdown(self) {
        let _ = self.stop.send(());
        self.server.await.unwrap().unwrap();
    }
}

impl Daemon {
    /// Starts a daemon on 127.0.0.1 with a fresh database and storage.
    pub async fn start(settings: Settings) -> Self {
        Self::start_with(settings, &PoolOptions::default()).await
    }

    /// [`Daemon::start`] with the daemon's pool built from `options` (a
    /// `--database-role` to switch to, say).
    pub async fn start_with(settings: Settings, options: &PoolOptions) -> Self {
        Self::start_on(settings, options, None).await
    }

    /// [`Daemon::start`] with its artifacts in `store` (default: a fresh
    /// directory).
    pub async fn start_on(
        settings: Settings,
        options: &PoolOptions,
        store: Option<Storage>,
    ) -> Self {
        let test = TestDatabase::new().await.unwrap();
        let storage = tempfile::tempdir().unwrap();
        let store = store.unwrap_or_else(|| Storage::Local(storage.path().to_owned()));
        let instance = Instance::start(&test, &store, settings, options).await;
        let backend = Backend::new(test.database().clone(), BackendConfig::default());
        Self {
            test,
            backend,
            base: instance.base.clone(),
            http: reqwest::Client::new(),
            storage,
            store,
            instance: Some(instance),
        }
    }

    /// Another daemon on this one's database and storage: a second
    /// instance beside it, or this one restarted after [`Daemon::shutdown`].
    pub async fn start_instance(&self, settings: Settings) -> Instance {
        let options = PoolOptions::default();
        Instance::start(&self.test, &self.store, settings, &options).await
    }

    /// Stops the daemon gracefully and waits for it.
    pub async fn shutdown(&mut self) {
        self.instance.take().unwrap().shutdown().await;
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
    pub fn register_builder(&self, key: &PublicKey) {
        let output = self.try_register_builder(key);
        assert!(
            output.status.success(),
            "builder add: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }

    /// [`Daemon::register_builder`], answering how the CLI's `builder add`
    /// ended instead of requiring success.
    pub fn try_register_builder(&self, key: &PublicKey) -> Output {
        let dir = tempfile::tempdir().unwrap();
        let key_file = dir.path().join("builder.pub");
        std::fs::write(&key_file, key.to_openssh().unwrap()).unwrap();
        let target = try_cli(&self.test, &["target", "list"]);
        if !String::from_utf8_lossy(&target.stdout).contains(TARGET) {
            cli(&self.test, &["target", "add", TARGET]);
        }
        try_cli(
            &self.test,
            &[
                "builder",
                "add",
                key_file.to_str().unwrap(),
                "--target",
                TARGET,
            ],
        )
    }

    /// Adds crate versions and creates their tasks, a binary and a metadata
    /// one each.
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
        // What the daemon's scheduler makes of them too, but at once: a
        // test sees every task when this returns.
        self.backend
            .create_tasks(&SchedulerConfig::default().kinds)
            .await
            .unwrap();
    }
}

/// Runs the `buildsrs-database` admin CLI on the test's database, which
/// must succeed.
pub fn cli(test: &TestDatabase, args: &[&str]) {
    let output = try_cli(test, args);
    assert!(
        output.status.success(),
        "buildsrs-database {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Runs the `buildsrs-database` admin CLI on the test's database.
pub fn try_cli(test: &TestDatabase, args: &[&str]) -> Output {
    Command::new(cli_binary())
        .args(args)
        .env("DATABASE_URL", test.url())
        .output()
        .unwrap()
}

/// The admin CLI next to this test binary, built first if it is not there
/// or older than this binary (which a change to the database crate
/// rebuilds, so an old CLI would not know it). Once per test process.
fn cli_binary() -> PathBuf {
    static BINARY: OnceLock<PathBuf> = OnceLock::new();
    BINARY.get_or_init(build_cli).clone()
}

fn build_cli() -> PathBuf {
    let test_binary = std::env::current_exe().unwrap();
    let dir = test_binary.parent().unwrap().parent().unwrap().to_owned();
    let binary = dir.join("buildsrs-database");
    let modified = |path: &std::path::Path| std::fs::metadata(path).and_then(|m| m.modified()).ok();
    if modified(&binary) < modified(&test_binary) {
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

/// A builder: a key pair and a client that signs every request with the
/// protocol's [`RequestSigner`], as a real builder does.
pub struct Builder {
    /// The public half, to register.
    pub key: PublicKey,
    signer: RequestSigner,
    base: String,
    http: reqwest::Client,
    /// Where `ssh-keygen` wrote the key pair, if it did.
    key_dir: Option<tempfile::TempDir>,
}

impl Builder {
    /// A builder with a fresh Ed25519 key.
    pub fn new(daemon: &Daemon) -> Self {
        let key = PrivateKey::random(&mut rand_core::OsRng, Algorithm::Ed25519).unwrap();
        Self::with_signer(daemon, RequestSigner::new(key).unwrap(), None)
    }

    /// A builder whose key the real `ssh-keygen -t kind [-b bits]` made,
    /// loaded from its private key file.
    pub fn from_ssh_keygen(daemon: &Daemon, kind: &str, bits: Option<&str>) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let private = dir.path().join("builder");
        let mut command = Command::new("ssh-keygen");
        command
            .args(["-q", "-t", kind, "-N", "", "-f"])
            .arg(&private);
        if let Some(bits) = bits {
            command.args(["-b", bits]);
        }
        let output = command.output().unwrap();
        assert!(
            output.status.success(),
            "ssh-keygen -t {kind}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let signer = RequestSigner::from_file(&private).unwrap();
        Self::with_signer(daemon, signer, Some(dir))
    }

    fn with_signer(
        daemon: &Daemon,
        signer: RequestSigner,
        key_dir: Option<tempfile::TempDir>,
    ) -> Self {
        Self {
            key: signer.public_key().clone(),
            signer,
            base: daemon.base.clone(),
            http: daemon.http.clone(),
            key_dir,
        }
    }

    /// Sends the requests that follow to the daemon instance at `base`.
    pub fn point_at(&mut self, base: &str) {
        base.clone_into(&mut self.base);
    }

    /// A signed request, ready to send (or to send twice).
    pub fn signed(&self, method: Method, path: &str, body: Vec<u8>) -> reqwest::RequestBuilder {
        let mut request = self
            .http
            .request(method.clone(), format!("{}{path}", self.base));
        for (name, value) in self.signer.sign(method.as_str(), path, &body).unwrap() {
            request = request.header(name, value);
        }
        request.body(body)
    }

    /// The private key file, when `ssh-keygen` made the key.
    pub fn key_file(&self) -> Option<PathBuf> {
        Some(self.key_dir.as_ref()?.path().join("builder"))
    }

    /// The signature headers of a request, for requests sent by hand.
    pub fn signature(&self, method: &str, path: &str, body: &[u8]) -> Vec<(&'static str, String)> {
        self.signer.sign(method, path, body).unwrap()
    }

    /// A signed POST of a JSON body.
    pub async fn post(&self, path: &str, body: serde_json::Value) -> Response {
        self.signed(Method::POST, path, serde_json::to_vec(&body).unwrap())
            .header("content-type", "application/json")
            .send()
            .await
            .unwrap()
    }

    /// Claims work (`slots` jobs at most, waiting up to `wait_seconds`) and
    /// reads the answer, which must be a 200.
    pub async fn claim(&self, wait_seconds: u64, slots: u32) -> Vec<api::ClaimedJob> {
        let response = self
            .post(
                api::path::CLAIM,
                serde_json::json!({ "wait_seconds": wait_seconds, "slots": slots }),
            )
            .await;
        assert_eq!(response.status(), reqwest::StatusCode::OK);
        response.json::<api::ClaimResponse>().await.unwrap().jobs
    }

    /// Claims one job, which must be there.
    pub async fn claim_one(&self) -> api::ClaimedJob {
        let mut jobs = self.claim(1, 1).await;
        assert_eq!(jobs.len(), 1, "{jobs:?}");
        jobs.pop().unwrap()
    }
}
