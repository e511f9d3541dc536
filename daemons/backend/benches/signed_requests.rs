//! `just bench-signed`: what remembering nonces in PostgreSQL costs a signed
//! builder request. Two figures, 1 and 16 concurrent clients each:
//!
//! - `nonce_admit` alone, the one statement every signed request now adds
//!   (statements/s and the mean time of one);
//! - signed claims that find no work (`wait_seconds: 0`), end to end through
//!   a real daemon on loopback: requests/s.
//!
//! `BENCH_SECONDS` (default 5) sets how long each phase runs. The database
//! is a `TestDatabase` clone: the run's throwaway cluster (no fsync), or
//! `DATABASE_URL`'s server.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use buildsrs_backend::{Backend, BuilderId, Config};
use buildsrs_backend_daemon::storage::ArtifactStore;
use buildsrs_backend_daemon::{Settings, run};
use buildsrs_database::builders::{self, NewBuilder};
use buildsrs_database::temp::TestDatabase;
use buildsrs_protocol::api::path;
use buildsrs_protocol::signing::{RequestSigner, unix_now};
use ssh_key::{Algorithm, PrivateKey};
use tokio::net::TcpListener;

const CLIENTS: [usize; 2] = [1, 16];

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(bench());
}

/// Registers an enabled builder as `buildsrs-database builder add` does.
async fn register_builder(test: &TestDatabase, key: &ssh_key::PublicKey) -> BuilderId {
    let mut client = test.database().client().await.unwrap();
    let builder = NewBuilder {
        key: key.clone(),
        comment: "bench".to_owned(),
        enabled: true,
    };
    BuilderId(builders::add(&mut client, &builder).await.unwrap())
}

async fn bench() {
    let seconds = std::env::var("BENCH_SECONDS")
        .ok()
        .and_then(|text| text.parse().ok())
        .unwrap_or(5);
    let phase = Duration::from_secs(seconds);
    let test = TestDatabase::new().await.unwrap();
    let backend = Backend::new(test.database().clone(), Config::default());
    let key = PrivateKey::random(&mut rand_core::OsRng, Algorithm::Ed25519).unwrap();
    let builder = register_builder(&test, key.public_key()).await;
    let signer = Arc::new(RequestSigner::new(key).unwrap());
    let base = start_daemon(&test).await;

    println!("| clients | nonce_admit/s | µs per nonce_admit | signed claims/s |");
    println!("|---|---|---|---|");
    for clients in CLIENTS {
        let admitting = backend.clone();
        let admits = timed(clients, phase, move |task, index| {
            let backend = admitting.clone();
            async move {
                let nonce = format!("bench-{clients:02}-{task:04}-{index:012}");
                assert!(
                    backend
                        .nonce_admit(builder, &nonce, unix_now() + 300)
                        .await
                        .unwrap()
                );
            }
        })
        .await;
        let (http, signer, base) = (reqwest::Client::new(), Arc::clone(&signer), base.clone());
        let claims = timed(clients, phase, move |_, _| {
            claim(http.clone(), Arc::clone(&signer), base.clone())
        })
        .await;
        let micros = clients as f64 * 1e6 / admits;
        println!("| {clients} | {admits:.0} | {micros:.0} | {claims:.0} |");
    }
}

/// A daemon on `test`'s database; answers its base URL.
async fn start_daemon(test: &TestDatabase) -> String {
    let database = test.connect(&Default::default()).await.unwrap();
    let root = tempfile::tempdir().unwrap().keep();
    let storage = ArtifactStore::local(root, Settings::default().max_artifact_size)
        .await
        .unwrap();
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(run(
        database,
        storage,
        Settings::default(),
        listener,
        std::future::pending(),
    ));
    base
}

/// One signed claim that finds no work.
async fn claim(http: reqwest::Client, signer: Arc<RequestSigner>, base: String) {
    let body = br#"{"wait_seconds": 0, "slots": 1}"#.to_vec();
    let mut request = http.post(format!("{base}{}", path::CLAIM));
    for (name, value) in signer.sign("POST", path::CLAIM, &body).unwrap() {
        request = request.header(name, value);
    }
    let response = request
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), reqwest::StatusCode::OK);
}

/// Runs `work` in a loop on `clients` tasks for `phase`; answers runs/s.
async fn timed<F, W>(clients: usize, phase: Duration, work: W) -> f64
where
    W: Fn(usize, u64) -> F + Clone + Send + 'static,
    F: Future<Output = ()> + Send,
{
    let done = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let tasks: Vec<_> = (0..clients)
        .map(|task| {
            let (work, done) = (work.clone(), Arc::clone(&done));
            tokio::spawn(async move {
                let mut index = 0;
                while started.elapsed() < phase {
                    work(task, index).await;
                    index += 1;
                    done.fetch_add(1, Ordering::Relaxed);
                }
            })
        })
        .collect();
    for task in tasks {
        task.await.unwrap();
    }
    done.load(Ordering::Relaxed) as f64 / started.elapsed().as_secs_f64()
}
