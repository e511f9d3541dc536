//! Key pairs made by the real `ssh-keygen` in a temporary directory, and
//! headers as a map a test can tamper with.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use buildsrs_protocol::signing::{AuthError, Credentials};
use ssh_key::PublicKey;

/// The key types `buildsrs-database builder add` accepts, as `ssh-keygen`
/// arguments: (name for messages, `-t`, `-b`).
pub const KEY_TYPES: &[(&str, &str, Option<&str>)] = &[
    ("ed25519", "ed25519", None),
    ("ecdsa p-256", "ecdsa", Some("256")),
    ("ecdsa p-384", "ecdsa", Some("384")),
    ("ecdsa p-521", "ecdsa", Some("521")),
    // OpenSSH's default RSA key: 3072 bits.
    ("rsa", "rsa", None),
];

/// A key pair on disk, gone with the value.
pub struct KeyPair {
    pub dir: tempfile::TempDir,
    pub private: PathBuf,
}

impl KeyPair {
    /// `ssh-keygen -t kind [-b bits] -N passphrase`.
    pub fn generate(kind: &str, bits: Option<&str>, passphrase: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let private = dir.path().join("builder");
        let mut command = Command::new("ssh-keygen");
        command.args([
            "-q",
            "-t",
            kind,
            "-N",
            passphrase,
            "-C",
            "builder@buildsrs.test",
        ]);
        if let Some(bits) = bits {
            command.args(["-b", bits]);
        }
        command.arg("-f").arg(&private);
        run(&mut command);
        Self { dir, private }
    }

    /// The public half, as `ssh-keygen` wrote it.
    pub fn public(&self) -> PublicKey {
        let text = std::fs::read_to_string(self.private.with_extension("pub")).unwrap();
        PublicKey::from_openssh(text.trim()).unwrap()
    }

    /// The fingerprint `ssh-keygen -lf` prints.
    pub fn openssh_fingerprint(&self) -> String {
        let output = run(Command::new("ssh-keygen")
            .arg("-lf")
            .arg(self.private.with_extension("pub")));
        output.split_whitespace().nth(1).unwrap().to_owned()
    }
}

/// Runs a command, panicking with its stderr when it fails; its stdout.
pub fn run(command: &mut Command) -> String {
    let output = command.output().unwrap();
    assert!(
        output.status.success(),
        "{command:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// Signature headers by name.
pub type Headers = HashMap<&'static str, String>;

/// Headers as the signer returned them.
pub fn headers(pairs: Vec<(&'static str, String)>) -> Headers {
    pairs.into_iter().collect()
}

/// Parses headers the way a server would.
pub fn credentials(headers: &Headers) -> Result<Credentials, AuthError> {
    Credentials::from_headers(|name| headers.get(name).map(String::as_str))
}

/// A file in `dir` holding `text`.
pub fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}
