//! TLS to the server, as libpq's `sslmode` and `sslrootcert` say.
//!
//! tokio-postgres parses `sslmode` only as `disable`, `prefer` or `require`
//! and verifies nothing itself, so [`ConnectionConfig`] takes both settings
//! out of the connection string before tokio-postgres reads the rest, and
//! connects through rustls with the verifier the mode asks for. Modes follow
//! libpq: `prefer` (the default) encrypts when the server offers TLS,
//! `require` insists on it, `verify-ca` also checks the chain against the
//! trusted roots, `verify-full` also the host name. As in libpq, `require`
//! with a root certificate file checks the chain too, and Unix sockets never
//! use TLS.

use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::Arc;

use rustls::ClientConfig;
use rustls::client::danger::ServerCertVerifier;
use tokio_postgres::config::Host;
use tokio_postgres::tls::MakeTlsConnect;
use tokio_postgres::{Client, Socket};
use tokio_postgres_rustls::MakeRustlsConnect;

use crate::Error;
use connection_string::take_tls_settings;
use verifier::{WithoutHostName, webpki_verifier};

mod connection_string;
mod verifier;

/// A connection that [`ConnectionConfig::connect`] made: poll it (or spawn
/// it) for the client to make progress.
pub type Connection =
    tokio_postgres::Connection<Socket, <MakeRustlsConnect as MakeTlsConnect<Socket>>::Stream>;

/// How a connection uses TLS: libpq's `sslmode` (all but `allow`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SslMode {
    /// Never.
    Disable,
    /// When the server offers it, without checking its certificate.
    Prefer,
    /// Always, without checking the certificate (unless roots are given).
    Require,
    /// Always, with a certificate chain to a trusted root.
    VerifyCa,
    /// Always, with a chain to a trusted root that names the host.
    VerifyFull,
}

impl SslMode {
    /// The spelling of the connection string.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Disable => "disable",
            Self::Prefer => "prefer",
            Self::Require => "require",
            Self::VerifyCa => "verify-ca",
            Self::VerifyFull => "verify-full",
        }
    }
}

impl FromStr for SslMode {
    type Err = Error;

    fn from_str(text: &str) -> Result<Self, Error> {
        Ok(match text {
            "disable" => Self::Disable,
            "prefer" => Self::Prefer,
            "require" => Self::Require,
            "verify-ca" => Self::VerifyCa,
            "verify-full" => Self::VerifyFull,
            other => {
                return Err(Error::TlsSetting(format!(
                    "sslmode={other:?} is not one of disable, prefer, require, verify-ca, verify-full"
                )));
            }
        })
    }
}

impl fmt::Display for SslMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The certificates a connection trusts: libpq's `sslrootcert`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RootCertificates {
    /// A PEM file of CA certificates.
    File(PathBuf),
    /// The platform's store (and `SSL_CERT_FILE` / `SSL_CERT_DIR`), written
    /// `sslrootcert=system`.
    System,
}

/// A connection string read as libpq reads it: tokio-postgres's settings
/// plus `sslmode` and `sslrootcert`, with the TLS client they call for.
#[derive(Clone, Debug)]
pub struct ConnectionConfig {
    postgres: tokio_postgres::Config,
    mode: SslMode,
    roots: Option<RootCertificates>,
    tls: ClientConfig,
}

impl FromStr for ConnectionConfig {
    type Err = Error;

    /// Reads a `postgres://` URL or a `key=value` string.
    fn from_str(text: &str) -> Result<Self, Error> {
        let (rest, settings) = take_tls_settings(text)?;
        let postgres = tokio_postgres::Config::from_str(&rest).map_err(Error::InvalidUrl)?;
        Self::new(postgres, settings.mode, settings.roots)
    }
}

impl ConnectionConfig {
    /// Settings of tokio-postgres's with TLS as `mode` and `roots` say
    /// (libpq's defaults when `None`).
    pub fn new(
        mut postgres: tokio_postgres::Config,
        mode: Option<SslMode>,
        roots: Option<RootCertificates>,
    ) -> Result<Self, Error> {
        let roots = roots.or_else(default_root_file);
        let mode = match (mode, &roots) {
            (Some(mode), _) => mode,
            (None, Some(RootCertificates::System)) => SslMode::VerifyFull,
            (None, _) => SslMode::Prefer,
        };
        let tls = client_config(mode, roots.as_ref())?;
        postgres.ssl_mode(postgres_ssl_mode(mode, &postgres));
        Ok(Self {
            postgres,
            mode,
            roots,
            tls,
        })
    }

    /// tokio-postgres's part of the settings.
    pub fn postgres(&self) -> &tokio_postgres::Config {
        &self.postgres
    }

    /// tokio-postgres's part of the settings, to change.
    pub fn postgres_mut(&mut self) -> &mut tokio_postgres::Config {
        &mut self.postgres
    }

    /// How connections use TLS.
    pub fn ssl_mode(&self) -> SslMode {
        self.mode
    }

    /// The certificates connections trust, if any are configured.
    pub fn root_certificates(&self) -> Option<&RootCertificates> {
        self.roots.as_ref()
    }

    /// The TLS connector for these settings, for a pool's manager.
    pub fn tls(&self) -> MakeRustlsConnect {
        MakeRustlsConnect::new(self.tls.clone())
    }

    /// Opens one connection of its own (not pooled), such as a LISTEN session.
    pub async fn connect(&self) -> Result<(Client, Connection), Error> {
        Ok(self.postgres.connect(self.tls()).await?)
    }

    /// The TLS settings as `key=value` pairs, for a connection string that
    /// another process reads.
    pub fn tls_parameters(&self) -> Vec<(&'static str, String)> {
        let mut parameters = vec![("sslmode", self.mode.to_string())];
        match &self.roots {
            Some(RootCertificates::File(path)) => {
                parameters.push(("sslrootcert", path.display().to_string()));
            }
            Some(RootCertificates::System) => parameters.push(("sslrootcert", "system".to_owned())),
            None => {}
        }
        parameters
    }
}

/// Whether `error` is a TLS handshake that failed for good: a certificate
/// refused, or a server without TLS when it is required. Waiting for the
/// server cannot help.
pub(crate) fn is_refusal(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut next = Some(error);
    while let Some(error) = next {
        let wrapped = error
            .downcast_ref::<std::io::Error>()
            .and_then(std::io::Error::get_ref);
        if error.is::<rustls::Error>()
            || wrapped.is_some_and(|inner| inner.is::<rustls::Error>())
            || error.to_string() == "server does not support TLS"
        {
            return true;
        }
        next = error.source();
    }
    false
}

/// What tokio-postgres should do: it knows only whether to ask for TLS, and
/// libpq never asks on a Unix socket.
fn postgres_ssl_mode(
    mode: SslMode,
    postgres: &tokio_postgres::Config,
) -> tokio_postgres::config::SslMode {
    use tokio_postgres::config::SslMode as Postgres;
    let only_sockets = !postgres.get_hosts().is_empty()
        && postgres
            .get_hosts()
            .iter()
            .all(|host| !matches!(host, Host::Tcp(_)));
    match mode {
        _ if only_sockets => Postgres::Disable,
        SslMode::Disable => Postgres::Disable,
        SslMode::Prefer => Postgres::Prefer,
        SslMode::Require | SslMode::VerifyCa | SslMode::VerifyFull => Postgres::Require,
    }
}

/// libpq's default root file, `~/.postgresql/root.crt`, if it exists.
fn default_root_file() -> Option<RootCertificates> {
    let path = Path::new(&std::env::var_os("HOME")?).join(".postgresql/root.crt");
    path.is_file().then_some(RootCertificates::File(path))
}

/// The rustls client for `mode`: which certificates it trusts and what it
/// checks of the server's.
fn client_config(mode: SslMode, roots: Option<&RootCertificates>) -> Result<ClientConfig, Error> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let verifier: Arc<dyn ServerCertVerifier> = match (mode, roots) {
        (SslMode::VerifyCa | SslMode::VerifyFull, None) => {
            return Err(Error::TlsSetting(format!(
                "sslmode={mode} needs trusted roots: set sslrootcert to a PEM file of CA \
                 certificates, or sslrootcert=system for the platform's store \
                 (libpq's default, ~/.postgresql/root.crt, does not exist)"
            )));
        }
        (SslMode::VerifyFull, Some(roots)) => webpki_verifier(roots, &provider)?,
        (SslMode::VerifyCa | SslMode::Require, Some(roots)) => Arc::new(WithoutHostName {
            chain: Some(webpki_verifier(roots, &provider)?),
            algorithms: provider.signature_verification_algorithms,
        }),
        (SslMode::Disable | SslMode::Prefer | SslMode::Require, _) => Arc::new(WithoutHostName {
            chain: None,
            algorithms: provider.signature_verification_algorithms,
        }),
    };
    let config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("ring supports the default protocol versions")
        .dangerous()
        .with_custom_certificate_verifier(verifier)
        .with_no_client_auth();
    Ok(config)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verify_modes_without_roots_say_what_to_set() {
        let error = client_config(SslMode::VerifyFull, None).unwrap_err();
        assert!(error.to_string().contains("set sslrootcert"), "{error}");
    }

    #[test]
    fn unix_sockets_never_ask_for_tls() {
        let config = ConnectionConfig::from_str("host=/run/postgresql sslmode=require").unwrap();
        assert_eq!(
            config.postgres().get_ssl_mode(),
            tokio_postgres::config::SslMode::Disable
        );
        assert_eq!(config.ssl_mode(), SslMode::Require);
    }
}
