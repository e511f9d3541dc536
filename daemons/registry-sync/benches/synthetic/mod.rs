//! A synthetic index at any scale, written as a `git fast-import` stream, for
//! the benchmark (and the tests, which include this file): names, versions
//! and checksums are made up but shaped like crates.io's (a few crates with
//! hundreds of versions, most with a few).

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use buildsrs_registry_sync::Error;
use buildsrs_registry_sync::crate_file::index_path;

/// A small deterministic generator (SplitMix64), so every run builds the
/// same index.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

/// The crate file of synthetic crate number `index`, with `versions` lines.
pub fn crate_file(index: u64, versions: u64) -> (String, Vec<u8>) {
    let name = format!("synthetic-{index:x}-crate");
    let mut random = Random(index);
    let mut text = Vec::with_capacity(versions as usize * 220);
    for number in 0..versions {
        let version = format!("{}.{}.{}", number / 100, (number / 10) % 10, number % 10);
        let checksum = format!(
            "{:016x}{:016x}{:016x}{:016x}",
            random.next(),
            random.next(),
            random.next(),
            random.next()
        );
        let yanked = random.next().is_multiple_of(30);
        writeln!(
            text,
            r#"{{"name":"{name}","vers":"{version}","deps":[{{"name":"serde","req":"^1","features":[],"optional":false,"default_features":true,"target":null,"kind":"normal"}}],"cksum":"{checksum}","features":{{}},"yanked":{yanked}}}"#
        )
        .expect("writing to a Vec cannot fail");
    }
    (name, text)
}

/// Versions of crate `index` so that `crates` crates hold about `versions`
/// versions: skewed, as in the real index.
fn version_count(index: u64, crates: u64, versions: u64) -> u64 {
    let mean = (versions / crates.max(1)).max(1);
    let roll = Random(index ^ 0x5eed).next() % 100;
    match roll {
        0..=49 => 1 + roll % mean.max(2) / 2,
        50..=89 => mean,
        _ => mean * 4 + roll % mean,
    }
    .max(1)
}

/// Writes a fast-import stream of one commit on `refs/heads/master` holding
/// `crates` crate files with about `versions` versions in all.
pub fn write_fast_import(mut out: impl Write, crates: u64, versions: u64) -> std::io::Result<u64> {
    writeln!(out, "commit refs/heads/master")?;
    writeln!(
        out,
        "committer synthetic <synthetic@buildsrs> 1700000000 +0000"
    )?;
    writeln!(out, "data 16\nsynthetic index\n")?;
    let config = br#"{"dl":"https://example.invalid/{crate}/{version}/download"}"#;
    writeln!(out, "M 100644 inline config.json\ndata {}", config.len())?;
    out.write_all(config)?;
    writeln!(out)?;
    let mut total = 0;
    for index in 0..crates {
        let count = version_count(index, crates, versions);
        total += count;
        let (name, text) = crate_file(index, count);
        writeln!(
            out,
            "M 100644 inline {}\ndata {}",
            index_path(&name),
            text.len()
        )?;
        out.write_all(&text)?;
        writeln!(out)?;
    }
    writeln!(out, "done")?;
    Ok(total)
}

/// Creates a bare repository at `path` holding a synthetic index; returns
/// the number of versions in it.
pub fn generate_repository(path: &Path, crates: u64, versions: u64) -> Result<u64, Error> {
    let io = |source| Error::Io {
        path: path.to_owned(),
        source,
    };
    let status = Command::new("git")
        .args(["init", "--quiet", "--bare"])
        .arg(path)
        .status()
        .map_err(io)?;
    if !status.success() {
        return Err(io(std::io::Error::other("git init failed")));
    }
    let mut child = Command::new("git")
        .arg("--git-dir")
        .arg(path)
        .args(["fast-import", "--quiet", "--done"])
        .stdin(Stdio::piped())
        .spawn()
        .map_err(io)?;
    let stdin = child.stdin.take().expect("stdin is piped");
    let total = write_fast_import(
        std::io::BufWriter::with_capacity(1 << 20, stdin),
        crates,
        versions,
    )
    .map_err(io)?;
    let status = child.wait().map_err(io)?;
    if !status.success() {
        return Err(io(std::io::Error::other("git fast-import failed")));
    }
    Ok(total)
}
