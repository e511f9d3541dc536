//! Migrations: order, idempotence, edited and out-of-order files, failure
//! rollback, concurrent migrators and the services' version check.
//!
//! The migrations of imaginary builds (a newer one, a broken one) are files
//! in `migration_files/`: test data for the migrator, not statements the
//! code runs.

use buildsrs_database::Error;
use buildsrs_database::migrations::{self, MIGRATIONS, Migration, State};
use buildsrs_database::temp::TestDatabase;

/// This build's migrations followed by `extra`.
fn with_extra(extra: &[Migration]) -> Vec<Migration> {
    MIGRATIONS
        .iter()
        .map(|migration| Migration::new(migration.version, migration.name, migration.sql))
        .chain(
            extra
                .iter()
                .map(|migration| Migration::new(migration.version, migration.name, migration.sql)),
        )
        .collect()
}

#[tokio::test]
async fn migrating_an_empty_database_applies_every_migration_in_order() {
    let test = TestDatabase::empty().await.unwrap();
    let report = test.database().migrate().await.unwrap();
    let all: Vec<i32> = MIGRATIONS
        .iter()
        .map(|migration| migration.version)
        .collect();
    assert_eq!(report.applied, all);
    assert_eq!(report.version, migrations::schema_version());

    let client = test.database().client().await.unwrap();
    let status = migrations::status(&client).await.unwrap();
    assert_eq!(status.len(), MIGRATIONS.len());
    assert!(
        status
            .iter()
            .all(|line| matches!(line.state, State::Applied { .. }))
    );
}

#[tokio::test]
async fn an_empty_database_is_at_version_zero_with_everything_pending() {
    let test = TestDatabase::empty().await.unwrap();
    let client = test.database().client().await.unwrap();
    assert_eq!(migrations::database_version(&client).await.unwrap(), 0);
    let status = migrations::status(&client).await.unwrap();
    assert!(status.iter().all(|line| line.state == State::Pending));
}

#[tokio::test]
async fn migrating_a_migrated_database_applies_nothing() {
    let test = TestDatabase::new().await.unwrap();
    let report = test.database().migrate().await.unwrap();
    assert_eq!(report.applied, Vec::<i32>::new());
    assert_eq!(report.version, migrations::schema_version());
}

#[tokio::test]
async fn an_applied_migration_that_was_edited_is_refused_naming_it() {
    let test = TestDatabase::new().await.unwrap();
    let mut edited = with_extra(&[]);
    let last = edited.len() - 1;
    let original = &MIGRATIONS[last];
    let sql: &'static str = format!("{}\n-- an innocent-looking edit\n", original.sql).leak();
    edited[last] = Migration::new(original.version, original.name, sql);
    let extra = Migration::new(
        9000,
        "never_applied",
        include_str!("migration_files/9000_never_applied.sql"),
    );
    edited.push(extra);

    let mut client = test.database().client().await.unwrap();
    let error = migrations::migrate_with(&mut client, &edited)
        .await
        .unwrap_err();
    match &error {
        Error::MigrationEdited { version, name, .. } => {
            assert_eq!(*version, original.version);
            assert_eq!(name, original.name);
        }
        other => panic!("expected MigrationEdited, got {other:?}"),
    }
    assert!(error.to_string().contains(original.name));
    // Nothing after the check ran: the new migration was not applied.
    assert_eq!(
        migrations::database_version(&client).await.unwrap(),
        migrations::schema_version()
    );
}

#[tokio::test]
async fn a_new_migration_numbered_below_the_newest_applied_one_is_refused() {
    let test = TestDatabase::new().await.unwrap();
    let mut client = test.database().client().await.unwrap();
    let newer = [Migration::new(
        9100,
        "newer",
        include_str!("migration_files/9100_newer.sql"),
    )];
    migrations::migrate_with(&mut client, &with_extra(&newer))
        .await
        .unwrap();

    let late = [
        Migration::new(9050, "late", include_str!("migration_files/9050_late.sql")),
        Migration::new(
            9100,
            "newer",
            include_str!("migration_files/9100_newer.sql"),
        ),
    ];
    let error = migrations::migrate_with(&mut client, &with_extra(&late))
        .await
        .unwrap_err();
    assert!(
        matches!(
            error,
            Error::MigrationOutOfOrder {
                version: 9050,
                newest: 9100,
                ..
            }
        ),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_failing_migration_is_rolled_back_and_not_recorded() {
    let test = TestDatabase::new().await.unwrap();
    let mut client = test.database().client().await.unwrap();
    let broken = [Migration::new(
        9200,
        "broken",
        include_str!("migration_files/9200_broken.sql"),
    )];
    let error = migrations::migrate_with(&mut client, &with_extra(&broken))
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::MigrationFailed { version: 9200, .. }),
        "{error:?}"
    );
    assert_eq!(
        migrations::database_version(&client).await.unwrap(),
        migrations::schema_version()
    );

    // The table the migration created went with its transaction: applying a
    // fixed version creates it afresh.
    let fixed = [Migration::new(
        9200,
        "broken",
        include_str!("migration_files/9200_fixed.sql"),
    )];
    let report = migrations::migrate_with(&mut client, &with_extra(&fixed))
        .await
        .unwrap();
    assert_eq!(report.applied, vec![9200]);
}

#[tokio::test]
async fn concurrent_migrators_apply_each_migration_exactly_once() {
    let test = TestDatabase::empty().await.unwrap();
    let mut migrators = Vec::new();
    for _ in 0..4 {
        let database = test.database().clone();
        migrators.push(tokio::spawn(async move { database.migrate().await }));
    }
    let mut applied = Vec::new();
    for migrator in migrators {
        applied.extend(migrator.await.unwrap().unwrap().applied);
    }
    applied.sort();
    let all: Vec<i32> = MIGRATIONS
        .iter()
        .map(|migration| migration.version)
        .collect();
    assert_eq!(
        applied, all,
        "every migration applied once, by one of the migrators"
    );
}

#[tokio::test]
async fn a_service_refuses_a_database_older_than_it_was_built_for() {
    let test = TestDatabase::empty().await.unwrap();
    let mut client = test.database().client().await.unwrap();
    let old: Vec<Migration> = MIGRATIONS[..2]
        .iter()
        .map(|migration| Migration::new(migration.version, migration.name, migration.sql))
        .collect();
    migrations::migrate_with(&mut client, &old).await.unwrap();

    let required = migrations::schema_version();
    let error = test.database().require_schema(required).await.unwrap_err();
    let Error::SchemaOutdated {
        database,
        required: needed,
    } = error
    else {
        panic!("expected SchemaOutdated, got {error:?}");
    };
    assert_eq!((database, needed), (MIGRATIONS[1].version, required));
    let error = Error::SchemaOutdated {
        database,
        required: needed,
    };
    let message = error.to_string();
    assert!(
        message.contains(&database.to_string()) && message.contains(&required.to_string()),
        "{message}"
    );
}

#[tokio::test]
async fn a_service_accepts_a_database_newer_than_it_was_built_for() {
    let test = TestDatabase::new().await.unwrap();
    let mut client = test.database().client().await.unwrap();
    let newer = [Migration::new(
        9300,
        "from_the_future",
        include_str!("migration_files/9300_from_the_future.sql"),
    )];
    migrations::migrate_with(&mut client, &with_extra(&newer))
        .await
        .unwrap();

    let version = test
        .database()
        .require_schema(migrations::schema_version())
        .await
        .unwrap();
    assert_eq!(version, 9300);
    let status = migrations::status(&client).await.unwrap();
    let last = status.last().unwrap();
    assert_eq!((last.version, &last.state), (9300, &State::Unknown));
    // And this build's migrate leaves the newer migration alone.
    assert_eq!(
        test.database().migrate().await.unwrap().applied,
        Vec::<i32>::new()
    );
}
