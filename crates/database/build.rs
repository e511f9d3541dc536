//! Embeds the migrations of `schema/` in the crate, in version order, so a
//! binary carries the schema it was built for, and the access marker of every
//! query of `queries/` (see `src/access.rs`), refusing a query without one.

use std::fmt::Write as _;
use std::path::Path;
use std::{env, fs};

#[path = "src/access/source.rs"]
#[allow(dead_code)]
mod source;

fn main() {
    migrations();
    access();
}

/// Writes `access.rs`: every query of `queries/` with its marker.
fn access() {
    let queries = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../queries");
    let queries = queries
        .canonicalize()
        .expect("queries/ exists at the workspace root");
    println!("cargo:rerun-if-changed={}", queries.display());
    let mut files: Vec<_> = fs::read_dir(&queries)
        .expect("queries/ is readable")
        .map(|entry| entry.expect("queries/ is readable").path())
        .filter(|path| is_query_file(path))
        .collect();
    files.sort();

    let mut code = String::from("&[\n");
    for path in &files {
        println!("cargo:rerun-if-changed={}", path.display());
        let module = path.file_stem().unwrap().to_string_lossy().into_owned();
        let text = fs::read_to_string(path)
            .unwrap_or_else(|error| panic!("queries/{module}.sql: {error}"));
        let parsed = source::parse(&text).unwrap_or_else(|error| {
            panic!("queries/{module}.sql:{error}", error = Located(&error))
        });
        for query in parsed {
            let access = match query.access {
                source::Access::ReadOnly => "ReadOnly",
                source::Access::Primary => "Primary",
            };
            writeln!(
                code,
                "    Query {{ module: {module:?}, name: {name:?}, access: Access::{access} }},",
                name = query.name
            )
            .unwrap();
        }
    }
    code.push_str("]\n");
    let out = Path::new(&env::var("OUT_DIR").unwrap()).join("access.rs");
    fs::write(out, code).unwrap();
}

/// A `queries/*.sql` file cornucopia compiles: it skips `_`-prefixed ones
/// (and directories such as `_copy/`).
fn is_query_file(path: &Path) -> bool {
    path.is_file()
        && path.extension().is_some_and(|ext| ext == "sql")
        && !path.file_name().unwrap().to_string_lossy().starts_with('_')
}

/// A source error as `LINE: message`, to follow `file:` in the panic.
struct Located<'a>(&'a source::SourceError);

impl std::fmt::Display for Located<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.0.line, self.0.message)
    }
}

/// Writes `migrations.rs`: every migration of `schema/`, in version order.
fn migrations() {
    let schema = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../schema");
    let schema = schema
        .canonicalize()
        .expect("schema/ exists at the workspace root");
    println!("cargo:rerun-if-changed={}", schema.display());

    let mut migrations = Vec::new();
    for entry in fs::read_dir(&schema).expect("schema/ is readable") {
        let path = entry.expect("schema/ is readable").path();
        let file_name = path.file_name().unwrap().to_string_lossy().into_owned();
        println!("cargo:rerun-if-changed={}", path.display());
        let Some(stem) = file_name.strip_suffix(".sql") else {
            panic!("schema/{file_name}: only NNNN_name.sql migrations belong in schema/");
        };
        let (number, name) = stem
            .split_once('_')
            .unwrap_or_else(|| panic!("schema/{file_name}: expected NNNN_name.sql"));
        let version: i32 = number
            .parse()
            .unwrap_or_else(|_| panic!("schema/{file_name}: {number:?} is not a version number"));
        migrations.push((version, name.to_owned(), path));
    }
    migrations.sort();
    for pair in migrations.windows(2) {
        assert!(
            pair[0].0 != pair[1].0,
            "schema/: two migrations have version {}",
            pair[0].0
        );
    }

    let mut code = String::from("&[\n");
    for (version, name, path) in &migrations {
        writeln!(
            code,
            "    Migration::new({version}, {name:?}, include_str!({path:?})),",
            path = path.display().to_string()
        )
        .unwrap();
    }
    code.push_str("]\n");
    let out = Path::new(&env::var("OUT_DIR").unwrap()).join("migrations.rs");
    fs::write(out, code).unwrap();
}
