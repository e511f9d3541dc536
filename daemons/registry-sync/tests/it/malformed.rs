//! Malformed inputs to registry-sync's entry points: sparse-index answers
//! that are garbage, truncated or corrupt on the wire; crate files in a git
//! index that are garbage; command lines with bad flags and values. Each
//! gets a clear error or rejection, no panic, and no stored row that the
//! index never listed.

use std::collections::{BTreeSet, HashMap};
use std::io::Write as _;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use buildsrs_registry_sync::SparseSource;
use buildsrs_registry_sync::crate_file::index_path;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

use crate::sparse::sparse_pass;
use crate::{IndexRepo, line, row, sync, test_database, view};

/// A sparse index on loopback that answers each path with raw bytes, so an
/// answer can lie about its length or encoding.
struct RawServer {
    url: String,
    answers: Arc<Mutex<HashMap<String, Vec<u8>>>>,
}

impl RawServer {
    async fn start() -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/index/", listener.local_addr().unwrap());
        let answers: Arc<Mutex<HashMap<String, Vec<u8>>>> = Arc::default();
        let shared = answers.clone();
        tokio::spawn(async move {
            loop {
                let (mut socket, _) = listener.accept().await.unwrap();
                let answers = shared.clone();
                tokio::spawn(async move {
                    let mut head = Vec::new();
                    let mut buffer = [0u8; 1024];
                    while !head.windows(4).any(|window| window == b"\r\n\r\n") {
                        match socket.read(&mut buffer).await {
                            Ok(0) | Err(_) => return,
                            Ok(read) => head.extend_from_slice(&buffer[..read]),
                        }
                    }
                    let head = String::from_utf8_lossy(&head);
                    let path = head.split(' ').nth(1).unwrap_or("/").to_owned();
                    let answer = answers.lock().unwrap().get(&path).cloned();
                    let answer = answer.unwrap_or_else(|| {
                        b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
                            .to_vec()
                    });
                    let _ = socket.write_all(&answer).await;
                    let _ = socket.shutdown().await;
                });
            }
        });
        Self { url, answers }
    }

    /// Answers the crate file of `name` with `raw` (status line, headers and
    /// body as sent).
    fn answer(&self, name: &str, raw: Vec<u8>) {
        self.answers
            .lock()
            .unwrap()
            .insert(format!("/index/{}", index_path(name)), raw);
    }

    /// A well-formed 200 with `body`.
    fn serve(&self, name: &str, body: &[u8]) {
        self.answer(name, ok(&[], body));
    }

    fn source(&self, crates: &[&str]) -> SparseSource {
        SparseSource {
            url: self.url.clone(),
            crates: Some(crates.iter().map(|name| name.to_string()).collect()),
            concurrency: 2,
            timeout: Duration::from_secs(5),
        }
    }
}

/// A 200 answer with extra headers and `body`, its length declared.
fn ok(headers: &[&str], body: &[u8]) -> Vec<u8> {
    let mut raw = format!(
        "HTTP/1.1 200 OK\r\ncontent-length: {}\r\nconnection: close\r\n",
        body.len()
    )
    .into_bytes();
    for header in headers {
        raw.extend_from_slice(header.as_bytes());
        raw.extend_from_slice(b"\r\n");
    }
    raw.extend_from_slice(b"\r\n");
    raw.extend_from_slice(body);
    raw
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

#[tokio::test]
async fn garbage_truncated_or_corrupt_sparse_answers_store_nothing_the_index_never_listed() {
    let db = test_database().await;
    let server = RawServer::start().await;
    let bad_lines = [
        line("bad", "1.0.0", 'a', false),
        line("bad", "1.0.1", 'b', false),
    ];
    let good_text = bad_lines.join("\n") + "\n";
    let listed: BTreeSet<_> = [
        row("bad", "1.0.0", 'a', false),
        row("bad", "1.0.1", 'b', false),
    ]
    .into_iter()
    .collect();
    server.serve("bad", good_text.as_bytes());
    let mut good_versions = 0;
    server.serve("good", line("good", "0.0.0", 'c', false).as_bytes());
    sparse_pass(&db, &server.source(&["bad", "good"]))
        .await
        .unwrap();

    let gzipped = gzip(good_text.as_bytes());
    let wire_faults: Vec<(&str, Vec<u8>)> = vec![
        (
            "gzip header, body not gzip",
            ok(&["content-encoding: gzip"], b"this is not gzip at all"),
        ),
        (
            "gzip cut in half",
            ok(&["content-encoding: gzip"], &gzipped[..gzipped.len() / 2]),
        ),
        ("gzip with a corrupt byte", {
            let mut corrupt = gzipped.clone();
            let middle = corrupt.len() / 2;
            corrupt[middle] ^= 0xff;
            ok(&["content-encoding: gzip"], &corrupt)
        }),
        ("body shorter than its Content-Length", {
            let mut raw = ok(&[], good_text.as_bytes());
            raw.truncate(raw.len() - 20);
            raw
        }),
        (
            "broken chunked encoding",
            b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\nzz\r\nnot a chunk"
                .to_vec(),
        ),
        (
            "not HTTP at all",
            b"SSH-2.0-OpenSSH_9.6\r\n".to_vec(),
        ),
        (
            "HTTP 500",
            b"HTTP/1.1 500 Internal Server Error\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
                .to_vec(),
        ),
    ];
    let mut tried = 0;
    for (what, raw) in wire_faults {
        // The good crate changes each time, so a pass has work to commit.
        good_versions += 1;
        let good: Vec<String> = (0..=good_versions)
            .map(|minor| line("good", &format!("0.{minor}.0"), 'c', false))
            .collect();
        server.serve("good", (good.join("\n") + "\n").as_bytes());
        server.answer("bad", raw);
        let error = sparse_pass(&db, &server.source(&["bad", "good"]))
            .await
            .expect_err(what);
        assert!(error.contains("1 of 2"), "{what}: {error}");
        let rows = view(&db).await;
        let bad: BTreeSet<_> = rows.iter().filter(|row| row.0 == "bad").cloned().collect();
        assert_eq!(bad, listed, "{what}: the bad crate's rows are untouched");
        assert_eq!(
            rows.iter().filter(|row| row.0 == "good").count(),
            good.len(),
            "{what}: the other crate is synced"
        );
        tried += 1;
    }

    // Answers that arrive intact but hold garbage: every line is refused
    // on its own and recorded; no refused line becomes a row.
    let mut noise = Vec::new();
    let mut state = 0x1234_5678_u64;
    for _ in 0..4096 {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        noise.push((state >> 56) as u8);
    }
    let content_faults: Vec<(&str, Vec<u8>)> = vec![
        ("binary noise", noise),
        (
            "an HTML page",
            b"<!doctype html>\n<html><body>Sign in to the wifi</body></html>\n".to_vec(),
        ),
        (
            "the last line cut short",
            format!(
                "{}\n{{\"name\":\"bad\",\"vers\":\"1.0.1\",\"cks",
                bad_lines[0]
            )
            .into_bytes(),
        ),
        ("a line over the length limit", {
            let mut text = format!("{}\n", bad_lines[0]).into_bytes();
            text.extend(std::iter::repeat_n(b'x', 2 << 20));
            text
        }),
        (
            "JSON of the wrong shape",
            b"[1,2,3]\n{\"name\":42}\nnull\n\"bad\"\n".to_vec(),
        ),
        ("NUL bytes and CRLF", b"\0\0\0\r\n\r\n\0".to_vec()),
    ];
    for (what, body) in content_faults {
        server.serve("bad", &body);
        let report = sparse_pass(&db, &server.source(&["bad"]))
            .await
            .unwrap_or_else(|error| panic!("{what}: {error}"));
        assert!(report.stats.entries_rejected > 0, "{what}: lines refused");
        let rows = view(&db).await;
        let bad: BTreeSet<_> = rows.iter().filter(|row| row.0 == "bad").cloned().collect();
        assert!(
            bad.is_subset(&listed),
            "{what}: only rows the index listed: {bad:?}"
        );
        // The index is good again: the mirror equals it.
        server.serve("bad", good_text.as_bytes());
        sparse_pass(&db, &server.source(&["bad"])).await.unwrap();
        let bad: BTreeSet<_> = view(&db)
            .await
            .into_iter()
            .filter(|row| row.0 == "bad")
            .collect();
        assert_eq!(bad, listed, "{what}: restored once the index is good");
        tried += 1;
    }
    println!("malformed sparse answers tried: {tried}, none stored a row the index never listed");
}

#[tokio::test]
async fn garbage_crate_files_in_a_git_index_are_refused_line_by_line() {
    let db = test_database().await;
    let repo = IndexRepo::new();
    repo.write("fine", &[line("fine", "1.0.0", 'a', false)]);
    let garbage: Vec<(&str, Vec<u8>)> = vec![
        ("nul", b"\0\0\0\0".to_vec()),
        ("html", b"<html>\n</html>".to_vec()),
        ("noise", (0..=255u8).cycle().take(5000).collect()),
        (
            "wrong-name",
            line("other", "1.0.0", 'a', false).into_bytes(),
        ),
        (
            "bad-semver",
            line("bad-semver", "1.0", 'a', false).into_bytes(),
        ),
        (
            "bad-checksum",
            line("bad-checksum", "1.0.0", 'g', false).into_bytes(),
        ),
        (
            "long-version",
            line(
                "long-version",
                &format!("1.0.0-{}", "a".repeat(300)),
                'a',
                false,
            )
            .into_bytes(),
        ),
        ("huge-line", vec![b'{'; (1 << 20) + 10]),
        ("crlf-only", b"\r\n\r\n\r\n".to_vec()),
    ];
    for (name, bytes) in &garbage {
        let path = repo.path().join(index_path(name));
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    // A file outside the layout, and a directory where a file should be.
    std::fs::write(repo.path().join("README"), "not a crate").unwrap();
    std::fs::create_dir_all(repo.path().join(index_path("dir")).join("inner")).unwrap();
    std::fs::write(
        repo.path().join(index_path("dir")).join("inner/x"),
        "nested",
    )
    .unwrap();
    repo.commit("garbage");
    let report = sync(&db, &repo.source(None)).await;
    assert!(report.stats.entries_rejected >= 7, "{:?}", report.stats);
    assert_eq!(view(&db).await, vec![row("fine", "1.0.0", 'a', false)]);
    println!(
        "malformed crate files tried: {}, {} lines refused",
        garbage.len() + 2,
        report.stats.entries_rejected
    );
}

/// Runs the binary with `args`, no database needed: it must refuse them
/// before connecting.
fn refuse(args: &[&str]) -> String {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_buildsrs-registry-sync"))
        .args(args)
        .env_remove("DATABASE_URL")
        .env("DATABASE_CONNECT_TIMEOUT", "1s")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
    assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    stderr
}

#[test]
fn bad_command_lines_exit_2_naming_the_bad_argument() {
    let cases: &[(&[&str], &str)] = &[
        (&["frobnicate"], "frobnicate"),
        (&["sync", "--no-such-flag"], "--no-such-flag"),
        (
            &["sync", "--git", "x", "--batch-files", "many"],
            "--batch-files",
        ),
        (&["sync", "--git", "x", "--batch-files=-3"], "--batch-files"),
        (&["run", "--git", "x", "--interval", "soon"], "--interval"),
        (&["sync", "--git", "x", "--migrate", "perhaps"], "--migrate"),
        (&["sync", "--git", "x", "--sparse"], "--sparse"),
        (&["sync", "--rev", "HEAD"], "--rev"),
        (
            &["sync", "--git", "x", "--log-format", "xml"],
            "--log-format",
        ),
        (
            &["sync", "--git", "x", "--database-pool-size", "lots"],
            "--database-pool-size",
        ),
        (
            &[
                "sync",
                "--git",
                "x",
                "--database-connect-timeout",
                "5 parsecs",
            ],
            "--database-connect-timeout",
        ),
        (&["sync", "--git"], "--git"),
        (&["sync", "--crates", "a,b"], "--crates"),
        (&["status", "--limit", "ten"], "--limit"),
    ];
    for (args, named) in cases {
        let stderr = refuse(args);
        assert!(stderr.contains(named), "{args:?} names {named}: {stderr}");
    }
    println!("bad registry-sync command lines tried: {}", cases.len());
}

/// Found by the fuzzer (`fuzz/corpus/index_line/seed-invalid-utf8-in-an-
/// ignored-field`): serde skips the fields the mirror does not keep without
/// checking their strings, so such a line is accepted, while invalid UTF-8
/// in a kept field refuses it.
#[test]
fn invalid_utf8_is_refused_in_kept_fields_and_ignored_elsewhere() {
    use buildsrs_registry_sync::index_line::parse_line;
    /// The line with the bytes `@@` replaced by invalid UTF-8.
    fn with_invalid_utf8(line: &str) -> Vec<u8> {
        let mut bytes = line.as_bytes().to_vec();
        let at = bytes.windows(2).position(|pair| pair == b"@@").unwrap();
        bytes[at..at + 2].copy_from_slice(&[0xff, 0xfe]);
        bytes
    }
    let checksum = "c".repeat(64);
    let ignored = with_invalid_utf8(&format!(
        r#"{{"name":"serde","vers":"1.0.0","deps":[],"cksum":"{checksum}","features":{{"f":["@@"]}}}}"#
    ));
    let entry = parse_line("serde", 1, &ignored).expect("accepted");
    assert_eq!(entry.version, "1.0.0");
    assert_eq!(entry.checksum, [0xcc; 32]);

    let kept = with_invalid_utf8(&format!(
        r#"{{"name":"serde","vers":"1.0.0-@@","deps":[],"cksum":"{checksum}","features":{{}}}}"#
    ));
    let rejection = parse_line("serde", 1, &kept).unwrap_err();
    assert!(
        rejection.reason.contains("invalid JSON"),
        "{}",
        rejection.reason
    );
}
