//! The layout of a binary artifact, which the builder writes and clients
//! such as `cargo builds` read: its name, `<crate>-<version>-<target>.tar.gz`,
//! and its `manifest.json`, the first entry of the archive, naming every
//! file after it with its SHA-256 and size. The binaries lie under `bin/`.

use serde::{Deserialize, Serialize};

/// The version of the manifest's layout.
pub const MANIFEST_FORMAT: u32 = 1;

/// The path of the manifest in a binary artifact: its first entry.
pub const MANIFEST_PATH: &str = "manifest.json";

/// The directory of the binaries in a binary artifact.
pub const BIN_DIR: &str = "bin";

/// `manifest.json` inside a binary artifact.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: u32,
    #[serde(rename = "crate")]
    pub krate: String,
    pub version: String,
    pub target: String,
    /// The first line of `rustc -vV`.
    pub rustc: String,
    /// The files after the manifest, in archive order.
    pub files: Vec<ManifestFile>,
}

/// One file of the archive.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestFile {
    /// The path in the archive, such as `bin/hello`.
    pub path: String,
    /// Lowercase hex.
    pub sha256: String,
    pub size: u64,
}

/// The artifact name of a binary build: `<crate>-<version>-<target>.tar.gz`.
pub fn binary_artifact_name(krate: &str, version: &str, target: &str) -> String {
    format!("{krate}-{version}-{target}.tar.gz")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_binary_artifact_is_named_after_crate_version_and_target() {
        assert_eq!(
            binary_artifact_name("hello", "0.1.0", "x86_64-unknown-linux-gnu"),
            "hello-0.1.0-x86_64-unknown-linux-gnu.tar.gz"
        );
    }

    #[test]
    fn the_manifest_names_its_crate_field_crate() {
        let manifest = Manifest {
            format: MANIFEST_FORMAT,
            krate: "hello".into(),
            version: "0.1.0".into(),
            target: "t".into(),
            rustc: "rustc 1.0.0".into(),
            files: Vec::new(),
        };
        let json = serde_json::to_value(&manifest).unwrap();
        assert_eq!(json["crate"], "hello");
        assert_eq!(serde_json::from_value::<Manifest>(json).unwrap(), manifest);
    }
}
