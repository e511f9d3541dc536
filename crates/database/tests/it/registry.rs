//! The registry mirror's public contract: crate_versions_view.

use buildsrs_database::queries::queries::crates;
use buildsrs_database::temp::TestDatabase;

#[tokio::test]
async fn the_versions_view_lists_versions_with_lowercase_hex_checksums() {
    let test = TestDatabase::new().await.unwrap();
    let client = test.database().client().await.unwrap();
    let serde = crates::crate_insert()
        .bind(&client, &"Serde_Json")
        .one()
        .await
        .unwrap();
    let checksum: Vec<u8> = (0u8..32).map(|byte| byte * 7).collect();
    crates::crate_version_insert()
        .bind(&client, &serde, &"1.0.0-rc.1", &checksum, &true)
        .one()
        .await
        .unwrap();

    let rows = crates::crate_versions_view_list()
        .bind(&client)
        .all()
        .await
        .unwrap();
    assert_eq!(rows.len(), 1);
    let row = &rows[0];
    assert_eq!(
        (row.name.as_str(), row.version.as_str(), row.yanked),
        ("Serde_Json", "1.0.0-rc.1", true)
    );
    assert_eq!(row.checksum, hex::encode(&checksum));
    assert_eq!(row.checksum.len(), 64);
    assert!(
        row.checksum
            .chars()
            .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c))
    );
}

#[tokio::test]
async fn a_checksum_that_is_not_32_bytes_is_refused_by_the_schema() {
    let test = TestDatabase::new().await.unwrap();
    let client = test.database().client().await.unwrap();
    let krate = crates::crate_insert()
        .bind(&client, &"short")
        .one()
        .await
        .unwrap();
    let error = crates::crate_version_insert()
        .bind(&client, &krate, &"0.1.0", &[1u8; 31].as_slice(), &false)
        .one()
        .await
        .unwrap_err();
    assert_eq!(
        error.code(),
        Some(&tokio_postgres::error::SqlState::CHECK_VIOLATION)
    );
}

#[tokio::test]
async fn a_crate_name_outside_the_index_alphabet_is_refused_by_the_schema() {
    let test = TestDatabase::new().await.unwrap();
    let client = test.database().client().await.unwrap();
    for name in ["", "has space", "semi;colon", &"x".repeat(65)] {
        let error = crates::crate_insert()
            .bind(&client, &name)
            .one()
            .await
            .unwrap_err();
        assert_eq!(
            error.code(),
            Some(&tokio_postgres::error::SqlState::CHECK_VIOLATION),
            "{name:?}"
        );
    }
}
