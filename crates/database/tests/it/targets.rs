//! Targets: add, list, enable and disable by name.

use buildsrs_database::temp::TestDatabase;
use buildsrs_database::{Error, targets};

#[tokio::test]
async fn targets_are_listed_by_name_with_their_switch() {
    let test = TestDatabase::new().await.unwrap();
    let client = test.database().client().await.unwrap();
    targets::add(&client, "x86_64-unknown-linux-gnu", true)
        .await
        .unwrap();
    targets::add(&client, "aarch64-apple-darwin", false)
        .await
        .unwrap();
    targets::set_enabled(&client, "aarch64-apple-darwin", true)
        .await
        .unwrap();
    targets::set_enabled(&client, "x86_64-unknown-linux-gnu", false)
        .await
        .unwrap();

    let listed: Vec<_> = targets::list(&client)
        .await
        .unwrap()
        .into_iter()
        .map(|target| (target.name, target.enabled))
        .collect();
    assert_eq!(
        listed,
        [
            ("aarch64-apple-darwin".to_owned(), true),
            ("x86_64-unknown-linux-gnu".to_owned(), false)
        ]
    );
}

#[tokio::test]
async fn a_target_name_is_taken_once() {
    let test = TestDatabase::new().await.unwrap();
    let client = test.database().client().await.unwrap();
    targets::add(&client, "wasm32-wasip1", true).await.unwrap();
    let error = targets::add(&client, "wasm32-wasip1", false)
        .await
        .unwrap_err();
    assert!(
        matches!(&error, Error::DuplicateTarget(name) if name == "wasm32-wasip1"),
        "{error:?}"
    );
    assert!(
        targets::list(&client).await.unwrap()[0].enabled,
        "the first one is unchanged"
    );
}

#[tokio::test]
async fn a_name_that_is_not_a_target_triple_is_refused_before_reaching_the_server() {
    let test = TestDatabase::new().await.unwrap();
    let client = test.database().client().await.unwrap();
    for name in [
        "",
        "X86_64-unknown-linux-gnu",
        "x86_64 linux",
        "-x86",
        &"a".repeat(129),
    ] {
        let error = targets::add(&client, name, true).await.unwrap_err();
        assert!(
            matches!(error, Error::InvalidTarget(_)),
            "{name:?}: {error:?}"
        );
    }
    assert!(targets::list(&client).await.unwrap().is_empty());
}

#[tokio::test]
async fn switching_an_unknown_target_is_an_error() {
    let test = TestDatabase::new().await.unwrap();
    let client = test.database().client().await.unwrap();
    let error = targets::set_enabled(&client, "nope-nope-nope", true)
        .await
        .unwrap_err();
    assert!(
        matches!(&error, Error::UnknownTarget(name) if name == "nope-nope-nope"),
        "{error:?}"
    );
}
