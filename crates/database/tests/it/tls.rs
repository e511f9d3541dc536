//! TLS to the server as `sslmode` and `sslrootcert` say, against a real
//! cluster listening on loopback with a certificate made by the test.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::str::FromStr;
use std::time::Duration;

use buildsrs_cluster::Cluster;
use buildsrs_database::certificates::TestCertificates;
use buildsrs_database::temp::TestDatabase;
use buildsrs_database::{ConnectionConfig, Database, DatabaseOptions, PoolOptions};
use buildsrs_report::Report;
use tempfile::TempDir;

/// A cluster offering TLS on 127.0.0.1 with a certificate for `localhost`,
/// and a file holding the CA that signed it.
struct TlsServer {
    cluster: Cluster,
    ca_file: PathBuf,
    _files: TempDir,
}

impl TlsServer {
    fn start() -> Self {
        let certificates = TestCertificates::for_names(&["localhost"]);
        let cluster = Cluster::start_throwaway_on_loopback(Some(&certificates.server())).unwrap();
        let files = tempfile::tempdir().unwrap();
        let ca_file = write(files.path(), "ca.pem", &certificates.ca_pem);
        Self {
            cluster,
            ca_file,
            _files: files,
        }
    }

    /// A URL of the `postgres` database at `host`, with `parameters`.
    fn url(&self, host: &str, parameters: &str) -> String {
        let port = self.cluster.loopback_port().unwrap();
        format!("postgresql://postgres@{host}:{port}/postgres?{parameters}")
    }

    /// `sslmode=verify-full` trusting the test's CA.
    fn verify_full(&self, host: &str) -> String {
        self.url(
            host,
            &format!("sslmode=verify-full&sslrootcert={}", self.ca_file.display()),
        )
    }
}

fn write(dir: &Path, name: &str, contents: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, contents).unwrap();
    path
}

/// Connects a pool as a service would, with the URL as `DATABASE_URL`.
async fn connect(url: &str) -> Result<Database, buildsrs_database::Error> {
    Database::connect(&DatabaseOptions {
        url: Some(url.to_owned()),
        pool: PoolOptions {
            connect_timeout: Duration::from_secs(5),
            ..PoolOptions::default()
        },
        ..DatabaseOptions::default()
    })
    .await
}

async fn is_encrypted(url: &str) -> bool {
    connect(url).await.unwrap().health().await.unwrap().tls
}

#[tokio::test]
async fn verify_full_connects_with_the_right_ca_and_host() {
    let server = TlsServer::start();
    assert!(is_encrypted(&server.verify_full("localhost")).await);
}

#[tokio::test]
async fn verify_full_refuses_a_certificate_for_another_host() {
    let server = TlsServer::start();
    let error = connect(&server.verify_full("127.0.0.1")).await.unwrap_err();
    let message = Report(&error).to_string();
    assert!(message.contains("not valid for name"), "{message}");
    assert!(message.contains("127.0.0.1"), "{message}");
    assert!(
        !message.contains("not reachable"),
        "a refused certificate is not waited out: {message}"
    );
}

#[tokio::test]
async fn verify_full_refuses_a_server_signed_by_another_ca() {
    let server = TlsServer::start();
    let other = TestCertificates::for_names(&["localhost"]);
    let files = tempfile::tempdir().unwrap();
    let other_ca = write(files.path(), "other.pem", &other.ca_pem);
    let url = server.url(
        "localhost",
        &format!("sslmode=verify-full&sslrootcert={}", other_ca.display()),
    );
    let message = Report(&connect(&url).await.unwrap_err()).to_string();
    assert!(message.contains("invalid peer certificate"), "{message}");
}

#[tokio::test]
async fn verify_ca_checks_the_chain_but_not_the_host_name() {
    let server = TlsServer::start();
    let url = server.url(
        "127.0.0.1",
        &format!("sslmode=verify-ca&sslrootcert={}", server.ca_file.display()),
    );
    assert!(is_encrypted(&url).await);
}

#[tokio::test]
async fn a_missing_root_certificate_file_is_named() {
    let url = "postgresql://postgres@localhost/postgres?sslmode=verify-full&sslrootcert=/nonexistent/ca.pem";
    let message = Report(&connect(url).await.unwrap_err()).to_string();
    assert!(
        message.contains("sslrootcert /nonexistent/ca.pem"),
        "{message}"
    );
}

#[tokio::test]
async fn require_and_prefer_encrypt_without_checking_and_disable_does_not() {
    let server = TlsServer::start();
    assert!(is_encrypted(&server.url("127.0.0.1", "sslmode=require")).await);
    assert!(is_encrypted(&server.url("127.0.0.1", "sslmode=prefer")).await);
    assert!(is_encrypted(&server.url("127.0.0.1", "application_name=x")).await);
    assert!(!is_encrypted(&server.url("127.0.0.1", "sslmode=disable")).await);
}

#[tokio::test]
async fn require_refuses_a_server_without_tls_and_prefer_falls_back() {
    let cluster = Cluster::start_throwaway_on_loopback(None).unwrap();
    let port = cluster.loopback_port().unwrap();
    let url =
        |mode: &str| format!("postgresql://postgres@127.0.0.1:{port}/postgres?sslmode={mode}");
    let message = Report(&connect(&url("require")).await.unwrap_err()).to_string();
    assert!(message.contains("server does not support TLS"), "{message}");
    assert!(!is_encrypted(&url("prefer")).await);
}

#[tokio::test]
async fn key_value_connection_strings_take_tls_settings_too() {
    let server = TlsServer::start();
    let port = server.cluster.loopback_port().unwrap();
    let url = format!(
        "host=localhost port={port} user=postgres dbname=postgres sslmode=verify-full sslrootcert='{}'",
        server.ca_file.display()
    );
    assert!(is_encrypted(&url).await);
}

#[tokio::test]
async fn test_databases_connect_as_database_url_says() {
    let server = TlsServer::start();
    let output = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "tls::a_test_database_on_a_verify_full_server",
            "--ignored",
            "--nocapture",
        ])
        .env("DATABASE_URL", server.verify_full("localhost"))
        .output()
        .unwrap();
    let printed = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success() && printed.contains("1 passed"),
        "{printed}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Run by [`test_databases_connect_as_database_url_says`] with
/// `DATABASE_URL` set to a `verify-full` URL.
#[tokio::test]
#[ignore = "run by test_databases_connect_as_database_url_says"]
async fn a_test_database_on_a_verify_full_server() {
    let db = TestDatabase::new().await.unwrap();
    assert!(db.database().health().await.unwrap().tls);
    let config = ConnectionConfig::from_str(&db.url()).unwrap();
    assert_eq!(config.ssl_mode().as_str(), "verify-full");
    let again = Database::connect_with(config, &PoolOptions::default())
        .await
        .unwrap();
    assert!(again.health().await.unwrap().tls);
}

#[tokio::test]
async fn status_tells_the_connection_is_encrypted_and_a_refusal_names_the_certificate() {
    let server = TlsServer::start();
    let status = |url: String| {
        Command::new(env!("CARGO_BIN_EXE_buildsrs-database"))
            .arg("status")
            .env("DATABASE_URL", url)
            .env("DATABASE_CONNECT_TIMEOUT", "5s")
            .output()
            .unwrap()
    };
    let output = status(server.verify_full("localhost"));
    let printed = String::from_utf8_lossy(&output.stdout);
    assert!(printed.contains("TLS (sslmode=verify-full)"), "{printed}");

    let output = status(server.verify_full("127.0.0.1"));
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("certificate not valid for name"),
        "{stderr}"
    );
}
