//! The reader of `queries/*.sql` that `build.rs` and the tests share: each
//! query's name, line, access marker and statement. Standard library only,
//! because `build.rs` includes this file as a module of its own.
//!
//! The convention: the line right after a query's `--! name` annotation is
//! its marker, `-- access: read-only` or `-- access: primary`. Cornucopia
//! takes it for a comment and leaves it out of the generated crate.

use std::fmt;

/// Where a query may run, as its marker in `queries/` says.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Access {
    /// `-- access: read-only`: writes nothing, takes no lock and changes no
    /// session setting, so the read pool (a replica, possibly behind) may
    /// answer it.
    ReadOnly,
    /// `-- access: primary`: writes, locks, changes the session, or is about
    /// the primary server itself (migrations, health).
    Primary,
}

impl Access {
    /// The word after `-- access:` that names this access.
    pub fn marker(self) -> &'static str {
        match self {
            Self::ReadOnly => "read-only",
            Self::Primary => "primary",
        }
    }

    /// The access a marker word names.
    pub fn from_marker(word: &str) -> Option<Self> {
        [Self::ReadOnly, Self::Primary]
            .into_iter()
            .find(|access| access.marker() == word)
    }
}

/// One query of a `queries/*.sql` file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuerySource {
    /// The name after `--!`, which is also the generated function's name.
    pub name: String,
    /// The 1-based line of its `--!` annotation.
    pub line: usize,
    /// What its marker says.
    pub access: Access,
    /// The statement without its comment lines, named parameters as written.
    pub sql: String,
}

impl QuerySource {
    /// The statement with cornucopia's named parameters (`:name`) turned into
    /// `$1`, `$2`, ... in order of first use, and those names in that order.
    pub fn positional(&self) -> (String, Vec<String>) {
        positional(&self.sql)
    }
}

/// Why a `queries/*.sql` file was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceError {
    /// The 1-based line at fault.
    pub line: usize,
    /// What is wrong, naming the query.
    pub message: String,
}

impl fmt::Display for SourceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for SourceError {}

/// A query being read: its annotation is seen, its end is not yet.
struct Pending {
    name: String,
    line: usize,
    access: Option<Access>,
    sql: Vec<String>,
}

/// Reads the queries of one `queries/*.sql` file, refusing a query without
/// exactly one valid marker right under its `--!` line.
pub fn parse(text: &str) -> Result<Vec<QuerySource>, SourceError> {
    let mut queries = Vec::new();
    let mut current: Option<Pending> = None;
    let mut expect_marker = false;
    for (index, raw) in text.lines().enumerate() {
        let line = index + 1;
        let trimmed = raw.trim();
        if let Some(rest) = trimmed.strip_prefix("--!") {
            if let Some(done) = current.take() {
                queries.push(finish(done)?);
            }
            current = Some(Pending {
                name: annotated_name(rest, line)?,
                line,
                access: None,
                sql: Vec::new(),
            });
            expect_marker = true;
            continue;
        }
        if trimmed.starts_with("--:") {
            // A type annotation ends the query before it.
            if let Some(done) = current.take() {
                queries.push(finish(done)?);
            }
            expect_marker = false;
            continue;
        }
        if let Some(word) = marker_word(trimmed) {
            let query = marker_owner(current.as_mut(), expect_marker, line)?;
            let access = Access::from_marker(word).ok_or_else(|| SourceError {
                line,
                message: format!(
                    "query `{}` has an unknown access marker {word:?}: \
                     expected `-- access: read-only` or `-- access: primary`",
                    query.name
                ),
            })?;
            query.access = Some(access);
            expect_marker = false;
            continue;
        }
        if expect_marker {
            let query = current
                .as_ref()
                .expect("a marker is expected only in a query");
            return Err(missing_marker(query));
        }
        if trimmed.starts_with("--") {
            continue;
        }
        if let Some(query) = current.as_mut() {
            query.sql.push(raw.to_owned());
        }
    }
    if let Some(done) = current.take() {
        queries.push(finish(done)?);
    }
    Ok(queries)
}

/// The query name after `--!` (before any nullity annotation).
fn annotated_name(rest: &str, line: usize) -> Result<String, SourceError> {
    let name: String = rest
        .trim_start()
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    if name.is_empty() {
        return Err(SourceError {
            line,
            message: "a `--!` annotation without a query name".to_owned(),
        });
    }
    Ok(name)
}

/// The query a marker on `line` belongs to: the current one, when the
/// marker is the line right under its `--!`.
fn marker_owner(
    current: Option<&mut Pending>,
    expected: bool,
    line: usize,
) -> Result<&mut Pending, SourceError> {
    match current {
        Some(query) if expected => Ok(query),
        current => {
            let owner = current
                .map(|query| format!("in query `{}` ", query.name))
                .unwrap_or_default();
            Err(SourceError {
                line,
                message: format!(
                    "an access marker {owner}that is not the line right after a `--!` \
                     annotation: each query has exactly one, directly under its `--!` line"
                ),
            })
        }
    }
}

/// The word of a `-- access: word` line, if this is one.
fn marker_word(trimmed: &str) -> Option<&str> {
    let rest = trimmed.strip_prefix("--")?.trim_start();
    Some(rest.strip_prefix("access:")?.trim())
}

fn missing_marker(query: &Pending) -> SourceError {
    SourceError {
        line: query.line,
        message: format!(
            "query `{name}` has no access marker: the line after `--! {name}` must be \
             `-- access: read-only` (writes nothing, may run on the read pool) or \
             `-- access: primary` (writes, locks, session settings, must see the primary)",
            name = query.name
        ),
    }
}

fn finish(query: Pending) -> Result<QuerySource, SourceError> {
    let Some(access) = query.access else {
        return Err(missing_marker(&query));
    };
    let sql = query.sql.join("\n");
    let sql = sql.trim().trim_end_matches(';').trim_end().to_owned();
    if sql.is_empty() {
        return Err(SourceError {
            line: query.line,
            message: format!("query `{}` has no statement", query.name),
        });
    }
    Ok(QuerySource {
        name: query.name,
        line: query.line,
        access,
        sql,
    })
}

/// Replaces `:name` parameters by `$n`, leaving casts (`::type`), string
/// literals, quoted identifiers and comments alone.
fn positional(sql: &str) -> (String, Vec<String>) {
    let chars: Vec<char> = sql.chars().collect();
    let mut out = String::with_capacity(sql.len());
    let mut names: Vec<String> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        match c {
            '\'' | '"' => {
                // Up to the closing quote; a doubled quote reopens at once.
                out.push(c);
                i += 1;
                while i < chars.len() {
                    out.push(chars[i]);
                    i += 1;
                    if chars[i - 1] == c {
                        break;
                    }
                }
            }
            '-' if next == Some('-') => {
                while i < chars.len() && chars[i] != '\n' {
                    out.push(chars[i]);
                    i += 1;
                }
            }
            ':' if next == Some(':') => {
                out.push_str("::");
                i += 2;
            }
            ':' if next.is_some_and(|n| n.is_ascii_alphabetic() || n == '_') => {
                let start = i + 1;
                let mut end = start;
                while end < chars.len() && (chars[end].is_ascii_alphanumeric() || chars[end] == '_')
                {
                    end += 1;
                }
                let name: String = chars[start..end].iter().collect();
                let number = match names.iter().position(|known| *known == name) {
                    Some(position) => position + 1,
                    None => {
                        names.push(name);
                        names.len()
                    }
                };
                out.push_str(&format!("${number}"));
                i = end;
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    (out, names)
}
