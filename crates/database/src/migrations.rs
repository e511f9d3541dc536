//! Schema migrations: the numbered files of `schema/`, embedded at build time.
//!
//! Each file is applied in its own transaction and recorded in
//! `schema_migrations` with its SHA-256, so an applied file that was edited
//! later is refused. Migrators hold an advisory lock, so two started at once
//! run one after the other. Migration 0 creates the ledger itself and is
//! idempotent: it runs before the ledger is read.

use std::collections::BTreeMap;

use sha2::{Digest, Sha256};

use crate::queries::queries::{locks, migrations as ledger};
use crate::{Client, Error, LockKey};

/// Every migration this build knows, in version order.
pub static MIGRATIONS: &[Migration] = include!(concat!(env!("OUT_DIR"), "/migrations.rs"));

/// The schema version this build was made for: its newest migration.
pub fn schema_version() -> i32 {
    MIGRATIONS.last().map_or(0, |migration| migration.version)
}

/// One file of `schema/`.
#[derive(Debug)]
pub struct Migration {
    /// The number the file name starts with.
    pub version: i32,
    /// The rest of the file name, without `.sql`.
    pub name: &'static str,
    /// The file's text.
    pub sql: &'static str,
}

impl Migration {
    /// A migration from its parts; `build.rs` makes one per file.
    pub const fn new(version: i32, name: &'static str, sql: &'static str) -> Self {
        Self { version, name, sql }
    }

    /// SHA-256 of the file, as recorded in the ledger.
    pub fn checksum(&self) -> [u8; 32] {
        Sha256::digest(self.sql.as_bytes()).into()
    }
}

/// What one run of [`migrate`] did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Report {
    /// Versions applied by this run, in order.
    pub applied: Vec<i32>,
    /// The database's version afterwards.
    pub version: i32,
}

/// Where one migration stands in a database.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum State {
    /// Applied, and the file is unchanged.
    Applied {
        at: chrono::DateTime<chrono::FixedOffset>,
    },
    /// Known to this build, not applied yet.
    Pending,
    /// Applied, but the file has changed since.
    Edited,
    /// Applied by a newer build; this build has no such file.
    Unknown,
}

/// One line of [`status`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Status {
    pub version: i32,
    pub name: String,
    pub state: State,
}

/// Applies every pending migration, oldest first, each in a transaction of
/// its own, while holding the migrator lock. Refuses to start when an applied
/// file was edited or a new file is numbered below an applied one.
pub async fn migrate(client: &mut Client) -> Result<Report, Error> {
    migrate_with(client, MIGRATIONS).await
}

/// [`migrate`] with another list of migrations, which must start with this
/// build's migration 0. Tests use it to play an edited or a newer build.
pub async fn migrate_with(client: &mut Client, migrations: &[Migration]) -> Result<Report, Error> {
    assert_eq!(
        migrations[0].sql, MIGRATIONS[0].sql,
        "the list starts with the ledger migration"
    );
    let key = LockKey::Migrations.key();
    locks::advisory_lock().bind(client, &key).one().await?;
    let result = migrate_locked(client, migrations).await;
    // A failed unlock means the connection is gone, which releases it too.
    let _ = locks::advisory_unlock().bind(client, &key).one().await;
    result
}

async fn migrate_locked(client: &mut Client, migrations: &[Migration]) -> Result<Report, Error> {
    client.batch_execute(migrations[0].sql).await?;
    let applied = applied(client).await?;
    verify(migrations, &applied)?;

    let mut report = Report::default();
    for migration in migrations
        .iter()
        .filter(|migration| !applied.contains_key(&migration.version))
    {
        let failed = |source| Error::MigrationFailed {
            version: migration.version,
            name: migration.name.to_owned(),
            source,
        };
        let transaction = client.transaction().await.map_err(failed)?;
        transaction
            .batch_execute(migration.sql)
            .await
            .map_err(failed)?;
        ledger::migration_insert()
            .bind(
                &transaction,
                &migration.version,
                &migration.name,
                &migration.checksum().as_slice(),
            )
            .await
            .map_err(failed)?;
        transaction.commit().await.map_err(failed)?;
        tracing::info!(
            version = migration.version,
            name = migration.name,
            "applied migration"
        );
        report.applied.push(migration.version);
    }
    report.version = database_version(client).await?;
    Ok(report)
}

/// Every migration of this build and of the database, with where it stands.
pub async fn status(client: &Client) -> Result<Vec<Status>, Error> {
    let applied = if ledger::migrations_table_exists().bind(client).one().await? {
        applied(client).await?
    } else {
        BTreeMap::new()
    };
    let mut lines: Vec<Status> = MIGRATIONS
        .iter()
        .map(|migration| Status {
            version: migration.version,
            name: migration.name.to_owned(),
            state: match applied.get(&migration.version) {
                None => State::Pending,
                Some(row) if row.checksum != migration.checksum() => State::Edited,
                Some(row) => State::Applied { at: row.applied_at },
            },
        })
        .collect();
    for (version, row) in &applied {
        if !MIGRATIONS
            .iter()
            .any(|migration| migration.version == *version)
        {
            lines.push(Status {
                version: *version,
                name: row.name.clone(),
                state: State::Unknown,
            });
        }
    }
    lines.sort_by_key(|line| line.version);
    Ok(lines)
}

/// The database's schema version: its newest applied migration, 0 if none.
pub async fn database_version<C: crate::queries::client::GenericClient>(
    client: &C,
) -> Result<i32, Error> {
    if !ledger::migrations_table_exists().bind(client).one().await? {
        return Ok(0);
    }
    Ok(ledger::schema_version()
        .bind(client)
        .one()
        .await?
        .unwrap_or(0))
}

/// Fails with [`Error::SchemaOutdated`] unless the database is at `required`
/// or newer; returns the database's version.
pub async fn require_version(client: &Client, required: i32) -> Result<i32, Error> {
    let database = database_version(client).await?;
    if database < required {
        return Err(Error::SchemaOutdated { database, required });
    }
    Ok(database)
}

async fn applied(client: &Client) -> Result<BTreeMap<i32, ledger::MigrationList>, Error> {
    let rows = ledger::migration_list().bind(client).all().await?;
    Ok(rows.into_iter().map(|row| (row.version, row)).collect())
}

/// Refuses edited files and files numbered below the newest applied one.
fn verify(
    migrations: &[Migration],
    applied: &BTreeMap<i32, ledger::MigrationList>,
) -> Result<(), Error> {
    let newest = applied.keys().next_back().copied().unwrap_or(-1);
    for migration in migrations {
        match applied.get(&migration.version) {
            Some(row) if row.checksum != migration.checksum() => {
                return Err(Error::MigrationEdited {
                    version: migration.version,
                    name: migration.name.to_owned(),
                    recorded: hex::encode(&row.checksum),
                    current: hex::encode(migration.checksum()),
                });
            }
            None if migration.version < newest => {
                return Err(Error::MigrationOutOfOrder {
                    version: migration.version,
                    name: migration.name.to_owned(),
                    newest,
                });
            }
            _ => {}
        }
    }
    Ok(())
}
