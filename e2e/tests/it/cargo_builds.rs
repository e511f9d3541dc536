//! `cargo builds` against the daemon, with the artifact the reference
//! builder made: status, install into a fresh root, the installed binary
//! runs, list, uninstall; and the errors a user meets (no build for the
//! target, a yanked version, a crate that does not exist).

use std::process::{Command, Output};

use crate::world::{self, Backend, World};
use crate::{BROKEN, HELLO, LATER};

/// The whole round trip of a user, in one root.
pub fn a_user_installs_runs_lists_and_uninstalls_the_built_binary(
    world: &World,
    backend: &Backend,
) {
    let root = world.dir.path().join("cargo-builds-root");
    let root_arg = root.to_str().unwrap();
    let host = world::host_target();

    let status = stdout(world.cargo_builds(backend, &["status", HELLO]));
    let artifact = format!("{HELLO}-0.1.0-{host}.tar.gz");
    assert!(status.starts_with(&format!("{HELLO} 0.1.0\n")), "{status}");
    assert!(status.contains(&artifact), "{status}");
    assert!(
        status.lines().any(|line| line.contains(&host)
            && line.contains("binary")
            && line.contains("succeeded")),
        "{status}"
    );

    let installed =
        stdout(world.cargo_builds(backend, &["builds", "install", HELLO, "--root", root_arg]));
    assert!(
        installed.contains(&format!("installed {HELLO} 0.1.0 ({host})")),
        "{installed}"
    );
    let binary = root.join("bin").join(HELLO);
    let ran = Command::new(&binary).output().unwrap();
    assert_eq!(
        String::from_utf8_lossy(&ran.stdout),
        format!("hello from {HELLO}\n")
    );

    let listed = stdout(world.cargo_builds(backend, &["list", "--root", root_arg]));
    assert_eq!(listed, format!("{HELLO} 0.1.0 ({host}): bin/{HELLO}\n"));

    let removed = stdout(world.cargo_builds(backend, &["uninstall", HELLO, "--root", root_arg]));
    assert!(
        removed.contains(&format!("removed {}", binary.display())),
        "{removed}"
    );
    assert!(!binary.exists(), "the binary is gone");
    assert_eq!(
        stdout(world.cargo_builds(backend, &["list", "--root", root_arg])),
        ""
    );
}

/// Each refusal names what the user asked for and what exists.
pub fn install_errors_name_what_is_missing(world: &World, backend: &Backend) {
    let root = world.dir.path().join("cargo-builds-refused");
    let root_arg = root.to_str().unwrap();
    let host = world::host_target();
    let other = "riscv64gc-unknown-linux-gnu";
    let spec = format!("{HELLO}@0.1.0");
    let no_target = stderr(world.cargo_builds(
        backend,
        &["install", &spec, "--target", other, "--root", root_arg],
    ));
    assert!(
        no_target.contains(&format!(
            "has no binary build for {other}; built for: {host}"
        )),
        "{no_target}"
    );
    let broken = stderr(world.cargo_builds(backend, &["install", BROKEN, "--root", root_arg]));
    assert!(
        broken.contains(&format!(
            "no version of {BROKEN} has a binary build for {host}"
        )),
        "{broken}"
    );
    let yanked = stderr(world.cargo_builds(
        backend,
        &["install", &format!("{LATER}@0.1.0"), "--root", root_arg],
    ));
    assert!(
        yanked.contains(&format!("{LATER} 0.1.0 is yanked")),
        "{yanked}"
    );
    let unknown =
        stderr(world.cargo_builds(backend, &["install", "no-such-crate", "--root", root_arg]));
    assert!(
        unknown.contains("no crate is named \"no-such-crate\""),
        "{unknown}"
    );
    assert!(!root.join("bin").exists() || root.join("bin").read_dir().unwrap().next().is_none());
}

/// The standard output of a run that succeeded.
fn stdout(output: Output) -> String {
    assert!(
        output.status.success(),
        "cargo-builds failed ({}):\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// The standard error of a run that failed.
fn stderr(output: Output) -> String {
    assert!(
        !output.status.success(),
        "cargo-builds succeeded:\n{}",
        String::from_utf8_lossy(&output.stdout)
    );
    String::from_utf8(output.stderr).unwrap()
}
