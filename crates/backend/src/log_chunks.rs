//! The bytes of one log chunk: a batch's lines joined by NUL (which no
//! stored line holds) and compressed with zstd, or, for chunks the
//! migration moved from per-line rows, the joined lines uncompressed
//! (`plain`). Only the codec: storing and reading chunks is [`crate::logs`].

use std::io;

use buildsrs_database::queries::types::LogEncoding;

/// The zstd level chunks are written at: on `cargo build -vv` output 12 %
/// smaller than the default (3), which takes chunks from 7× to over 10×
/// smaller on disk than per-line rows, and still fast enough that appends
/// outpace per-line rows (`just bench-backend`).
const LEVEL: i32 = 9;

/// What joins a chunk's lines.
const SEPARATOR: u8 = 0;

/// `lines` joined and compressed, as a `zstd` chunk stores them.
pub(crate) fn encode(lines: &[String]) -> io::Result<Vec<u8>> {
    let joined = join(lines);
    zstd::bulk::compress(&joined, LEVEL)
}

/// The lines of a chunk of `encoding`, in order.
pub(crate) fn decode(encoding: LogEncoding, bytes: &[u8]) -> io::Result<Vec<String>> {
    let joined = match encoding {
        LogEncoding::Plain => bytes.to_vec(),
        LogEncoding::Zstd => zstd::stream::decode_all(bytes)?,
    };
    split(&joined)
}

/// The lines with one separator between each two: n lines, n - 1
/// separators, so an empty line survives.
fn join(lines: &[String]) -> Vec<u8> {
    let size = lines.iter().map(String::len).sum::<usize>() + lines.len();
    let mut joined = Vec::with_capacity(size);
    for (index, line) in lines.iter().enumerate() {
        if index > 0 {
            joined.push(SEPARATOR);
        }
        joined.extend_from_slice(line.as_bytes());
    }
    joined
}

fn split(joined: &[u8]) -> io::Result<Vec<String>> {
    joined
        .split(|byte| *byte == SEPARATOR)
        .map(|line| {
            String::from_utf8(line.to_vec())
                .map_err(|error| io::Error::new(io::ErrorKind::InvalidData, error))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(texts: &[&str]) -> Vec<String> {
        texts.iter().map(|text| (*text).to_owned()).collect()
    }

    #[test]
    fn lines_come_back_as_encoded_empty_ones_included() {
        for batch in [
            lines(&["a"]),
            lines(&[""]),
            lines(&["", "", "x"]),
            lines(&["ü", "", "end"]),
        ] {
            let chunk = encode(&batch).unwrap();
            assert_eq!(decode(LogEncoding::Zstd, &chunk).unwrap(), batch);
        }
    }

    #[test]
    fn a_plain_chunk_is_split_on_nul() {
        let decoded = decode(LogEncoding::Plain, b"a\0\0b").unwrap();
        assert_eq!(decoded, lines(&["a", "", "b"]));
    }

    #[test]
    fn bytes_that_are_not_zstd_or_not_utf8_are_an_error() {
        assert!(decode(LogEncoding::Zstd, b"not zstd").is_err());
        assert!(decode(LogEncoding::Plain, b"\xff").is_err());
    }
}
