//! The record of each pass (registry_passes): its counts while it runs, and
//! the `status` listing of recent passes.

use std::fmt::Write as _;
use std::ops::AddAssign;

use buildsrs_database::Client;
use buildsrs_database::queries::client::GenericClient;
use buildsrs_database::queries::queries::registry_sync;
pub use buildsrs_database::queries::types::{
    RegistryPassKind as PassKind, RegistrySourceKind as SourceKind,
};

use crate::Error;

/// What a pass changed and refused.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// Crate files read (git) or fetched with a body (sparse).
    pub crate_files: i64,
    pub crates_added: i64,
    /// Crates whose latest version changed (added crates not included).
    pub crates_updated: i64,
    pub crates_removed: i64,
    pub crates_restored: i64,
    pub versions_added: i64,
    pub versions_yanked: i64,
    pub versions_unyanked: i64,
    pub versions_removed: i64,
    pub versions_restored: i64,
    /// Entries refused: bad input, or a checksum differing from the stored one.
    pub entries_rejected: i64,
    /// Versions listed more than once in their file.
    pub entries_duplicated: i64,
}

impl AddAssign for Stats {
    fn add_assign(&mut self, other: Self) {
        self.crate_files += other.crate_files;
        self.crates_added += other.crates_added;
        self.crates_updated += other.crates_updated;
        self.crates_removed += other.crates_removed;
        self.crates_restored += other.crates_restored;
        self.versions_added += other.versions_added;
        self.versions_yanked += other.versions_yanked;
        self.versions_unyanked += other.versions_unyanked;
        self.versions_removed += other.versions_removed;
        self.versions_restored += other.versions_restored;
        self.entries_rejected += other.entries_rejected;
        self.entries_duplicated += other.entries_duplicated;
    }
}

impl std::fmt::Display for Stats {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} files; crates +{} ~{} -{} restored {}; versions +{} yanked {} unyanked {} -{} restored {}; \
             rejected {}, duplicated {}",
            self.crate_files,
            self.crates_added,
            self.crates_updated,
            self.crates_removed,
            self.crates_restored,
            self.versions_added,
            self.versions_yanked,
            self.versions_unyanked,
            self.versions_removed,
            self.versions_restored,
            self.entries_rejected,
            self.entries_duplicated,
        )
    }
}

/// The outcome of one finished pass.
#[derive(Clone, Debug)]
pub struct PassReport {
    pub pass_id: i64,
    pub kind: PassKind,
    /// The commit the mirror now equals (git passes).
    pub revision: Option<String>,
    pub stats: Stats,
    pub elapsed: std::time::Duration,
}

/// Opens the record of a pass; returns its id.
pub(crate) async fn start(
    client: &Client,
    source_id: i64,
    kind: PassKind,
    from_revision: Option<&str>,
    revision: Option<&str>,
) -> Result<i64, Error> {
    Ok(registry_sync::pass_start()
        .bind(client, &source_id, &kind, &from_revision, &revision)
        .one()
        .await?)
}

/// Closes the record of a pass with its counts and, if it failed, why; on a
/// client or inside a transaction (a git pass closes its record in the one
/// that advances the revision).
pub(crate) async fn finish<C: GenericClient>(
    client: &C,
    pass_id: i64,
    stats: &Stats,
    error: Option<&str>,
) -> Result<(), Error> {
    registry_sync::pass_finish()
        .bind(
            client,
            &stats.crate_files,
            &stats.crates_added,
            &stats.crates_updated,
            &stats.crates_removed,
            &stats.crates_restored,
            &stats.versions_added,
            &stats.versions_yanked,
            &stats.versions_unyanked,
            &stats.versions_removed,
            &stats.versions_restored,
            &stats.entries_rejected,
            &stats.entries_duplicated,
            &error,
            &pass_id,
        )
        .opt()
        .await?;
    Ok(())
}

/// The `limit` newest passes, newest first.
pub async fn recent(client: &Client, limit: i64) -> Result<Vec<registry_sync::PassRow>, Error> {
    Ok(registry_sync::pass_list_recent()
        .bind(client, &limit)
        .all()
        .await?)
}

/// The recent passes as the `status` command prints them.
pub fn render_status(passes: &[registry_sync::PassRow]) -> String {
    let mut out = String::new();
    let Some(newest) = passes.first() else {
        out.push_str("no passes yet\n");
        return out;
    };
    write_header(&mut out);
    for pass in passes {
        write_row(&mut out, pass);
    }
    let _ = writeln!(
        out,
        "source {:?} {} is synced at {}",
        newest.source_kind,
        newest.source_location,
        newest
            .source_revision
            .as_deref()
            .unwrap_or("(no complete git pass)")
    );
    out
}

/// The column titles of the `status` table.
fn write_header(out: &mut String) {
    let _ = writeln!(
        out,
        "{:>6}  {:<25}  {:>9}  {:<15}  {:<12}  {:>7}  {:>8}  {:>8}  {:>8}  {:>8}  {:>8}  {:>8}  {:>8}  {:>8}  error",
        "pass",
        "started (UTC)",
        "seconds",
        "kind",
        "revision",
        "files",
        "crates+",
        "crates-",
        "vers+",
        "yanked",
        "unyanked",
        "vers-",
        "restored",
        "rejected"
    );
}

/// One pass as a row of the `status` table: how long it took ("running"
/// while it has not finished), its revision's first 12 characters, its
/// counts and its error.
fn write_row(out: &mut String, pass: &registry_sync::PassRow) {
    let seconds = pass
        .finished_at
        .map(|finished| {
            format!(
                "{:.3}",
                (finished - pass.started_at).num_milliseconds() as f64 / 1000.0
            )
        })
        .unwrap_or_else(|| "running".to_owned());
    let revision = pass
        .revision
        .as_deref()
        .map(|r| &r[..r.len().min(12)])
        .unwrap_or("-");
    let _ = writeln!(
        out,
        "{:>6}  {:<25}  {:>9}  {:<15}  {:<12}  {:>7}  {:>8}  {:>8}  {:>8}  {:>8}  {:>8}  {:>8}  {:>8}  {:>8}  {}",
        pass.id,
        pass.started_at
            .naive_utc()
            .format("%Y-%m-%d %H:%M:%S%.3f")
            .to_string(),
        seconds,
        format!("{:?}", pass.kind),
        revision,
        pass.crate_files,
        pass.crates_added,
        pass.crates_removed,
        pass.versions_added,
        pass.versions_yanked,
        pass.versions_unyanked,
        pass.versions_removed,
        pass.versions_restored + pass.crates_restored,
        pass.entries_rejected,
        pass.error.as_deref().unwrap_or(""),
    );
}
