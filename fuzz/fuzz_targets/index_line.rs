//! Fuzzes the index-line parser: any bytes as a line of any crate file.
//!
//! Input: the crate file's name, a newline, then the line. The parser must
//! never panic, and an entry it accepts must hold what the mirror relies on:
//! the name is valid and matches the file, the version is semver (or marked
//! lenient), the checksum is the line's 64 hex characters decoded to 32
//! bytes, and the yanked flag is the line's.

#![no_main]

use libfuzzer_sys::fuzz_target;

// The parser's own source, compiled here as it is in registry-sync: it needs
// only serde, serde_json, semver and hex, so the fuzz build does not pull the
// database and git stack through the sanitizers. If index_line.rs ever uses
// another module of the crate, this stops compiling and must depend on
// buildsrs-registry-sync instead.
#[path = "../../daemons/registry-sync/src/index_line.rs"]
#[allow(dead_code)]
mod index_line;

use index_line::{MAX_LINE_BYTES, is_valid_crate_name, parse_line};

fuzz_target!(|data: &[u8]| {
    let (file, line) = match data.iter().position(|&byte| byte == b'\n') {
        Some(split) => (&data[..split], &data[split + 1..]),
        None => (&b"serde"[..], data),
    };
    let file = String::from_utf8_lossy(file).to_ascii_lowercase();
    match parse_line(&file, 7, line) {
        Ok(entry) => {
            assert_eq!(entry.line_number, 7);
            assert!(line.len() <= MAX_LINE_BYTES);
            assert!(is_valid_crate_name(&entry.name), "{:?}", entry.name);
            assert!(
                entry.name.eq_ignore_ascii_case(&file),
                "{:?} in {file:?}",
                entry.name
            );
            // Strict SemVer, or marked as one of the lenient versions
            // crates.io once published.
            assert!(
                semver::Version::parse(&entry.version).is_ok() || entry.semver_lenient,
                "{:?}",
                entry.version
            );
            // Read the line again, independently, and compare. The parser
            // skips the fields it does not keep (deps, features) without
            // checking them, so it accepts a line whose ignored strings hold
            // invalid UTF-8 or lone surrogates, which a full JSON parser
            // refuses: what it keeps is checked above, so only a line that
            // parses in full is compared field by field.
            if let Ok(value) = serde_json::from_slice::<serde_json::Value>(line) {
                assert_eq!(value["name"].as_str(), Some(entry.name.as_str()));
                assert_eq!(value["vers"].as_str(), Some(entry.version.as_str()));
                let checksum = value["cksum"].as_str().expect("cksum is a string");
                assert_eq!(checksum.len(), 64);
                assert_eq!(hex::decode(checksum).unwrap(), entry.checksum);
                assert_eq!(value["yanked"].as_bool().unwrap_or(false), entry.yanked);
            }
        }
        Err(rejection) => {
            assert_eq!(rejection.line_number, 7);
            assert!(!rejection.reason.is_empty());
        }
    }
});
