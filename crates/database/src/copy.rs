//! Binary `COPY … FROM STDIN` statements, the one kind of statement cornucopia
//! cannot compile (no bind parameters, streamed rows). They live beside the
//! other queries, under `queries/_copy/`, which cornucopia skips; callers
//! stream rows with `tokio_postgres::binary_copy::BinaryCopyInWriter`.

/// New versions with reserved ids: `(id, crate_id, version, checksum, yanked)`
/// as `INT8, INT8, TEXT, BYTEA, BOOL`; `semver_lenient` is left false. Only
/// the registry-sync benchmark's floor and tests use it.
pub const CRATE_VERSIONS: &str = include_str!("../../../queries/_copy/crate_versions.sql");

/// New versions with reserved ids and their leniency mark, as registry-sync
/// writes them: `(id, crate_id, version, checksum, yanked, semver_lenient)`
/// as `INT8, INT8, TEXT, BYTEA, BOOL, BOOL`.
pub const CRATE_VERSIONS_MARKED: &str =
    include_str!("../../../queries/_copy/crate_versions_marked.sql");

/// Crates with reserved ids: `(id, name, latest_version_id)` as `INT8,
/// TEXT, INT8`. registry-sync writes its new crates with it, and its
/// benchmark's floor does too.
pub const CRATES: &str = include_str!("../../../queries/_copy/crates.sql");
