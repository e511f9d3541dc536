//! The systemd units verify clean and keep their hardening: each unit is
//! checked by the real `systemd-analyze` with its `ExecStart` binary replaced
//! by one that exists (the units name the installed path), and its exposure
//! score must stay at or below the unit's ceiling. Skipped, with a notice,
//! where `systemd-analyze` is not installed.

use std::path::Path;
use std::process::Command;

/// Each unit and the highest exposure `systemd-analyze security` may give it.
/// The builder's is higher: bubblewrap needs user, mount, network and PID
/// namespaces, and `cargo fetch` needs the network.
const UNITS: [(&str, f64); 3] = [
    ("daemons/backend/buildsrs-backend.service", 1.4),
    ("daemons/registry-sync/buildsrs-registry-sync.service", 1.4),
    ("daemons/builder/buildsrs-builder.service", 4.0),
];

#[test]
fn every_systemd_unit_verifies_clean_within_its_exposure_ceiling() {
    if Command::new("systemd-analyze")
        .arg("--version")
        .output()
        .is_err()
    {
        println!("notice: systemd-analyze is not installed; the units were not checked");
        return;
    }
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let dir = tempfile::tempdir().unwrap();
    for (unit, ceiling) in UNITS {
        let text = std::fs::read_to_string(workspace.join(unit)).unwrap();
        let runnable: String = text
            .lines()
            .map(|line| match line.strip_prefix("ExecStart=") {
                Some(_) => "ExecStart=/bin/true".to_owned(),
                None => line.to_owned(),
            })
            .collect::<Vec<_>>()
            .join("\n");
        let copy = dir.path().join(Path::new(unit).file_name().unwrap());
        std::fs::write(&copy, runnable).unwrap();

        let verify = Command::new("systemd-analyze")
            .arg("verify")
            .arg(&copy)
            .output()
            .unwrap();
        let complaints = String::from_utf8_lossy(&verify.stderr).into_owned()
            + &String::from_utf8_lossy(&verify.stdout);
        assert!(
            verify.status.success() && complaints.trim().is_empty(),
            "{unit} does not verify clean:\n{complaints}"
        );

        let security = Command::new("systemd-analyze")
            .args(["security", "--offline=true", "--no-pager"])
            .arg(&copy)
            .output()
            .unwrap();
        let report = String::from_utf8_lossy(&security.stdout);
        let exposure: f64 = report
            .lines()
            .find_map(|line| line.split("Overall exposure level for ").nth(1))
            .and_then(|rest| rest.split(": ").nth(1))
            .and_then(|score| score.split_whitespace().next())
            .and_then(|score| score.parse().ok())
            .unwrap_or_else(|| panic!("no exposure level for {unit}:\n{report}"));
        assert!(
            exposure <= ceiling,
            "{unit}: exposure {exposure} is above its ceiling {ceiling}"
        );
    }
}
