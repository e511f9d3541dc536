//! Builders: registration by OpenSSH key, fingerprints, switches, targets.

use std::path::{Path, PathBuf};

use buildsrs_database::builders::{self, NewBuilder};
use buildsrs_database::temp::TestDatabase;
use buildsrs_database::{Error, targets};

/// A key file under the workspace's fixtures/keys.
pub fn key_file(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/keys")
        .join(name)
}

/// What `ssh-keygen -lf fixtures/keys/builder-a.pub` prints.
pub const BUILDER_A_FINGERPRINT: &str = "SHA256:LMbb91d61yrpmjPa5+Mhb1LS1L6JnKS563DxpGD9e5M";

#[tokio::test]
async fn a_registered_builder_is_found_by_its_keys_sha256_fingerprint() {
    let test = TestDatabase::new().await.unwrap();
    let mut client = test.database().client().await.unwrap();
    let builder = NewBuilder::from_key_file(&key_file("builder-a.pub")).unwrap();
    let id = builders::add(&mut client, &builder).await.unwrap();

    let found = builders::key_by_fingerprint(&client, BUILDER_A_FINGERPRINT)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(found.builder, id);
    assert_eq!(found.key.key_data(), builder.key.key_data());
    assert!(found.enabled);

    let sha512 = builder
        .key
        .fingerprint(ssh_key::HashAlg::Sha512)
        .to_string();
    assert!(sha512.starts_with("SHA512:"));
    assert_eq!(
        builders::key_by_fingerprint(&client, &sha512)
            .await
            .unwrap()
            .unwrap()
            .builder,
        id
    );
    let stranger = builders::fingerprint(
        &NewBuilder::from_key_file(&key_file("builder-b.pub"))
            .unwrap()
            .key,
    );
    assert!(
        builders::key_by_fingerprint(&client, &stranger)
            .await
            .unwrap()
            .is_none()
    );

    let listed = builders::list(&client).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].id, id);
    assert_eq!(listed[0].algorithm, "ssh-ed25519");
    assert_eq!(
        listed[0].comment, "builder-a@buildsrs.test",
        "the key's comment is the default"
    );
    assert_eq!(listed[0].last_heartbeat_at, None);
    assert_eq!(
        listed[0].fingerprint.as_deref(),
        Some(BUILDER_A_FINGERPRINT)
    );
}

#[tokio::test]
async fn a_key_registers_one_builder_only() {
    let test = TestDatabase::new().await.unwrap();
    let mut client = test.database().client().await.unwrap();
    let builder = NewBuilder::from_key_file(&key_file("builder-a.pub")).unwrap();
    let id = builders::add(&mut client, &builder).await.unwrap();

    let error = builders::add(&mut client, &builder).await.unwrap_err();
    assert!(
        matches!(&error, Error::DuplicateKey { builder } if *builder == id.to_string()),
        "{error:?}"
    );
    assert_eq!(
        builders::list(&client).await.unwrap().len(),
        1,
        "the failed attempt left nothing behind"
    );
}

#[tokio::test]
async fn a_file_that_is_not_a_public_key_is_refused_naming_the_file() {
    let path = key_file("not-a-key.pub");
    let error = NewBuilder::from_key_file(&path).unwrap_err();
    assert!(matches!(error, Error::InvalidPublicKey { .. }));
    assert!(error.to_string().contains("not-a-key.pub"), "{error}");
}

#[tokio::test]
async fn builders_are_enabled_disabled_and_commented_by_id() {
    let test = TestDatabase::new().await.unwrap();
    let mut client = test.database().client().await.unwrap();
    let mut builder = NewBuilder::from_key_file(&key_file("builder-b.pub")).unwrap();
    builder.comment = "rack 3".to_owned();
    builder.enabled = false;
    let id = builders::add(&mut client, &builder).await.unwrap();
    let get = |client| async move { builders::list(client).await.unwrap().remove(0) };
    assert_eq!(
        (get(&client).await.enabled, get(&client).await.comment),
        (false, "rack 3".to_owned())
    );

    builders::set_enabled(&client, id, true).await.unwrap();
    builders::set_comment(&client, id, "rack 4").await.unwrap();
    let builder = get(&client).await;
    assert_eq!(
        (builder.enabled, builder.comment.as_str()),
        (true, "rack 4")
    );

    let unknown = id + 1000;
    assert!(
        matches!(builders::set_enabled(&client, unknown, true).await, Err(Error::UnknownBuilder(n)) if n == unknown)
    );
    assert!(matches!(
        builders::set_comment(&client, unknown, "x").await,
        Err(Error::UnknownBuilder(_))
    ));
}

#[tokio::test]
async fn a_builder_builds_only_the_targets_it_was_given() {
    let test = TestDatabase::new().await.unwrap();
    let mut client = test.database().client().await.unwrap();
    let id = builders::add(
        &mut client,
        &NewBuilder::from_key_file(&key_file("builder-a.pub")).unwrap(),
    )
    .await
    .unwrap();
    targets::add(&client, "x86_64-unknown-linux-gnu", true)
        .await
        .unwrap();
    targets::add(&client, "aarch64-unknown-linux-gnu", false)
        .await
        .unwrap();
    assert!(builders::targets(&client, id).await.unwrap().is_empty());

    builders::set_target(&client, id, "x86_64-unknown-linux-gnu", true)
        .await
        .unwrap();
    builders::set_target(&client, id, "aarch64-unknown-linux-gnu", true)
        .await
        .unwrap();
    builders::set_target(&client, id, "x86_64-unknown-linux-gnu", false)
        .await
        .unwrap();
    let listed: Vec<_> = builders::targets(&client, id)
        .await
        .unwrap()
        .into_iter()
        .map(|target| (target.name, target.builder_enabled, target.target_enabled))
        .collect();
    assert_eq!(
        listed,
        [
            ("aarch64-unknown-linux-gnu".to_owned(), true, false),
            ("x86_64-unknown-linux-gnu".to_owned(), false, true),
        ]
    );

    let error = builders::set_target(&client, id, "mips-unknown-none", true)
        .await
        .unwrap_err();
    assert!(
        matches!(&error, Error::UnknownTarget(name) if name == "mips-unknown-none"),
        "{error:?}"
    );
    let error = builders::set_target(&client, id + 1, "x86_64-unknown-linux-gnu", true)
        .await
        .unwrap_err();
    assert!(matches!(error, Error::UnknownBuilder(_)), "{error:?}");
}

/// What `ssh-keygen -lf` prints for the RSA and P-521 fixtures.
const BUILDER_RSA_FINGERPRINT: &str = "SHA256:yu2W0Z/3QXG400clQc6zihkRTuTWQo2hegKfYh//8qY";
const BUILDER_P521_FINGERPRINT: &str = "SHA256:zH5P7DWMeuK1NgEo5kWvjzSfiGU9Y5oCmyqe4/4e5aQ";

#[tokio::test]
async fn rsa_and_p521_keys_register_builders_found_by_their_fingerprints() {
    let test = TestDatabase::new().await.unwrap();
    let mut client = test.database().client().await.unwrap();
    for (file, fingerprint, algorithm) in [
        ("builder-rsa.pub", BUILDER_RSA_FINGERPRINT, "ssh-rsa"),
        (
            "builder-p521.pub",
            BUILDER_P521_FINGERPRINT,
            "ecdsa-sha2-nistp521",
        ),
    ] {
        let builder = NewBuilder::from_key_file(&key_file(file)).unwrap();
        let id = builders::add(&mut client, &builder).await.unwrap();
        let found = builders::key_by_fingerprint(&client, fingerprint)
            .await
            .unwrap()
            .unwrap_or_else(|| panic!("{file} is found by {fingerprint}"));
        assert_eq!(
            (found.builder, found.key.algorithm().to_string().as_str()),
            (id, algorithm)
        );
    }
    assert_eq!(builders::list(&client).await.unwrap().len(), 2);
}

#[tokio::test]
async fn a_dsa_key_is_refused_naming_the_file_and_saying_dsa_is_not_supported() {
    let path = key_file("builder-dsa.pub");
    let error = NewBuilder::from_key_file(&path).unwrap_err();
    assert!(matches!(error, Error::UnsupportedKey { .. }), "{error:?}");
    let message = error.to_string();
    assert!(message.contains("builder-dsa.pub"), "{message}");
    assert!(
        message.contains("DSA keys (ssh-dss) are not supported"),
        "{message}"
    );

    // A key that did not come from a file is refused as well, by its
    // fingerprint, and nothing is written.
    let test = TestDatabase::new().await.unwrap();
    let mut client = test.database().client().await.unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let key = ssh_key::PublicKey::from_openssh(text.trim()).unwrap();
    let builder = NewBuilder {
        key,
        comment: String::new(),
        enabled: true,
    };
    let error = builders::add(&mut client, &builder).await.unwrap_err();
    assert!(matches!(error, Error::UnsupportedKey { .. }), "{error:?}");
    assert!(error.to_string().starts_with("SHA256:"), "{error}");
    assert!(builders::list(&client).await.unwrap().is_empty());
}

#[tokio::test]
async fn an_rsa_key_under_2048_bits_is_refused_naming_its_size() {
    let error = NewBuilder::from_key_file(&key_file("builder-rsa-1024.pub")).unwrap_err();
    assert!(matches!(error, Error::UnsupportedKey { .. }), "{error:?}");
    let message = error.to_string();
    assert!(message.contains("builder-rsa-1024.pub"), "{message}");
    assert!(message.contains("1024 bits"), "{message}");
}
