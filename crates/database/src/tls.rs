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

use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{CryptoProvider, WebPkiSupportedAlgorithms};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{
    CertificateError, ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme,
};
use tokio_postgres::config::Host;
use tokio_postgres::tls::MakeTlsConnect;
use tokio_postgres::{Client, Socket};
use tokio_postgres_rustls::MakeRustlsConnect;

use crate::Error;

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

/// rustls's standard verifier (chain and host name) over `roots`.
fn webpki_verifier(
    roots: &RootCertificates,
    provider: &Arc<CryptoProvider>,
) -> Result<Arc<WebPkiServerVerifier>, Error> {
    let store = Arc::new(root_store(roots)?);
    WebPkiServerVerifier::builder_with_provider(store, provider.clone())
        .build()
        .map_err(|error| Error::TlsSetting(format!("sslrootcert: {error}")))
}

/// The trusted certificates, read from their file or the platform's store.
fn root_store(roots: &RootCertificates) -> Result<RootCertStore, Error> {
    let mut store = RootCertStore::empty();
    match roots {
        RootCertificates::File(path) => {
            let invalid = |reason: String| Error::RootCertificate {
                path: path.clone(),
                reason,
            };
            for certificate in
                CertificateDer::pem_file_iter(path).map_err(|error| invalid(error.to_string()))?
            {
                let certificate = certificate.map_err(|error| invalid(error.to_string()))?;
                store
                    .add(certificate)
                    .map_err(|error| invalid(error.to_string()))?;
            }
            if store.is_empty() {
                return Err(invalid("holds no PEM certificate".to_owned()));
            }
        }
        RootCertificates::System => {
            let found = rustls_native_certs::load_native_certs();
            let (added, _) = store.add_parsable_certificates(found.certs);
            if added == 0 {
                let errors: Vec<String> = found.errors.iter().map(ToString::to_string).collect();
                return Err(Error::TlsSetting(format!(
                    "sslrootcert=system: the platform's certificate store has no usable \
                     certificate ({})",
                    errors.join("; ")
                )));
            }
        }
    }
    Ok(store)
}

/// What `prefer`, `require` and `verify-ca` check: the chain to a trusted
/// root when there are roots, never the host name, and always the
/// handshake's signatures (so the connection is encrypted to whoever holds
/// the certificate's key).
#[derive(Debug)]
struct WithoutHostName {
    /// Checks the chain (and the name, whose refusal is ignored).
    chain: Option<Arc<WebPkiServerVerifier>>,
    algorithms: WebPkiSupportedAlgorithms,
}

impl ServerCertVerifier for WithoutHostName {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let Some(chain) = &self.chain else {
            return Ok(ServerCertVerified::assertion());
        };
        match chain.verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now) {
            Err(rustls::Error::InvalidCertificate(
                CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
            )) => Ok(ServerCertVerified::assertion()),
            other => other,
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.algorithms.supported_schemes()
    }
}

/// The TLS settings a connection string names.
#[derive(Debug, Default, PartialEq, Eq)]
struct TlsSettings {
    mode: Option<SslMode>,
    roots: Option<RootCertificates>,
}

impl TlsSettings {
    /// Takes `key = value` if it is a TLS setting; false for any other key.
    fn take(&mut self, key: &str, value: &str) -> Result<bool, Error> {
        match key {
            "sslmode" => self.mode = Some(value.parse()?),
            "sslrootcert" if value == "system" => self.roots = Some(RootCertificates::System),
            "sslrootcert" => self.roots = Some(RootCertificates::File(PathBuf::from(value))),
            _ => return Ok(false),
        }
        Ok(true)
    }
}

/// Splits `sslmode` and `sslrootcert` off a connection string: the string
/// without them, and their values.
fn take_tls_settings(text: &str) -> Result<(String, TlsSettings), Error> {
    let mut settings = TlsSettings::default();
    let is_url = text.starts_with("postgres://") || text.starts_with("postgresql://");
    let rest = if is_url {
        take_from_url(text, &mut settings)?
    } else {
        take_from_key_values(text, &mut settings)?
    };
    Ok((rest, settings))
}

/// The URL form: settings are `?key=value&…` query parameters, percent-encoded.
fn take_from_url(url: &str, settings: &mut TlsSettings) -> Result<String, Error> {
    let Some((base, query)) = url.split_once('?') else {
        return Ok(url.to_owned());
    };
    let mut kept = Vec::new();
    for pair in query.split('&') {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        if !settings.take(&decode(key)?, &decode(value)?)? {
            kept.push(pair);
        }
    }
    Ok(match kept.is_empty() {
        true => base.to_owned(),
        false => format!("{base}?{}", kept.join("&")),
    })
}

/// A percent-decoded URL part.
fn decode(text: &str) -> Result<String, Error> {
    percent_encoding::percent_decode_str(text)
        .decode_utf8()
        .map(|decoded| decoded.into_owned())
        .map_err(|_| Error::TlsSetting(format!("{text:?} is not UTF-8 once percent-decoded")))
}

/// The `key=value` form: pairs separated by spaces, values optionally in
/// single quotes, with `\` escaping the next character.
fn take_from_key_values(text: &str, settings: &mut TlsSettings) -> Result<String, Error> {
    let mut kept = Vec::new();
    let mut rest = text.trim_start();
    while !rest.is_empty() {
        let (key, value, after) = next_key_value(rest)?;
        let pair = &rest[..rest.len() - after.len()];
        if !settings.take(key, &value)? {
            kept.push(pair.trim_end());
        }
        rest = after.trim_start();
    }
    Ok(kept.join(" "))
}

/// The first `key = value` pair of `text`: its key, unescaped value, and
/// what follows it.
fn next_key_value(text: &str) -> Result<(&str, String, &str), Error> {
    let key_end = text
        .find(|c: char| c == '=' || c.is_whitespace())
        .unwrap_or(text.len());
    let key = &text[..key_end];
    let Some(after_equals) = text[key_end..].trim_start().strip_prefix('=') else {
        return Err(Error::TlsSetting(format!(
            "{key:?} in the connection string has no `=value`"
        )));
    };
    let value_text = after_equals.trim_start();
    let quoted = value_text.starts_with('\'');
    let mut value = String::new();
    let mut chars = value_text.char_indices().skip(usize::from(quoted));
    while let Some((at, c)) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some((_, escaped)) => value.push(escaped),
                None => break,
            },
            '\'' if quoted => return Ok((key, value, &value_text[at + 1..])),
            c if c.is_whitespace() && !quoted => return Ok((key, value, &value_text[at..])),
            c => value.push(c),
        }
    }
    if quoted {
        return Err(Error::TlsSetting(format!(
            "the value of {key:?} in the connection string has no closing quote"
        )));
    }
    Ok((key, value, ""))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> (String, TlsSettings) {
        take_tls_settings(text).unwrap()
    }

    #[test]
    fn tls_settings_are_taken_out_of_a_url_and_the_rest_kept_in_order() {
        let (rest, settings) = split(
            "postgresql://u@db.example:5432/app?application_name=a&sslmode=verify-full\
             &sslrootcert=%2Fetc%2Fca.pem&connect_timeout=3",
        );
        assert_eq!(
            rest,
            "postgresql://u@db.example:5432/app?application_name=a&connect_timeout=3"
        );
        assert_eq!(settings.mode, Some(SslMode::VerifyFull));
        assert_eq!(
            settings.roots,
            Some(RootCertificates::File("/etc/ca.pem".into()))
        );
    }

    #[test]
    fn a_url_with_only_tls_settings_loses_its_query() {
        let (rest, settings) = split("postgres://h/db?sslmode=require");
        assert_eq!(rest, "postgres://h/db");
        assert_eq!(settings.mode, Some(SslMode::Require));
    }

    #[test]
    fn tls_settings_are_taken_out_of_key_values_with_quotes_and_escapes() {
        let (rest, settings) = split(
            "host=db.example  sslmode = verify-ca sslrootcert='/my certs/it\\'s.pem' \
             password='a b' user=u",
        );
        assert_eq!(rest, "host=db.example password='a b' user=u");
        assert_eq!(settings.mode, Some(SslMode::VerifyCa));
        assert_eq!(
            settings.roots,
            Some(RootCertificates::File("/my certs/it's.pem".into()))
        );
    }

    #[test]
    fn sslrootcert_system_means_the_platform_store() {
        let (_, settings) = split("host=h sslrootcert=system");
        assert_eq!(settings.roots, Some(RootCertificates::System));
    }

    #[test]
    fn an_unknown_sslmode_is_refused_with_the_modes_there_are() {
        let error = take_tls_settings("host=h sslmode=allow").unwrap_err();
        assert!(
            error
                .to_string()
                .contains("\"allow\" is not one of disable"),
            "{error}"
        );
    }

    #[test]
    fn an_unclosed_quote_is_refused() {
        let error = take_tls_settings("host=h sslrootcert='/x").unwrap_err();
        assert!(error.to_string().contains("no closing quote"), "{error}");
    }

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
