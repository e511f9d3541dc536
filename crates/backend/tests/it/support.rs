//! What the tests share: a backend on a database of its own, and helpers to
//! add versions, builders and claimed jobs.

use std::time::Duration;

use buildsrs_backend::{
    ArtifactId, Backend, BuilderId, Config, CrateVersionId, Error, JobId, TaskKind,
};
use buildsrs_database::Database;
use buildsrs_database::queries::queries::{crates, registry_sync};
use chrono::NaiveDate;

use crate::operator::Operator as _;
use crate::seed::{self, NewVersion};
use buildsrs_database::queries::types::{RegistryPassKind, RegistrySourceKind};
use buildsrs_database::temp::TestDatabase;
use ssh_key::PublicKey;
use ssh_key::public::{Ed25519PublicKey, KeyData};

/// The target every helper uses.
pub const TARGET: &str = "x86_64-unknown-linux-gnu";

/// A test database with a backend on it.
pub struct Fixture {
    pub test: TestDatabase,
    pub backend: Backend,
}

impl Fixture {
    /// A fresh database with one enabled target, [`TARGET`], and a backend
    /// with a one-minute lease.
    pub async fn new() -> Self {
        Self::with_config(Config {
            lease: Duration::from_secs(60),
            ..Config::default()
        })
        .await
    }

    /// A fresh database with [`TARGET`] and a backend with `config`.
    pub async fn with_config(config: Config) -> Self {
        let test = TestDatabase::new().await.unwrap();
        let backend = Backend::new(test.database().clone(), config);
        backend.add_target(TARGET, true).await.unwrap();
        Self { test, backend }
    }

    /// A second backend on the same database with other settings.
    pub fn backend_with(&self, config: Config) -> Backend {
        Backend::new(self.test.database().clone(), config)
    }

    /// Adds a crate (if new) and a version of it; returns the version's id.
    pub async fn add_version(&self, krate: &str, version: &str, yanked: bool) -> CrateVersionId {
        let client = self.test.database().client().await.unwrap();
        let crate_id = crates::crate_insert()
            .bind(&client, &krate)
            .one()
            .await
            .unwrap();
        let checksum = [7u8; 32].to_vec();
        let id = crates::crate_version_insert()
            .bind(&client, &crate_id, &version, &checksum, &yanked)
            .one()
            .await
            .unwrap();
        CrateVersionId(id)
    }

    /// Adds `count` versions of crate `krate`; returns their ids in order.
    pub async fn add_versions(&self, krate: &str, count: usize) -> Vec<CrateVersionId> {
        add_versions(self.test.database(), krate, count).await
    }

    /// Marks versions removed from the index, as registry-sync does.
    pub async fn remove_versions(&self, versions: &[CrateVersionId]) {
        let client = self.test.database().client().await.unwrap();
        let ids: Vec<i64> = versions.iter().map(|version| version.0).collect();
        registry_sync::crate_version_set_removed_many()
            .bind(&client, &ids)
            .all()
            .await
            .unwrap();
    }

    /// Yanks or unyanks versions, as registry-sync does.
    pub async fn set_yanked(&self, versions: &[CrateVersionId], yanked: bool) {
        let client = self.test.database().client().await.unwrap();
        let ids: Vec<i64> = versions.iter().map(|version| version.0).collect();
        registry_sync::crate_version_set_state_many()
            .bind(&client, &ids, &vec![yanked; ids.len()])
            .all()
            .await
            .unwrap();
    }

    /// Records a finished registry pass, as registry-sync does once the
    /// mirror is complete: versions added after it are fresh publishes.
    pub async fn finish_a_registry_pass(&self) {
        let client = self.test.database().client().await.unwrap();
        let source = registry_sync::source_upsert()
            .bind(&client, &RegistrySourceKind::Git, &"fixture-index")
            .one()
            .await
            .unwrap();
        registry_sync::pass_insert_finished()
            .bind(
                &client,
                &source,
                &RegistryPassKind::GitFull,
                &None::<&str>,
                &None::<&str>,
            )
            .one()
            .await
            .unwrap();
    }

    /// Marks a crate removed from the index, as registry-sync does.
    pub async fn remove_crate(&self, krate: &str) {
        let client = self.test.database().client().await.unwrap();
        let crate_id = crates::crate_insert()
            .bind(&client, &krate)
            .one()
            .await
            .unwrap();
        registry_sync::crate_set_removed_many()
            .bind(&client, &vec![crate_id])
            .all()
            .await
            .unwrap();
    }

    /// Registers an enabled builder with a key made from `seed`, building
    /// [`TARGET`].
    pub async fn add_builder(&self, seed: u8) -> BuilderId {
        let builder = self
            .backend
            .register_builder(&key(seed), &format!("builder {seed}"), true)
            .await
            .unwrap();
        self.backend
            .set_builder_target(builder, TARGET, true)
            .await
            .unwrap();
        builder
    }

    /// One version, its binary task, a builder and the builder's job on it.
    pub async fn claimed_job(&self) -> (BuilderId, JobId) {
        self.add_version("serde", "1.0.0", false).await;
        self.backend
            .create_tasks(&[TaskKind::Binary])
            .await
            .unwrap();
        let builder = self.add_builder(1).await;
        let job = self
            .backend
            .claim(builder)
            .await
            .unwrap()
            .expect("a task is waiting");
        (builder, job.id)
    }
}

/// Adds crate `krate` with `count` versions (`0.0.0` up) to `database`;
/// returns their ids in order.
pub async fn add_versions(database: &Database, krate: &str, count: usize) -> Vec<CrateVersionId> {
    let client = database.client().await.unwrap();
    let crate_id = crates::crate_insert()
        .bind(&client, &krate)
        .one()
        .await
        .unwrap();
    let versions: Vec<NewVersion> = (0..count)
        .map(|index| NewVersion {
            crate_id,
            version: format!("0.0.{index}"),
            checksum: [7u8; 32].to_vec(),
            yanked: false,
        })
        .collect();
    let rows = seed::insert_versions(&client, &versions).await.unwrap();
    let mut ids: Vec<CrateVersionId> = rows.into_iter().map(CrateVersionId).collect();
    ids.sort();
    ids
}

/// An ed25519 public key whose bytes are all `seed`: unique per seed, and
/// needs no key generation.
pub fn key(seed: u8) -> PublicKey {
    PublicKey::new(
        KeyData::Ed25519(Ed25519PublicKey([seed; 32])),
        format!("key-{seed}@buildsrs.test"),
    )
}

/// `lines` lines named `prefix-0`, `prefix-1`, ...
pub fn lines(prefix: &str, count: usize) -> Vec<String> {
    (0..count)
        .map(|index| format!("{prefix}-{index}"))
        .collect()
}

/// The download reads the tests make, through the one the API serves
/// (`Backend::download_counts`).
pub trait DownloadReads {
    /// An artifact's downloads per day from `from` to `to`, inclusive.
    async fn downloads_daily(
        &self,
        artifact: ArtifactId,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<(NaiveDate, i64)>, Error>;
    /// An artifact's downloads over all days.
    async fn downloads_total(&self, artifact: ArtifactId) -> Result<i64, Error>;
}

impl DownloadReads for Backend {
    async fn downloads_daily(
        &self,
        artifact: ArtifactId,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<(NaiveDate, i64)>, Error> {
        Ok(self.download_counts(artifact, from, to).await?.daily)
    }

    async fn downloads_total(&self, artifact: ArtifactId) -> Result<i64, Error> {
        let today = chrono::Utc::now().date_naive();
        Ok(self.download_counts(artifact, today, today).await?.total)
    }
}
