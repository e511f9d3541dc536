//! The entries a batch refuses or reports (a bad line, a duplicate, a
//! checksum change): each logged when it is found, and recorded in
//! `registry_rejections` with the batch.

use buildsrs_database::queries::deadpool_postgres::Transaction;
use buildsrs_database::queries::queries::registry_sync;

use crate::Error;
use crate::crate_file::Duplicate;
use crate::index_line::{IndexEntry, Rejection};

/// A refused or reported entry, as registry_rejections stores it.
pub(super) struct Report {
    file: String,
    line_number: i32,
    version: Option<String>,
    reason: String,
}

impl Report {
    /// Logs a line the parser refused and makes its record.
    pub(super) fn rejected(file: &str, rejection: &Rejection) -> Self {
        tracing::warn!(
            file = %file,
            line = rejection.line_number,
            version = rejection.version.as_deref().unwrap_or("?"),
            reason = %rejection.reason,
            "index entry rejected"
        );
        Self {
            file: file.to_owned(),
            line_number: rejection.line_number as i32,
            version: rejection.version.clone(),
            reason: rejection.reason.clone(),
        }
    }

    /// Logs a version listed twice and makes its record, on the earlier line
    /// (the one that lost).
    pub(super) fn duplicated(file: &str, duplicate: &Duplicate) -> Self {
        tracing::warn!(
            file = %file,
            version = %duplicate.version,
            earlier_line = duplicate.earlier_line,
            later_line = duplicate.later_line,
            "version listed twice; the later line wins"
        );
        Self {
            file: file.to_owned(),
            line_number: duplicate.earlier_line as i32,
            version: Some(duplicate.version.clone()),
            reason: format!(
                "listed again on line {}; the later line wins",
                duplicate.later_line
            ),
        }
    }

    /// Logs an entry whose checksum differs from the stored one (which is
    /// kept) and makes its record.
    pub(super) fn checksum_refused(file: &str, entry: &IndexEntry, stored_checksum: &[u8]) -> Self {
        let reason = format!(
            "checksum {} differs from the stored {}; the stored version is kept",
            hex::encode(entry.checksum),
            hex::encode(stored_checksum)
        );
        tracing::warn!(krate = %entry.name, version = %entry.version, %reason, "checksum change refused");
        Self {
            file: file.to_owned(),
            line_number: entry.line_number as i32,
            version: Some(entry.version.clone()),
            reason,
        }
    }
}

/// Records the batch's reports against the pass `pass_id`, in one statement.
pub(super) async fn record(
    transaction: &Transaction<'_>,
    pass_id: i64,
    reports: &[Report],
) -> Result<(), Error> {
    if reports.is_empty() {
        return Ok(());
    }
    let files: Vec<&str> = reports.iter().map(|report| report.file.as_str()).collect();
    let lines: Vec<i32> = reports.iter().map(|report| report.line_number).collect();
    let versions: Vec<Option<&str>> = reports
        .iter()
        .map(|report| report.version.as_deref())
        .collect();
    let reasons: Vec<&str> = reports
        .iter()
        .map(|report| report.reason.as_str())
        .collect();
    registry_sync::rejection_insert_many()
        .bind(transaction, &pass_id, &files, &lines, &versions, &reasons)
        .await?;
    Ok(())
}
