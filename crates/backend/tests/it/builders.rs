//! Builders as the backend sees them: found by their key, heartbeats, and
//! claims gated by their switches and targets (set up as an operator does).

use buildsrs_backend::{BuilderId, Error, TaskKind};
use buildsrs_database::builders;

use crate::operator::Operator as _;
use crate::support::{Fixture, TARGET, key};

#[tokio::test]
async fn a_builder_registered_by_its_key_is_found_by_that_key() {
    let fixture = Fixture::new().await;
    let id = fixture
        .backend
        .register_builder(&key(1), "", true)
        .await
        .unwrap();

    let fingerprint = builders::fingerprint(&key(1));
    let found = fixture
        .backend
        .builder_key(&fingerprint)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(found.builder, id);
    assert!(found.enabled);
    assert_eq!(found.key.key_data(), key(1).key_data());
    let listed = fixture.backend.builders().await.unwrap().remove(0);
    assert_eq!(
        listed.comment, "key-1@buildsrs.test",
        "the key's comment is the default"
    );
    assert_eq!(listed.fingerprint, Some(fingerprint));
    let stranger = builders::fingerprint(&key(2));
    assert!(
        fixture
            .backend
            .builder_key(&stranger)
            .await
            .unwrap()
            .is_none()
    );

    let error = fixture
        .backend
        .register_builder(&key(1), "again", true)
        .await
        .unwrap_err();
    assert!(
        matches!(error, buildsrs_database::Error::DuplicateKey { .. }),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_disabled_builders_key_is_found_marked_disabled() {
    let fixture = Fixture::new().await;
    let id = fixture
        .backend
        .register_builder(&key(3), "", false)
        .await
        .unwrap();
    let found = fixture
        .backend
        .builder_key(&builders::fingerprint(&key(3)))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(found.builder, id);
    assert!(!found.enabled);
}

#[tokio::test]
async fn a_heartbeat_records_when_the_builder_was_last_seen() {
    let fixture = Fixture::new().await;
    let builder = fixture.add_builder(1).await;
    assert_eq!(
        fixture.backend.builders().await.unwrap()[0].last_heartbeat_at,
        None
    );

    fixture.backend.builder_heartbeat(builder).await.unwrap();
    assert!(
        fixture.backend.builders().await.unwrap()[0]
            .last_heartbeat_at
            .is_some()
    );

    let error = fixture
        .backend
        .builder_heartbeat(BuilderId(999))
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::UnknownBuilder(BuilderId(999))),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_disabled_or_unknown_builder_is_refused_a_claim() {
    let fixture = Fixture::new().await;
    fixture.add_version("serde", "1.0.0", false).await;
    fixture
        .backend
        .create_tasks(&[TaskKind::Binary])
        .await
        .unwrap();
    let builder = fixture.add_builder(1).await;
    fixture
        .backend
        .set_builder_enabled(builder, false)
        .await
        .unwrap();

    let error = fixture.backend.claim(builder).await.unwrap_err();
    assert!(
        matches!(error, Error::BuilderDisabled(id) if id == builder),
        "{error:?}"
    );
    let error = fixture.backend.claim(BuilderId(999)).await.unwrap_err();
    assert!(
        matches!(error, Error::UnknownBuilder(BuilderId(999))),
        "{error:?}"
    );
    let error = fixture
        .backend
        .set_builder_enabled(BuilderId(999), true)
        .await
        .unwrap_err();
    assert!(
        matches!(error, buildsrs_database::Error::UnknownBuilder(999)),
        "{error:?}"
    );

    fixture
        .backend
        .set_builder_enabled(builder, true)
        .await
        .unwrap();
    assert!(fixture.backend.claim(builder).await.unwrap().is_some());
}

#[tokio::test]
async fn a_builder_claims_only_for_targets_enabled_for_it_and_globally() {
    let fixture = Fixture::new().await;
    fixture
        .backend
        .add_target("aarch64-unknown-linux-gnu", true)
        .await
        .unwrap();
    fixture.add_version("serde", "1.0.0", false).await;
    fixture
        .backend
        .create_tasks(&[TaskKind::Binary])
        .await
        .unwrap();
    // Builds only the x86_64 target.
    let builder = fixture.add_builder(1).await;

    // Its target disabled for it: nothing, although aarch64 has work.
    fixture
        .backend
        .set_builder_target(builder, TARGET, false)
        .await
        .unwrap();
    assert_eq!(fixture.backend.claim(builder).await.unwrap(), None);

    // Enabled for it but disabled globally: nothing either.
    fixture
        .backend
        .set_builder_target(builder, TARGET, true)
        .await
        .unwrap();
    fixture
        .backend
        .set_target_enabled(TARGET, false)
        .await
        .unwrap();
    assert_eq!(fixture.backend.claim(builder).await.unwrap(), None);

    fixture
        .backend
        .set_target_enabled(TARGET, true)
        .await
        .unwrap();
    let job = fixture.backend.claim(builder).await.unwrap().unwrap();
    assert_eq!(job.target, TARGET);
    assert_eq!(
        fixture.backend.claim(builder).await.unwrap(),
        None,
        "the aarch64 task is not its"
    );

    let targets = fixture.backend.builder_targets(builder).await.unwrap();
    assert_eq!(targets.len(), 1);
    assert_eq!(targets[0].name, TARGET);
}
