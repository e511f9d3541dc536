//! Git passes on real repositories: full, incremental over several commits,
//! and each rule of the mirror's semantics.

use buildsrs_database::queries::queries::{crates, registry_sync};
use buildsrs_registry_sync::passes::PassKind;
use buildsrs_registry_sync::reconcile::{Batch, FileChange, apply_batch};
use buildsrs_registry_sync::{BatchLimits, SyncOptions};

use crate::baselines::VersionUpsert;
use crate::{IndexRepo, latest, line, row, sync, sync_with, test_database, view};

#[tokio::test]
async fn full_sync_of_the_fixtures_mirrors_every_valid_entry() {
    let db = test_database().await;
    let repo = IndexRepo::from_fixtures();
    let report = sync(&db, &repo.source(None)).await;
    assert_eq!(report.kind, PassKind::GitFull);
    assert_eq!(report.stats.crate_files, 5);
    assert_eq!(report.stats.crates_added, 5);
    assert_eq!(report.stats.versions_added, 11);
    assert_eq!(report.stats.entries_rejected, 4);
    assert_eq!(report.stats.entries_duplicated, 1);
    assert_eq!(
        view(&db).await,
        vec![
            row("a", "0.1.0", 'e', false),
            row("ab", "0.1.0", 'f', false),
            row("ab", "0.2.0", '0', false),
            row("bad-lines", "1.0.0", '1', false),
            row("bad-lines", "1.0.4", '4', false),
            row("log", "0.4.0", '2', false),
            row("log", "0.4.1", '3', false),
            row("serde", "1.0.0", 'a', false),
            row("serde", "1.0.1", 'b', false),
            row("serde", "1.1.0", 'd', true),
            row("serde", "2.0.0-alpha.1", 'c', false),
        ]
    );
    // Rejections and the duplicate are recorded on the pass.
    let client = db.database().client().await.unwrap();
    let recorded = registry_sync::rejection_list_by_pass()
        .bind(&client, &report.pass_id)
        .all()
        .await
        .unwrap();
    assert_eq!(recorded.len(), 5);
    assert!(
        recorded
            .iter()
            .any(|r| r.crate_file == "log" && r.reason.contains("later line wins"))
    );
}

#[tokio::test]
async fn latest_version_prefers_the_highest_unyanked_release() {
    let db = test_database().await;
    let repo = IndexRepo::from_fixtures();
    sync(&db, &repo.source(None)).await;
    assert_eq!(latest(&db, "serde").await.as_deref(), Some("1.0.1"));

    // Only pre-releases left: the highest pre-release.
    repo.write(
        "serde",
        &[
            line("serde", "2.0.0-alpha.1", 'c', false),
            line("serde", "2.0.0-beta.1", '5', false),
        ],
    );
    repo.commit("only pre-releases");
    sync(&db, &repo.source(None)).await;
    assert_eq!(latest(&db, "serde").await.as_deref(), Some("2.0.0-beta.1"));

    // Everything yanked: none.
    repo.write(
        "serde",
        &[
            line("serde", "2.0.0-alpha.1", 'c', true),
            line("serde", "2.0.0-beta.1", '5', true),
        ],
    );
    repo.commit("all yanked");
    let report = sync(&db, &repo.source(None)).await;
    assert_eq!(report.stats.crates_updated, 1);
    assert_eq!(latest(&db, "serde").await, None);
}

#[tokio::test]
async fn incremental_passes_over_several_commits_read_only_changed_files() {
    let db = test_database().await;
    let repo = IndexRepo::new();
    repo.write("alpha", &[line("alpha", "1.0.0", 'a', false)]);
    repo.write("beta", &[line("beta", "1.0.0", 'b', false)]);
    repo.write("gamma", &[line("gamma", "1.0.0", 'c', false)]);
    repo.commit("three crates");
    assert_eq!(sync(&db, &repo.source(None)).await.stats.crate_files, 3);

    // Commit 2: a publish and a yank in alpha.
    repo.write(
        "alpha",
        &[
            line("alpha", "1.0.0", 'a', true),
            line("alpha", "1.1.0", 'd', false),
        ],
    );
    let second = repo.commit("publish and yank");
    // Commit 3: the yank is undone, beta is gone, delta arrives.
    repo.write(
        "alpha",
        &[
            line("alpha", "1.0.0", 'a', false),
            line("alpha", "1.1.0", 'd', false),
        ],
    );
    repo.remove("beta");
    repo.write("delta", &[line("delta", "0.1.0", 'e', false)]);
    let third = repo.commit("unyank, remove, add");

    // Two commits in one window: yank then unyank leaves it unyanked.
    let report = sync(&db, &repo.source(None)).await;
    assert_eq!(report.kind, PassKind::GitIncremental);
    assert_eq!(report.revision.as_deref(), Some(third.as_str()));
    assert_eq!(report.stats.crate_files, 2, "alpha and delta; beta is gone");
    assert_eq!(report.stats.versions_added, 2);
    assert_eq!(report.stats.crates_removed, 1);
    assert_eq!(report.stats.versions_removed, 1);
    assert_eq!(
        report.stats.versions_yanked + report.stats.versions_unyanked,
        0
    );
    assert_eq!(
        view(&db).await,
        vec![
            row("alpha", "1.0.0", 'a', false),
            row("alpha", "1.1.0", 'd', false),
            row("delta", "0.1.0", 'e', false),
            row("gamma", "1.0.0", 'c', false),
        ]
    );

    // Going back to commit 2 (a rewind is just another diff).
    let report = sync(&db, &repo.source(Some(&second))).await;
    assert_eq!(report.stats.versions_yanked, 1);
    assert_eq!(report.stats.crates_restored, 1);
    assert_eq!(report.stats.versions_restored, 1);
    assert_eq!(report.stats.crates_removed, 1, "delta");
    assert_eq!(
        view(&db).await,
        vec![
            row("alpha", "1.0.0", 'a', true),
            row("alpha", "1.1.0", 'd', false),
            row("beta", "1.0.0", 'b', false),
            row("gamma", "1.0.0", 'c', false),
        ]
    );
}

#[tokio::test]
async fn a_pass_at_the_synced_revision_reads_nothing() {
    let db = test_database().await;
    let repo = IndexRepo::from_fixtures();
    sync(&db, &repo.source(None)).await;
    let report = sync(&db, &repo.source(None)).await;
    assert_eq!(report.kind, PassKind::GitIncremental);
    assert_eq!(report.stats, Default::default());
}

#[tokio::test]
async fn yanked_version_is_unyanked_when_the_index_says_so() {
    let db = test_database().await;
    let repo = IndexRepo::new();
    repo.write("krate", &[line("krate", "1.0.0", 'a', true)]);
    repo.commit("yanked");
    sync(&db, &repo.source(None)).await;
    assert_eq!(view(&db).await, vec![row("krate", "1.0.0", 'a', true)]);
    repo.write("krate", &[line("krate", "1.0.0", 'a', false)]);
    repo.commit("unyanked");
    let report = sync(&db, &repo.source(None)).await;
    assert_eq!(report.stats.versions_unyanked, 1);
    assert_eq!(view(&db).await, vec![row("krate", "1.0.0", 'a', false)]);
}

#[tokio::test]
async fn a_changed_checksum_is_refused_and_the_stored_row_kept() {
    let db = test_database().await;
    let repo = IndexRepo::new();
    repo.write("krate", &[line("krate", "1.0.0", 'a', false)]);
    repo.commit("original");
    sync(&db, &repo.source(None)).await;
    repo.write(
        "krate",
        &[
            line("krate", "1.0.0", 'b', true),
            line("krate", "1.0.1", 'c', false),
        ],
    );
    repo.commit("checksum changed");
    let report = sync(&db, &repo.source(None)).await;
    assert_eq!(report.stats.entries_rejected, 1);
    assert_eq!(report.stats.versions_added, 1);
    assert_eq!(
        view(&db).await,
        vec![
            row("krate", "1.0.0", 'a', false),
            row("krate", "1.0.1", 'c', false)
        ]
    );
    let client = db.database().client().await.unwrap();
    let recorded = registry_sync::rejection_list_by_pass()
        .bind(&client, &report.pass_id)
        .all()
        .await
        .unwrap();
    assert_eq!(recorded[0].version.as_deref(), Some("1.0.0"));
    assert!(
        recorded[0].reason.contains("differs from the stored"),
        "{}",
        recorded[0].reason
    );
}

#[tokio::test]
async fn a_removed_version_leaves_the_view_and_is_restored_when_it_returns() {
    let db = test_database().await;
    let repo = IndexRepo::new();
    repo.write(
        "krate",
        &[
            line("krate", "1.0.0", 'a', false),
            line("krate", "1.0.1", 'b', false),
        ],
    );
    repo.commit("two");
    sync(&db, &repo.source(None)).await;
    repo.write("krate", &[line("krate", "1.0.0", 'a', false)]);
    repo.commit("one");
    let report = sync(&db, &repo.source(None)).await;
    assert_eq!(report.stats.versions_removed, 1);
    assert_eq!(view(&db).await, vec![row("krate", "1.0.0", 'a', false)]);
    assert_eq!(latest(&db, "krate").await.as_deref(), Some("1.0.0"));
    repo.write(
        "krate",
        &[
            line("krate", "1.0.0", 'a', false),
            line("krate", "1.0.1", 'b', false),
        ],
    );
    repo.commit("two again");
    let report = sync(&db, &repo.source(None)).await;
    assert_eq!(report.stats.versions_restored, 1);
    assert_eq!(report.stats.versions_added, 0);
    assert_eq!(view(&db).await.len(), 2);
    assert_eq!(latest(&db, "krate").await.as_deref(), Some("1.0.1"));
}

#[tokio::test]
async fn a_full_pass_removes_crates_its_commit_lacks() {
    let db = test_database().await;
    let first = IndexRepo::new();
    first.write("kept", &[line("kept", "1.0.0", 'a', false)]);
    first.write("dropped", &[line("dropped", "1.0.0", 'b', false)]);
    first.commit("first index");
    sync(&db, &first.source(None)).await;
    // Another repository: no diff applies, so a full pass.
    let second = IndexRepo::new();
    second.write("kept", &[line("kept", "1.0.0", 'a', false)]);
    second.commit("second index");
    let report = sync(&db, &second.source(None)).await;
    assert_eq!(report.kind, PassKind::GitFull);
    assert_eq!(report.stats.crates_removed, 1);
    assert_eq!(report.stats.versions_removed, 1);
    assert_eq!(view(&db).await, vec![row("kept", "1.0.0", 'a', false)]);
    // The first source's revision was forgotten: its next pass is full too.
    assert_eq!(sync(&db, &first.source(None)).await.kind, PassKind::GitFull);
    assert_eq!(view(&db).await.len(), 2);
}

#[tokio::test]
async fn a_squashed_index_whose_synced_commit_is_gone_gets_a_full_pass() {
    let db = test_database().await;
    let repo = IndexRepo::new();
    repo.write("old", &[line("old", "1.0.0", 'a', false)]);
    repo.commit("before the squash");
    sync(&db, &repo.source(None)).await;
    // Replace the history with an unrelated root commit and drop the old one.
    repo.git(&["checkout", "--quiet", "--orphan", "squashed"]);
    repo.remove("old");
    repo.write("new", &[line("new", "1.0.0", 'b', false)]);
    repo.commit("squashed");
    repo.git(&["branch", "-D", "master"]);
    repo.git(&["reflog", "expire", "--expire=now", "--all"]);
    repo.git(&["gc", "--quiet", "--prune=now"]);
    let report = sync(&db, &repo.source(None)).await;
    assert_eq!(report.kind, PassKind::GitFull);
    assert_eq!(view(&db).await, vec![row("new", "1.0.0", 'b', false)]);
}

#[tokio::test]
async fn small_batches_give_the_same_mirror_as_one_batch() {
    let db = test_database().await;
    let repo = IndexRepo::from_fixtures();
    let options = SyncOptions {
        limits: BatchLimits {
            files: 1,
            entries: 2,
        },
        progress: false,
    };
    let report = sync_with(&db, &repo.source(None), &options).await;
    assert_eq!(report.stats.versions_added, 11);
    assert_eq!(view(&db).await.len(), 11);
}

#[tokio::test]
async fn an_interrupted_pass_converges_on_the_next_run() {
    let db = test_database().await;
    let repo = IndexRepo::new();
    repo.write("one", &[line("one", "1.0.0", 'a', false)]);
    let first = repo.commit("one crate");
    sync(&db, &repo.source(None)).await;
    repo.write(
        "one",
        &[
            line("one", "1.0.0", 'a', true),
            line("one", "1.0.1", 'b', false),
        ],
    );
    repo.write("two", &[line("two", "2.0.0", 'c', false)]);
    repo.commit("two crates");
    // A crash after one batch of the next pass committed: the batch is in,
    // the revision still says `first`.
    let mut client = db.database().client().await.unwrap();
    let pass_id = registry_sync::pass_start()
        .bind(
            &client,
            &1_i64,
            &PassKind::GitIncremental,
            &Some(first.as_str()),
            &None::<&str>,
        )
        .one()
        .await
        .unwrap();
    let content = buildsrs_registry_sync::crate_file::CrateFile::parse(
        "two",
        (line("two", "2.0.0", 'c', false) + "\n").as_bytes(),
    );
    let batch = Batch {
        changes: vec![FileChange {
            file: "two".to_owned(),
            content: Some(content),
        }],
        sparse_validators: Vec::new(),
    };
    apply_batch(&mut client, pass_id, &batch).await.unwrap();
    drop(client);
    // The rerun diffs from `first` again and reconciles both files whole.
    let report = sync(&db, &repo.source(None)).await;
    assert_eq!(report.stats.versions_added, 1, "only one.1.0.1 is new");
    assert_eq!(report.stats.crates_added, 0);
    assert_eq!(report.stats.versions_yanked, 1);
    assert_eq!(
        view(&db).await,
        vec![
            row("one", "1.0.0", 'a', true),
            row("one", "1.0.1", 'b', false),
            row("two", "2.0.0", 'c', false)
        ]
    );
}

#[tokio::test]
async fn a_git_bundle_is_mirrored_and_synced_like_a_repository() {
    let db = test_database().await;
    let mirrors = tempfile::tempdir().unwrap();
    let bundle = crate::workspace_root().join("fixtures/registry-index.bundle");
    let source = buildsrs_registry_sync::GitSource {
        location: bundle.display().to_string(),
        rev: None,
        mirror_dir: mirrors.path().to_owned(),
    };
    assert!(source.is_remote(), "a bundle is fetched into a mirror");

    let from_bundle = sync(&db, &source).await;
    assert_eq!(from_bundle.kind, PassKind::GitFull);
    assert_eq!(from_bundle.stats.versions_added, 11);
    let mirrored = view(&db).await;

    // The same rows as the fixture directory itself gives.
    let reference = test_database().await;
    sync(&reference, &IndexRepo::from_fixtures().source(None)).await;
    assert_eq!(mirrored, view(&reference).await);

    // A second pass fetches again and, the revision unchanged, reads nothing.
    let again = sync(&db, &source).await;
    assert_eq!(again.stats.crate_files, 0);
}

#[tokio::test]
async fn the_per_row_baseline_of_the_benchmark_writes_the_rows_a_sync_writes() {
    let synced = test_database().await;
    sync(&synced, &IndexRepo::from_fixtures().source(None)).await;
    let expected = view(&synced).await;

    let baseline = test_database().await;
    let client = baseline.database().client().await.unwrap();
    let version_upsert = VersionUpsert::prepare(&client).await.unwrap();
    for (name, version, checksum, yanked) in &expected {
        let krate = crates::crate_insert()
            .bind(&client, name)
            .one()
            .await
            .unwrap();
        let checksum = hex::decode(checksum).unwrap();
        version_upsert
            .run(&client, krate, version, &checksum, *yanked)
            .await
            .unwrap();
    }
    assert_eq!(view(&baseline).await, expected);
}
