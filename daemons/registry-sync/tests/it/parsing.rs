//! Lines and crate files: each bad entry is rejected alone.

use buildsrs_registry_sync::crate_file::{CrateFile, file_from_path, index_path};
use buildsrs_registry_sync::index_line::{MAX_LINE_BYTES, parse_line};

use crate::line;

#[test]
fn a_valid_line_parses_with_its_checksum_and_yanked_flag() {
    let entry = parse_line("serde", 1, line("serde", "1.0.0", 'a', true).as_bytes()).unwrap();
    assert_eq!(entry.name, "serde");
    assert_eq!(entry.version, "1.0.0");
    assert_eq!(entry.checksum, [0xaa; 32]);
    assert!(entry.yanked);
}

#[test]
fn a_name_matches_its_file_case_insensitively() {
    assert!(parse_line("serde", 1, line("Serde", "1.0.0", 'a', false).as_bytes()).is_ok());
    let rejection =
        parse_line("serde", 3, line("serde2", "1.0.0", 'a', false).as_bytes()).unwrap_err();
    assert_eq!(rejection.line_number, 3);
    assert!(
        rejection.reason.contains("\"serde2\""),
        "{}",
        rejection.reason
    );
}

#[test]
fn invalid_json_semver_and_checksums_are_rejected_with_a_reason() {
    let json = parse_line("x", 1, br#"{"name":"x","vers":"#).unwrap_err();
    assert!(json.reason.starts_with("invalid JSON"), "{}", json.reason);
    assert_eq!(json.version, None);

    let semver = parse_line("x", 1, line("x", "1.0", 'a', false).as_bytes()).unwrap_err();
    assert!(semver.reason.contains("not semver"), "{}", semver.reason);
    assert_eq!(semver.version.as_deref(), Some("1.0"));

    let short = line("x", "1.0.0", 'a', false).replace(&"a".repeat(64), "abc");
    let checksum = parse_line("x", 1, short.as_bytes()).unwrap_err();
    assert!(
        checksum.reason.contains("64 hexadecimal"),
        "{}",
        checksum.reason
    );

    let not_hex = line("x", "1.0.0", 'g', false);
    assert!(parse_line("x", 1, not_hex.as_bytes()).is_err());
}

#[test]
fn an_absurdly_long_line_is_rejected_unparsed() {
    let long = vec![b' '; MAX_LINE_BYTES + 1];
    let rejection = parse_line("x", 1, &long).unwrap_err();
    assert!(rejection.reason.contains("limit"), "{}", rejection.reason);
}

#[test]
fn a_version_listed_twice_keeps_its_last_line_and_reports_the_duplicate() {
    let text = [
        line("log", "0.4.0", '1', false),
        line("log", "0.4.1", '3', false),
        line("log", "0.4.0", '2', true),
    ]
    .join("\n");
    let file = CrateFile::parse("log", text.as_bytes());
    assert_eq!(file.entries.len(), 2);
    assert_eq!(file.entries[0].version, "0.4.0");
    assert_eq!(file.entries[0].checksum, [0x22; 32]);
    assert!(file.entries[0].yanked);
    assert_eq!(file.duplicates.len(), 1);
    assert_eq!(
        (
            file.duplicates[0].earlier_line,
            file.duplicates[0].later_line
        ),
        (1, 3)
    );
}

#[test]
fn bad_lines_reject_only_themselves() {
    let text =
        std::fs::read(crate::workspace_root().join("fixtures/registry/ba/d-/bad-lines")).unwrap();
    let file = CrateFile::parse("bad-lines", &text);
    let versions: Vec<&str> = file
        .entries
        .iter()
        .map(|entry| entry.version.as_str())
        .collect();
    assert_eq!(versions, ["1.0.0", "1.0.4"]);
    assert_eq!(file.rejections.len(), 4);
}

#[test]
fn index_paths_follow_the_registry_layout() {
    assert_eq!(index_path("A"), "1/a");
    assert_eq!(index_path("ab"), "2/ab");
    assert_eq!(index_path("Log"), "3/l/log");
    assert_eq!(index_path("serde_json"), "se/rd/serde_json");
    assert_eq!(file_from_path("se/rd/serde_json"), Some("serde_json"));
    assert_eq!(file_from_path("config.json"), None);
    assert_eq!(file_from_path("se/xx/serde"), None);
}
