//! HTTPS trusts what the platform trusts: a sparse index whose certificate
//! comes from a CA that only `SSL_CERT_FILE` names (as behind a corporate
//! proxy) syncs, and without it the sync fails naming the certificate.

use std::sync::Arc;

use axum::http::Uri;
use buildsrs_database::certificates::TestCertificates;
use buildsrs_registry_sync::crate_file::index_path;
use tokio::net::{TcpListener, TcpStream};
use tokio_rustls::TlsAcceptor;
use tokio_rustls::rustls::ServerConfig;
use tokio_rustls::rustls::pki_types::pem::PemObject;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer};
use tokio_rustls::server::TlsStream;

use crate::process::binary;
use crate::{latest, line, test_database};

/// Loopback connections that complete a TLS handshake, for `axum::serve`.
struct TlsListener {
    tcp: TcpListener,
    acceptor: TlsAcceptor,
}

impl axum::serve::Listener for TlsListener {
    type Io = TlsStream<TcpStream>;
    type Addr = std::net::SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        loop {
            let Ok((stream, address)) = self.tcp.accept().await else {
                continue;
            };
            // A client that refuses the certificate ends its handshake.
            if let Ok(stream) = self.acceptor.accept(stream).await {
                return (stream, address);
            }
        }
    }

    fn local_addr(&self) -> std::io::Result<Self::Addr> {
        self.tcp.local_addr()
    }
}

/// Serves a sparse index over HTTPS holding one crate, `tokio`; its URL.
async fn https_index(certificates: &TestCertificates) -> String {
    let provider = Arc::new(tokio_rustls::rustls::crypto::ring::default_provider());
    let config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(
            vec![CertificateDer::from_pem_slice(certificates.certificate_pem.as_bytes()).unwrap()],
            PrivateKeyDer::from_pem_slice(certificates.key_pem.as_bytes()).unwrap(),
        )
        .unwrap();
    let tcp = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("https://{}/index/", tcp.local_addr().unwrap());
    let file = format!("/index/{}", index_path("tokio"));
    let body = line("tokio", "1.0.0", 'a', false) + "\n";
    let app = axum::Router::new().fallback(move |uri: Uri| {
        let found = uri.path() == file;
        let body = body.clone();
        async move {
            if found {
                (axum::http::StatusCode::OK, body)
            } else {
                (axum::http::StatusCode::NOT_FOUND, String::new())
            }
        }
    });
    let listener = TlsListener {
        tcp,
        acceptor: TlsAcceptor::from(Arc::new(config)),
    };
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    url
}

// Multi-threaded: the server keeps answering while the test waits for the
// binary.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sparse_index_signed_by_a_ca_named_in_ssl_cert_file_syncs() {
    let db = test_database().await;
    let certificates = TestCertificates::for_names(&["127.0.0.1"]);
    let url = https_index(&certificates).await;
    let dir = tempfile::tempdir().unwrap();
    let ca_file = dir.path().join("ca.pem");
    std::fs::write(&ca_file, &certificates.ca_pem).unwrap();
    let args = [
        "sync",
        "--sparse",
        "--sparse-url",
        &url,
        "--crates",
        "tokio",
    ];

    // Without the CA: the certificate is refused, and the error says why.
    let output = binary(&db, &args)
        .env_remove("SSL_CERT_FILE")
        .env_remove("SSL_CERT_DIR")
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("UnknownIssuer"), "{stderr}");
    assert_eq!(latest(&db, "tokio").await, None);

    let output = binary(&db, &args)
        .env("SSL_CERT_FILE", &ca_file)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(latest(&db, "tokio").await.as_deref(), Some("1.0.0"));
}
