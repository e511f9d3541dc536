//! The end-to-end test's world: a database, a git index, a download server on
//! loopback, a builder key, and the real binaries run as processes.

use std::collections::{BTreeMap, HashMap};
use std::io::Read;
use std::net::TcpListener as StdListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::{Path as UrlPath, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use buildsrs_database::temp::TestDatabase;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::PATIENCE;

/// `.crate` files by `{name}/{version}`, and the index's `config.json`.
type Served = Arc<Mutex<HashMap<String, Vec<u8>>>>;

/// Everything the test runs on.
pub struct World {
    pub dir: tempfile::TempDir,
    pub database: TestDatabase,
    /// The services' own login roles, as an operator deploys them: each
    /// holds only its group role (registry-sync, backend, reader).
    sync_url: String,
    backend_url: String,
    reader_url: String,
    /// `http://127.0.0.1:port` of the download server.
    pub downloads: String,
    served: Served,
    key: PathBuf,
}

impl World {
    /// A fresh database, a download server and a builder key.
    pub async fn start() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let database = TestDatabase::new().await.unwrap();
        let sync_url = database.login_role("buildsrs_registry_sync").await.unwrap();
        let backend_url = database.login_role("buildsrs_backend").await.unwrap();
        let reader_url = database.login_role("buildsrs_reader").await.unwrap();
        let served: Served = Arc::default();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let downloads = format!("http://{}", listener.local_addr().unwrap());
        let app = Router::new()
            .route("/index/config.json", get(config))
            .route("/crates/{name}/{version}/download", get(download))
            .with_state((Arc::clone(&served), downloads.clone()));
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        let key = dir.path().join("builder-key");
        run(Command::new("ssh-keygen")
            .args(["-q", "-t", "ed25519", "-N", "", "-C", "e2e-builder", "-f"])
            .arg(&key));
        Self {
            dir,
            database,
            sync_url,
            backend_url,
            reader_url,
            downloads,
            served,
            key,
        }
    }

    /// `cargo package` of a fixture crate (the builder's own test helper):
    /// its `.crate` bytes, served for download under its own name.
    pub fn package(&self, name: &str) -> Vec<u8> {
        let packaged = buildsrs_builder::testing::package_fixture(name, self.dir.path())
            .unwrap_or_else(|error| panic!("packaging {name}: {error}"));
        let bytes = std::fs::read(&packaged.path)
            .unwrap_or_else(|error| panic!("reading {}: {error}", packaged.path.display()));
        self.serve_crate(name, &packaged.version, bytes.clone());
        bytes
    }

    /// Serves `bytes` as the download of `name` `version`.
    pub fn serve_crate(&self, name: &str, version: &str, bytes: Vec<u8>) {
        self.served
            .lock()
            .unwrap()
            .insert(format!("{name}/{version}"), bytes);
    }

    /// `buildsrs-database ARGS` on the test database; its stdout.
    pub fn operator(&self, args: &[&str]) -> String {
        let output = run(Command::new(binary("buildsrs-database"))
            .args(args)
            .env("DATABASE_URL", self.database.url()));
        String::from_utf8(output.stdout).unwrap()
    }

    /// Registers the test's builder key for the host target.
    pub fn register_builder(&self) {
        let public = self.key.with_extension("pub");
        self.operator(&[
            "builder",
            "add",
            public.to_str().unwrap(),
            "--target",
            &host_target(),
        ]);
    }

    /// `buildsrs-registry-sync sync --git INDEX`.
    pub fn sync(&self, index: &Index) {
        run(Command::new(binary("buildsrs-registry-sync"))
            .args(["sync", "--no-progress", "--git"])
            .arg(&index.repo)
            .env("DATABASE_URL", &self.sync_url));
    }

    /// Starts `buildsrs-backend` on a free loopback port and waits until it
    /// answers.
    pub async fn start_backend(&self) -> Backend {
        let port = StdListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let base = format!("http://127.0.0.1:{port}");
        let child = Command::new(binary("buildsrs-backend"))
            .args(["--listen", &format!("127.0.0.1:{port}")])
            .arg("--storage")
            .arg(self.dir.path().join("artifacts"))
            .args([
                "--download-flush-interval",
                "200ms",
                "--schedule-interval",
                "1s",
                "--retry-backoff",
                "1h",
            ])
            .env("DATABASE_URL", &self.backend_url)
            .env("DATABASE_READ_URL", &self.reader_url)
            .env("RUST_LOG", "info")
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        let backend = Backend {
            base,
            http: reqwest::Client::new(),
            child,
        };
        let deadline = tokio::time::Instant::now() + PATIENCE;
        loop {
            if let Ok(answer) = backend
                .http
                .get(format!("{}/health", backend.base))
                .send()
                .await
                && answer.status().is_success()
            {
                return backend;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "the backend did not start"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// `cargo-builds ARGS` against `backend` (through `BUILDSRS_URL`), with
    /// `CARGO_HOME` in the test's directory; its output, whatever its exit.
    pub fn cargo_builds(&self, backend: &Backend, args: &[&str]) -> Output {
        let mut command = Command::new(binary("cargo-builds"));
        command
            .args(args)
            .env("BUILDSRS_URL", &backend.base)
            .env("CARGO_HOME", self.dir.path().join("cargo-home"))
            .env_remove("CARGO_INSTALL_ROOT");
        command
            .output()
            .unwrap_or_else(|error| panic!("running {command:?}: {error}"))
    }

    /// `buildsrs-builder --once` against `backend`, downloading from the
    /// test's server; it must exit 0.
    pub fn run_builder_once(&self, backend: &Backend) {
        let output = run(Command::new(binary("buildsrs-builder"))
            .args(["--backend", &backend.base])
            .arg("--key")
            .arg(&self.key)
            .arg("--work-dir")
            .arg(self.dir.path().join("builder"))
            .args(["--once", "--slots", "2", "--claim-wait", "2s"])
            .args(["--registry-index", &format!("{}/index/", self.downloads)])
            .env("RUST_LOG", "info"));
        eprintln!("{}", String::from_utf8_lossy(&output.stderr));
    }
}

/// The index's `config.json`: downloads from the test's server.
async fn config(State((_, base)): State<(Served, String)>) -> Response {
    axum::Json(json!({
        "dl": format!("{base}/crates/{{crate}}/{{version}}/download"),
        "api": base,
    }))
    .into_response()
}

/// A served `.crate`, or 404.
async fn download(
    State((served, _)): State<(Served, String)>,
    UrlPath((name, version)): UrlPath<(String, String)>,
) -> Response {
    match served.lock().unwrap().get(&format!("{name}/{version}")) {
        Some(bytes) => bytes.clone().into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

/// A git registry index the test publishes to.
pub struct Index {
    pub repo: PathBuf,
    /// Index lines by crate name, by version.
    files: BTreeMap<String, BTreeMap<String, Value>>,
}

impl Index {
    /// An empty index repository with a `config.json`.
    pub fn create(world: &World) -> Self {
        let repo = world.dir.path().join("index");
        std::fs::create_dir_all(&repo).unwrap();
        git(&repo, &["init", "--quiet", "--initial-branch", "master"]);
        std::fs::write(
            repo.join("config.json"),
            json!({ "dl": format!("{}/crates", world.downloads) }).to_string(),
        )
        .unwrap();
        Self {
            repo,
            files: BTreeMap::new(),
        }
    }

    /// Lists (or relists, yanked or not) `name` `version` with the checksum
    /// of `bytes`.
    pub fn publish(&mut self, name: &str, version: &str, bytes: &[u8], yanked: bool) {
        self.publish_with_checksum(name, version, Sha256::digest(bytes).into(), yanked);
    }

    /// Lists `name` `version` with the given checksum.
    pub fn publish_with_checksum(
        &mut self,
        name: &str,
        version: &str,
        checksum: [u8; 32],
        yanked: bool,
    ) {
        let line = json!({
            "name": name,
            "vers": version,
            "deps": [],
            "cksum": hex::encode(checksum),
            "features": {},
            "yanked": yanked,
        });
        self.files
            .entry(name.to_owned())
            .or_default()
            .insert(version.to_owned(), line);
    }

    /// Writes every crate file and commits.
    pub fn commit(&self, message: &str) {
        for (name, versions) in &self.files {
            let path = self.repo.join(index_path(name));
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            let text: String = versions.values().map(|line| format!("{line}\n")).collect();
            std::fs::write(path, text).unwrap();
        }
        git(&self.repo, &["add", "--all"]);
        git(
            &self.repo,
            &[
                "-c",
                "user.name=e2e",
                "-c",
                "user.email=e2e@buildsrs.test",
                "commit",
                "--quiet",
                "--message",
                message,
            ],
        );
    }
}

/// Where the index keeps a crate's file (names of four or more characters).
fn index_path(name: &str) -> PathBuf {
    let lower = name.to_lowercase();
    Path::new(&lower[0..2]).join(&lower[2..4]).join(&lower)
}

/// The backend daemon under test; killed when dropped.
pub struct Backend {
    pub base: String,
    http: reqwest::Client,
    child: Child,
}

impl Backend {
    /// `GET path` as JSON; it must succeed.
    pub async fn get(&self, path: &str) -> Value {
        let answer = self
            .http
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap();
        assert!(
            answer.status().is_success(),
            "GET {path}: {}",
            answer.status()
        );
        answer.json().await.unwrap()
    }

    /// Polls `path` until `done` holds for its JSON.
    pub async fn wait_for(&self, path: &str, done: impl Fn(&Value) -> bool) -> Value {
        let deadline = tokio::time::Instant::now() + PATIENCE;
        loop {
            let answer = self
                .http
                .get(format!("{}{path}", self.base))
                .send()
                .await
                .unwrap();
            let value: Value = if answer.status().is_success() {
                answer.json().await.unwrap()
            } else {
                Value::Null
            };
            if done(&value) {
                return value;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "GET {path} never became what the test waits for; last: {value:#}"
            );
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    /// The bytes of an artifact, as a user downloads them.
    pub async fn download(&self, artifact: i64) -> Vec<u8> {
        let answer = self
            .http
            .get(format!(
                "{}/api/v1/artifacts/{artifact}/download",
                self.base
            ))
            .send()
            .await
            .unwrap();
        assert!(answer.status().is_success(), "{}", answer.status());
        answer.bytes().await.unwrap().to_vec()
    }

    /// A job's whole log, a page of lines at a time.
    pub async fn log(&self, job: i64) -> String {
        let mut log = String::new();
        let mut from = 0;
        loop {
            let page = self
                .get(&format!("/api/v1/jobs/{job}/logs?from={from}&limit=1000"))
                .await;
            let lines = page.as_array().expect("a page of log lines");
            for line in lines {
                log.push_str(line["line"].as_str().unwrap());
                log.push('\n');
            }
            if lines.len() < 1000 {
                return log;
            }
            from += 1000;
        }
    }
}

impl Drop for Backend {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The names of the files in a `.tar.gz`.
pub fn archive_files(bytes: &[u8]) -> Vec<String> {
    let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(bytes));
    archive
        .entries()
        .unwrap()
        .map(|entry| {
            let mut entry = entry.unwrap();
            let name = entry.path().unwrap().display().to_string();
            let mut sink = Vec::new();
            entry.read_to_end(&mut sink).unwrap();
            name
        })
        .collect()
}

/// This machine's target triple, as rustc names it.
pub fn host_target() -> String {
    let output = run(Command::new("rustc").arg("-vV"));
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .find_map(|line| line.strip_prefix("host: "))
        .expect("rustc -vV names the host")
        .to_owned()
}

/// The workspace's root.
fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_owned()
}

/// A binary of the workspace, built beside this test (with the same profile)
/// if the test runner did not build it already. Not rebuilt when it exists:
/// a build here selects other features than the test runner's and would
/// rebuild every time, so a run of this package alone (`-p buildsrs-e2e`)
/// after a change needs `cargo build --bins` first.
fn binary(name: &str) -> PathBuf {
    static BUILD: Mutex<()> = Mutex::new(());
    let test = std::env::current_exe().unwrap();
    let profile_dir = test.parent().unwrap().parent().unwrap().to_owned();
    let path = profile_dir.join(name);
    let _built = BUILD.lock().unwrap();
    if !path.exists() {
        let mut build = Command::new(env!("CARGO"));
        build
            .args(["build", "--bin", name])
            .current_dir(workspace());
        if profile_dir.ends_with("release") {
            build.arg("--release");
        }
        run(&mut build);
    }
    path
}

/// Runs a command to success, else fails the test with its output.
fn run(command: &mut Command) -> Output {
    let output = command
        .output()
        .unwrap_or_else(|error| panic!("running {command:?}: {error}"));
    assert!(
        output.status.success(),
        "{command:?} failed ({}):\n{}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

fn git(repo: &Path, args: &[&str]) {
    run(Command::new("git").arg("-C").arg(repo).args(args));
}
