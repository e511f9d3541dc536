//! The Nix files parse (`nix-instantiate --parse`): the flake, its packages
//! and the NixOS module. Evaluating them needs nixpkgs, which this check does
//! not fetch. Skipped, with a notice, where Nix is not installed.

use std::path::Path;
use std::process::Command;

const FILES: [&str; 3] = ["flake.nix", "nix/packages.nix", "nix/module.nix"];

#[test]
fn every_nix_file_parses() {
    if Command::new("nix-instantiate")
        .arg("--version")
        .output()
        .is_err()
    {
        println!("notice: nix-instantiate is not installed; the Nix files were not parsed");
        return;
    }
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    for file in FILES {
        let output = Command::new("nix-instantiate")
            .arg("--parse")
            .arg(workspace.join(file))
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{file}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
}
