//! Versions crates.io published before it enforced strict SemVer (leading
//! zeros in numeric pre-release identifiers): mirrored, marked in
//! crate_versions_view, and ranked by their reading without the zeros; what
//! is no version at all is still refused and recorded.

use buildsrs_database::queries::queries::{crates, registry_sync};
use buildsrs_database::temp::TestDatabase;

use crate::{IndexRepo, latest, line, row, sync, test_database, view};

/// crate_versions_view as (name, version, semver_lenient), sorted.
async fn marks(db: &TestDatabase) -> Vec<(String, String, bool)> {
    let client = db.database().client().await.unwrap();
    let mut rows: Vec<_> = crates::crate_versions_view_list()
        .bind(&client)
        .all()
        .await
        .unwrap()
        .into_iter()
        .map(|row| (row.name, row.version, row.semver_lenient))
        .collect();
    rows.sort();
    rows
}

fn mark(name: &str, version: &str, lenient: bool) -> (String, String, bool) {
    (name.to_owned(), version.to_owned(), lenient)
}

#[tokio::test]
async fn a_version_with_leading_zeros_is_mirrored_marked_and_ranked_by_its_value() {
    let db = test_database().await;
    let repo = IndexRepo::new();
    // bluetooth_client 0.0.1-001 and hxgm30-client 0.3.0-alpha.01 are real
    // crates.io versions; `0.0.1-0` ranks below `0.0.1-001` (read as 1).
    repo.write(
        "bluetooth_client",
        &[
            line("bluetooth_client", "0.0.1-0", 'a', false),
            line("bluetooth_client", "0.0.1-001", 'b', false),
        ],
    );
    repo.write(
        "hxgm30-client",
        &[
            line("hxgm30-client", "0.3.0-alpha.0", 'c', false),
            line("hxgm30-client", "0.3.0-alpha.01", 'd', false),
        ],
    );
    repo.commit("lenient versions");

    let report = sync(&db, &repo.source(None)).await;
    assert_eq!(report.stats.versions_added, 4);
    assert_eq!(report.stats.entries_rejected, 0);
    assert_eq!(
        view(&db).await,
        vec![
            row("bluetooth_client", "0.0.1-0", 'a', false),
            row("bluetooth_client", "0.0.1-001", 'b', false),
            row("hxgm30-client", "0.3.0-alpha.0", 'c', false),
            row("hxgm30-client", "0.3.0-alpha.01", 'd', false),
        ]
    );
    assert_eq!(
        marks(&db).await,
        vec![
            mark("bluetooth_client", "0.0.1-0", false),
            mark("bluetooth_client", "0.0.1-001", true),
            mark("hxgm30-client", "0.3.0-alpha.0", false),
            mark("hxgm30-client", "0.3.0-alpha.01", true),
        ]
    );
    assert_eq!(
        latest(&db, "bluetooth_client").await.as_deref(),
        Some("0.0.1-001")
    );
    assert_eq!(
        latest(&db, "hxgm30-client").await.as_deref(),
        Some("0.3.0-alpha.01")
    );

    // Ranked again from the stored rows when the crate changes: `0.0.1-2`
    // is above `0.0.1-001` (1 < 2, not the text "001" above every number),
    // and a strict `0.3.0-alpha.1` is preferred over the lenient
    // `0.3.0-alpha.01` that reads the same.
    repo.write(
        "bluetooth_client",
        &[
            line("bluetooth_client", "0.0.1-0", 'a', false),
            line("bluetooth_client", "0.0.1-001", 'b', false),
            line("bluetooth_client", "0.0.1-2", 'e', false),
        ],
    );
    repo.write(
        "hxgm30-client",
        &[
            line("hxgm30-client", "0.3.0-alpha.0", 'c', false),
            line("hxgm30-client", "0.3.0-alpha.01", 'd', false),
            line("hxgm30-client", "0.3.0-alpha.1", 'f', false),
        ],
    );
    repo.commit("strict versions beside them");
    let report = sync(&db, &repo.source(None)).await;
    assert_eq!(report.stats.versions_added, 2);
    assert_eq!(
        latest(&db, "bluetooth_client").await.as_deref(),
        Some("0.0.1-2")
    );
    assert_eq!(
        latest(&db, "hxgm30-client").await.as_deref(),
        Some("0.3.0-alpha.1")
    );
    assert!(
        marks(&db)
            .await
            .contains(&mark("hxgm30-client", "0.3.0-alpha.1", false))
    );

    // Yanking the lenient version follows the index like any other.
    repo.write(
        "bluetooth_client",
        &[
            line("bluetooth_client", "0.0.1-0", 'a', false),
            line("bluetooth_client", "0.0.1-001", 'b', true),
        ],
    );
    repo.commit("0.0.1-2 gone, 0.0.1-001 yanked");
    sync(&db, &repo.source(None)).await;
    assert_eq!(
        latest(&db, "bluetooth_client").await.as_deref(),
        Some("0.0.1-0")
    );
    assert!(
        view(&db)
            .await
            .contains(&row("bluetooth_client", "0.0.1-001", 'b', true))
    );
}

#[tokio::test]
async fn a_line_that_is_no_version_at_all_is_still_refused_and_recorded() {
    let db = test_database().await;
    let repo = IndexRepo::new();
    repo.write(
        "krate",
        &[
            line("krate", "not-semver", 'a', false),
            line("krate", "01.0.0", 'b', false),
            line("krate", "1.0.0-a..01", 'c', false),
            line("krate", "1.0.0-alpha.01", 'd', false),
            line("krate", "1.0", 'e', false),
        ],
    );
    repo.commit("mostly not versions");

    let report = sync(&db, &repo.source(None)).await;
    assert_eq!(report.stats.entries_rejected, 4);
    assert_eq!(
        marks(&db).await,
        vec![mark("krate", "1.0.0-alpha.01", true)]
    );
    assert_eq!(
        latest(&db, "krate").await.as_deref(),
        Some("1.0.0-alpha.01")
    );

    let client = db.database().client().await.unwrap();
    let recorded = registry_sync::rejection_list_by_pass()
        .bind(&client, &report.pass_id)
        .all()
        .await
        .unwrap();
    let refused: Vec<(i32, Option<&str>)> = recorded
        .iter()
        .map(|rejection| (rejection.line_number, rejection.version.as_deref()))
        .collect();
    assert_eq!(
        refused,
        [
            (1, Some("not-semver")),
            (2, Some("01.0.0")),
            (3, Some("1.0.0-a..01")),
            (5, Some("1.0")),
        ]
    );
    for rejection in &recorded {
        assert!(
            rejection.reason.contains("is not semver"),
            "{}",
            rejection.reason
        );
    }
    assert!(
        recorded[1].reason.contains("leading zero in major"),
        "{}",
        recorded[1].reason
    );
}
