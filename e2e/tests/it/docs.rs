//! ARCHITECTURE.md stays true to the tree: every path it names from the
//! workspace root (`crates/...`, `schema/...`) exists. A glob or a `NNNN`
//! placeholder must at least name an existing directory.

use std::path::Path;

/// The top-level directories a path from the workspace root starts with.
const ROOTS: [&str; 9] = [
    "crates/",
    "daemons/",
    "queries/",
    "schema/",
    "scripts/",
    "fixtures/",
    "e2e/",
    "fuzz/",
    "nix/",
];

#[test]
fn every_path_architecture_names_exists() {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let text = std::fs::read_to_string(workspace.join("ARCHITECTURE.md")).unwrap();
    let named: Vec<&str> = text
        .split('`')
        .skip(1)
        .step_by(2)
        .filter(|quoted| ROOTS.iter().any(|root| quoted.starts_with(root)))
        .filter(|quoted| !quoted.contains(' '))
        .collect();
    assert!(named.len() > 10, "too few paths found: {named:?}");
    let missing: Vec<&str> = named
        .iter()
        .copied()
        .filter(|path| {
            // A pattern: its directory part must exist.
            let literal = match path.find(['*', '{']).or_else(|| path.find("NNNN")) {
                Some(at) => &path[..path[..at].rfind('/').map_or(0, |slash| slash + 1)],
                None => path,
            };
            !workspace.join(literal).exists()
        })
        .collect();
    assert!(
        missing.is_empty(),
        "ARCHITECTURE.md names paths that do not exist: {missing:?}"
    );
}
