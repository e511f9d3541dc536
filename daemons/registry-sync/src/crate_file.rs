//! A whole crate file: its valid entries (the last line of a version wins),
//! its rejected lines and its duplicates, and where in an index it lives.
//! Reconciled as one unit: what the file lists is the crate's state.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::path::PathBuf;
use std::sync::LazyLock;

use crate::index_line::{self, IndexEntry, Rejection, is_valid_crate_name};

/// One crate file, parsed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CrateFile {
    /// The file's name: the lowercase crate name.
    pub file: String,
    /// Valid entries, one per version, in order of first appearance; a
    /// version listed twice keeps its last line.
    pub entries: Vec<IndexEntry>,
    /// Lines refused. A refused line whose version could be read keeps that
    /// version's stored row as it is (see [`CrateFile::kept_versions`]).
    pub rejections: Vec<Rejection>,
    /// Versions listed more than once: (version, earlier line, later line).
    pub duplicates: Vec<Duplicate>,
}

/// A version listed twice in one file; the later line won.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Duplicate {
    pub version: String,
    pub earlier_line: u32,
    pub later_line: u32,
}

impl CrateFile {
    /// Parses the text of the crate file named `file`. Never fails: bad lines
    /// become rejections.
    pub fn parse(file: &str, text: &[u8]) -> Self {
        let mut rejections = Vec::new();
        let mut parsed = Vec::new();
        for (index, line) in lines(text).enumerate() {
            let line_number = u32::try_from(index + 1).unwrap_or(u32::MAX);
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            match index_line::parse_line(file, line_number, line) {
                Ok(entry) => parsed.push(entry),
                Err(rejection) => rejections.push(rejection),
            }
        }
        let (entries, duplicates) = last_line_wins(parsed);
        CrateFile {
            file: file.to_owned(),
            entries,
            rejections,
            duplicates,
        }
    }

    /// The crate's name as the index spells it: that of the last valid entry.
    /// None when the file has no valid entry.
    pub fn crate_name(&self) -> Option<&str> {
        self.entries.last().map(|entry| entry.name.as_str())
    }

    /// Versions named by refused lines that no valid line lists: their
    /// stored rows are left as they are rather than removed, because the
    /// index still lists them, only unreadably.
    pub fn kept_versions(&self) -> impl Iterator<Item = &str> {
        self.rejections
            .iter()
            .filter_map(|rejection| rejection.version.as_deref())
    }
}

/// One entry per version, in order of first appearance, each the last line
/// that lists it; and the versions listed more than once. Versions are
/// compared where they lie, so the common case (no duplicate) copies
/// nothing.
fn last_line_wins(parsed: Vec<IndexEntry>) -> (Vec<IndexEntry>, Vec<Duplicate>) {
    // For each version in order of first appearance: the index into
    // `parsed` of the line that lists it last.
    let mut winners: Vec<usize> = Vec::with_capacity(parsed.len());
    let mut duplicates = Vec::new();
    {
        let mut slots: HashMap<&str, usize> = HashMap::with_capacity(parsed.len());
        for (index, entry) in parsed.iter().enumerate() {
            match slots.entry(entry.version.as_str()) {
                Entry::Occupied(slot) => {
                    let winner = &mut winners[*slot.get()];
                    duplicates.push(Duplicate {
                        version: entry.version.clone(),
                        earlier_line: parsed[*winner].line_number,
                        later_line: entry.line_number,
                    });
                    *winner = index;
                }
                Entry::Vacant(slot) => {
                    slot.insert(winners.len());
                    winners.push(index);
                }
            }
        }
    }
    if duplicates.is_empty() {
        return (parsed, duplicates);
    }
    let mut parsed: Vec<Option<IndexEntry>> = parsed.into_iter().map(Some).collect();
    let entries = winners
        .into_iter()
        .filter_map(|index| parsed[index].take())
        .collect();
    (entries, duplicates)
}

/// The pieces of `text` between newlines, as `text.split(|b| *b == b'\n')`
/// yields them, found with memchr: the byte-at-a-time split was most of the
/// time spent in this file on the real index.
fn lines(text: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut start = 0;
    memchr::memchr_iter(b'\n', text)
        .chain(std::iter::once(text.len()))
        .map(move |end| {
            let line = &text[start..end];
            start = end + 1;
            line
        })
}

/// Where the crate file of `name` lives in an index, lowercased:
/// `1/a`, `2/ab`, `3/a/abc`, `ab/cd/abcd…` (cargo's layout, as crates-index
/// places files under a sparse index's URL); empty for an empty name.
pub fn index_path(name: &str) -> String {
    static LAYOUT: LazyLock<crates_index::SparseIndex> =
        LazyLock::new(|| crates_index::SparseIndex::at_path(PathBuf::new(), String::new()));
    LAYOUT
        .crate_url(name)
        .map(|url| url.trim_start_matches('/').to_owned())
        .unwrap_or_default()
}

/// The crate file named by an index path, or None for any other file of the
/// repository (config.json, README, dot-directories, misplaced files).
pub fn file_from_path(path: &str) -> Option<&str> {
    let file = path.rsplit('/').next()?;
    if !is_valid_crate_name(file) || file.bytes().any(|b| b.is_ascii_uppercase()) {
        return None;
    }
    (index_path(file) == path).then_some(file)
}

#[cfg(test)]
mod tests {
    #[test]
    fn lines_are_the_pieces_between_newlines_as_split_gives_them() {
        for text in [
            "",
            "\n",
            "a",
            "a\n",
            "a\nb",
            "a\n\nb\n",
            "\n\na\r\n",
            "{}\n{}",
        ] {
            let ours: Vec<&[u8]> = super::lines(text.as_bytes()).collect();
            let split: Vec<&[u8]> = text.as_bytes().split(|byte| *byte == b'\n').collect();
            assert_eq!(ours, split, "{text:?}");
        }
    }
}
