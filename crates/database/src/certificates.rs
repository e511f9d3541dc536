//! Certificates made for tests: a CA of the test's own and a server
//! certificate it signed, for TLS servers on loopback (PostgreSQL, HTTPS).

use buildsrs_cluster::ServerCertificate;
use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, KeyPair};

/// A fresh CA and a server certificate it signed, all in PEM.
#[derive(Clone, Debug)]
pub struct TestCertificates {
    /// The CA's certificate: what a client trusts.
    pub ca_pem: String,
    /// The server's certificate, valid for the names it was made for.
    pub certificate_pem: String,
    /// The server certificate's private key (PKCS #8).
    pub key_pem: String,
}

impl TestCertificates {
    /// A new CA, and a server certificate for `names` (DNS names or IP
    /// addresses) signed by it.
    pub fn for_names(names: &[&str]) -> Self {
        let ca_key = KeyPair::generate().expect("ring makes a key pair");
        let mut ca = CertificateParams::new(Vec::<String>::new()).expect("no names to check");
        ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        ca.distinguished_name
            .push(DnType::CommonName, "buildsrs test CA");
        let ca = ca.self_signed(&ca_key).expect("a CA signs itself");
        let server_key = KeyPair::generate().expect("ring makes a key pair");
        let names: Vec<String> = names.iter().map(|name| (*name).to_owned()).collect();
        let server = CertificateParams::new(names)
            .expect("test names are valid subject names")
            .signed_by(&server_key, &ca, &ca_key)
            .expect("the CA signs the server's certificate");
        Self {
            ca_pem: ca.pem(),
            certificate_pem: server.pem(),
            key_pem: server_key.serialize_pem(),
        }
    }

    /// The server's half, for [`buildsrs_cluster::Cluster::start_throwaway_on_loopback`].
    pub fn server(&self) -> ServerCertificate {
        ServerCertificate {
            certificate_pem: self.certificate_pem.clone(),
            key_pem: self.key_pem.clone(),
        }
    }
}
