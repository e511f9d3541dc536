//! The certificate checks of each `sslmode`, and the trusted roots they use.

use std::sync::Arc;

use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{CryptoProvider, WebPkiSupportedAlgorithms};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{CertificateError, DigitallySignedStruct, RootCertStore, SignatureScheme};

use super::RootCertificates;
use crate::Error;

/// rustls's standard verifier (chain and host name) over `roots`.
pub(super) fn webpki_verifier(
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
pub(super) struct WithoutHostName {
    /// Checks the chain (and the name, whose refusal is ignored).
    pub(super) chain: Option<Arc<WebPkiServerVerifier>>,
    pub(super) algorithms: WebPkiSupportedAlgorithms,
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
