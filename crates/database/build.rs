//! Embeds the migrations of `schema/` in the crate, in version order, so a
//! binary carries the schema it was built for.

use std::fmt::Write as _;
use std::path::Path;
use std::{env, fs};

fn main() {
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
