//! Test databases: each test gets a database of its own, cloned from a
//! migrated template, and dropped when the test ends.
//!
//! The server is `DATABASE_URL`'s when that is set; otherwise one throwaway
//! cluster is shared by every process of the test run (see
//! `buildsrs_cluster::shared_for_test_run`). The template is built once per
//! schema: its name carries a hash of the migrations, so an edited schema
//! gets a new template and an unchanged one is reused across runs.
//!
//! Creating, renaming and dropping databases and test login roles are the
//! only statements of buildsrs written in Rust: Postgres takes no bind
//! parameters for identifiers, and `CREATE DATABASE` cannot run in a
//! transaction, so they cannot be cornucopia queries. Names are generated
//! here, never taken from input, and always quoted.

use std::str::FromStr;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use buildsrs_report::Report;
use sha2::{Digest, Sha256};
use tokio::sync::OnceCell;

use crate::migrations::MIGRATIONS;
use crate::queries::queries::{databases, health, locks};
use crate::{ConnectionConfig, Database, Error, LockKey, PoolOptions};

/// How a clone copies its template. `FileCopy` copies the files but forces a
/// checkpoint first: the fastest on a server without fsync, slow on a durable
/// one. `WalLog` (Postgres 15's default) writes every block to the WAL. The
/// benchmark `temp_database` measures both.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CloneStrategy {
    FileCopy,
    WalLog,
}

/// A database of one test's own, dropped (connections and all) on drop,
/// with the login roles made for it.
#[derive(Debug)]
pub struct TestDatabase {
    name: String,
    config: ConnectionConfig,
    database: Database,
    server: &'static TestServer,
    login_roles: Mutex<Vec<String>>,
}

impl TestDatabase {
    /// A fresh clone of the migrated template, copied the faster way for
    /// this server.
    pub async fn new() -> Result<Self, Error> {
        let server = TestServer::get().await?;
        Self::clone_template(server.fastest_strategy).await
    }

    /// A fresh clone of the migrated template, copied with `strategy`.
    pub async fn clone_template(strategy: CloneStrategy) -> Result<Self, Error> {
        let server = TestServer::get().await?;
        let template = server.template().await?;
        server.create(Some((&template, strategy))).await
    }

    /// An empty database, with no schema at all, for migration tests.
    pub async fn empty() -> Result<Self, Error> {
        TestServer::get().await?.create(None).await
    }

    /// The pool of this database.
    pub fn database(&self) -> &Database {
        &self.database
    }

    /// The database's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// A connection configuration for this database, for a second pool (with
    /// a role, say) or a dedicated connection.
    pub fn config(&self) -> ConnectionConfig {
        self.config.clone()
    }

    /// A connection string for this database (libpq's `key=value` form), for
    /// another process such as the CLI.
    pub fn url(&self) -> String {
        Self::url_of(&self.config, &self.name)
    }

    /// The `key=value` connection string of `config` for database `name`.
    fn url_of(config: &ConnectionConfig, name: &str) -> String {
        use tokio_postgres::config::Host;
        let postgres = config.postgres();
        let hosts: Vec<String> = postgres
            .get_hosts()
            .iter()
            .map(|host| match host {
                Host::Tcp(name) => name.clone(),
                Host::Unix(path) => path.display().to_string(),
            })
            .collect();
        let ports: Vec<String> = postgres.get_ports().iter().map(u16::to_string).collect();
        let mut parts = vec![
            format!("host={}", quote_value(&hosts.join(","))),
            format!("port={}", quote_value(&ports.join(","))),
            format!("dbname={}", quote_value(name)),
        ];
        if let Some(user) = postgres.get_user() {
            parts.push(format!("user={}", quote_value(user)));
        }
        if let Some(password) = postgres.get_password() {
            parts.push(format!(
                "password={}",
                quote_value(&String::from_utf8_lossy(password))
            ));
        }
        for (key, value) in config.tls_parameters() {
            parts.push(format!("{key}={}", quote_value(&value)));
        }
        parts.join(" ")
    }

    /// A login role of this test's own whose only privileges are those of
    /// `group` (such as `buildsrs_backend`), as an operator would make for a
    /// service; dropped with the database. Returns [`TestDatabase::url`] with
    /// it as the user (the test servers trust local connections).
    pub async fn login_role(&self, group: &str) -> Result<String, Error> {
        let role = format!("{}_{group}", self.name);
        let (client, connection) = self.server.config.connect().await?;
        tokio::spawn(connection);
        client
            .batch_execute(&format!(
                "CREATE ROLE {} LOGIN IN ROLE {}",
                quote(&role),
                quote(group)
            ))
            .await?;
        self.login_roles
            .lock()
            .expect("the role list is never poisoned")
            .push(role.clone());
        let mut config = self.config.clone();
        config.postgres_mut().user(&role);
        Ok(Self::url_of(&config, &self.name))
    }

    /// A second pool on this database with other settings.
    pub async fn connect(&self, options: &PoolOptions) -> Result<Database, Error> {
        Database::connect_with(self.config(), options).await
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        self.database.pool().close();
        let name = self.name.clone();
        let roles = std::mem::take(
            &mut *self
                .login_roles
                .lock()
                .expect("the role list is never poisoned"),
        );
        let config = self.server.config.clone();
        // Drop may run inside a runtime, which cannot block on another
        // future: use a thread with a runtime of its own.
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()?;
            runtime.block_on(async {
                let (client, connection) = config.connect().await?;
                tokio::spawn(connection);
                client
                    .batch_execute(&format!(
                        "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                        quote(&name)
                    ))
                    .await?;
                for role in roles {
                    client
                        .batch_execute(&format!("DROP ROLE IF EXISTS {}", quote(&role)))
                        .await?;
                }
                Ok::<_, Error>(())
            })?;
            Ok::<_, Box<dyn std::error::Error + Send + Sync>>(())
        })
        .join();
        if let Ok(Err(error)) = dropped {
            tracing::warn!(error = %Report(&*error), database = %self.name, "could not drop a test database");
        }
    }
}

/// The server test databases live on, resolved once per process.
#[derive(Debug)]
struct TestServer {
    /// The maintenance database's configuration (`postgres` unless the URL
    /// names another).
    config: ConnectionConfig,
    server_version_num: i32,
    /// FileCopy without fsync, WalLog with it (see `CloneStrategy`).
    fastest_strategy: CloneStrategy,
    /// Keeps the run's shared cluster known to be up for this process.
    _cluster: Option<buildsrs_cluster::Cluster>,
    template: OnceCell<String>,
}

static SERVER: OnceCell<TestServer> = OnceCell::const_new();
static NEXT_DATABASE: AtomicU32 = AtomicU32::new(0);

impl TestServer {
    async fn get() -> Result<&'static Self, Error> {
        SERVER.get_or_try_init(Self::resolve).await
    }

    async fn resolve() -> Result<Self, Error> {
        let (url, cluster) = match std::env::var("DATABASE_URL") {
            Ok(url) => (url, None),
            Err(_) => {
                let cluster = tokio::task::spawn_blocking(buildsrs_cluster::shared_for_test_run)
                    .await
                    .expect("cluster start-up does not panic")?;
                (cluster.url(), Some(cluster))
            }
        };
        let mut config = ConnectionConfig::from_str(&url)?;
        let maintenance = Self::maintenance_database(&config);
        config.postgres_mut().dbname(maintenance);
        config
            .postgres_mut()
            .connect_timeout(Duration::from_secs(30));
        let (client, connection) = config.connect().await?;
        tokio::spawn(connection);
        let server_version_num = health::server_health()
            .bind(&client)
            .one()
            .await?
            .server_version_num;
        let fastest_strategy = if databases::server_fsync().bind(&client).one().await? {
            CloneStrategy::WalLog
        } else {
            CloneStrategy::FileCopy
        };
        Ok(Self {
            config,
            server_version_num,
            fastest_strategy,
            _cluster: cluster,
            template: OnceCell::new(),
        })
    }

    fn maintenance_database(config: &ConnectionConfig) -> String {
        config
            .postgres()
            .get_dbname()
            .unwrap_or("postgres")
            .to_owned()
    }

    /// The migrated template's name, building it if this server has none for
    /// this schema yet. Processes of a run take turns under an advisory lock.
    async fn template(&self) -> Result<String, Error> {
        self.template
            .get_or_try_init(|| async {
                let name = template_name();
                let (client, connection) = self.config.connect().await?;
                tokio::spawn(connection);
                let key = LockKey::TestTemplate.key();
                locks::advisory_lock().bind(&client, &key).one().await?;
                let built = self.build_template(&client, &name).await;
                locks::advisory_unlock().bind(&client, &key).one().await?;
                built.map(|()| name)
            })
            .await
            .cloned()
    }

    async fn build_template(
        &self,
        client: &tokio_postgres::Client,
        name: &str,
    ) -> Result<(), Error> {
        if databases::database_exists()
            .bind(client, &name)
            .one()
            .await?
        {
            return Ok(());
        }
        // Build under a scratch name and rename when done, so a run killed
        // half-way never leaves a half-migrated template behind.
        let scratch = format!("{name}_building");
        client
            .batch_execute(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                quote(&scratch)
            ))
            .await?;
        client
            .batch_execute(&format!("CREATE DATABASE {}", quote(&scratch)))
            .await?;
        let mut config = self.config.clone();
        config.postgres_mut().dbname(&scratch);
        let database = Database::connect_with(config, &PoolOptions::default()).await?;
        database.migrate().await?;
        database.pool().close();
        drop(database);
        client
            .batch_execute(&format!(
                "ALTER DATABASE {} RENAME TO {}",
                quote(&scratch),
                quote(name)
            ))
            .await?;
        // No connections allowed: a clone fails while anyone is connected to
        // its template.
        client
            .batch_execute(&format!(
                "ALTER DATABASE {} WITH IS_TEMPLATE true ALLOW_CONNECTIONS false",
                quote(name)
            ))
            .await?;
        tracing::info!(template = name, "built the test template database");
        Ok(())
    }

    /// Creates a database named for this process, from `template` or empty.
    async fn create(
        &'static self,
        template: Option<(&str, CloneStrategy)>,
    ) -> Result<TestDatabase, Error> {
        let name = format!(
            "buildsrs_test_{}_{}",
            std::process::id(),
            NEXT_DATABASE.fetch_add(1, Ordering::Relaxed)
        );
        let mut statement = format!("CREATE DATABASE {}", quote(&name));
        if let Some((template, strategy)) = template {
            statement.push_str(&format!(" TEMPLATE {}", quote(template)));
            // STRATEGY arrived in Postgres 15; older servers always copy files.
            if self.server_version_num >= 150000 {
                statement.push_str(match strategy {
                    CloneStrategy::FileCopy => " STRATEGY FILE_COPY",
                    CloneStrategy::WalLog => " STRATEGY WAL_LOG",
                });
            }
        }
        let (client, connection) = self.config.connect().await?;
        tokio::spawn(connection);
        client.batch_execute(&statement).await?;
        let mut config = self.config.clone();
        config.postgres_mut().dbname(&name);
        let database = Database::connect_with(config.clone(), &PoolOptions::default()).await?;
        Ok(TestDatabase {
            name,
            config,
            database,
            server: self,
            login_roles: Mutex::default(),
        })
    }
}

/// `buildsrs_template_` and a hash of every migration's version and text.
fn template_name() -> String {
    let mut hash = Sha256::new();
    for migration in MIGRATIONS {
        hash.update(migration.version.to_le_bytes());
        hash.update(migration.checksum());
    }
    format!("buildsrs_template_{}", &hex::encode(hash.finalize())[..16])
}

/// A single-quoted value of a `key=value` connection string.
fn quote_value(value: &str) -> String {
    format!("'{}'", value.replace('\\', "\\\\").replace('\'', "\\'"))
}

/// A double-quoted SQL identifier.
fn quote(identifier: &str) -> String {
    format!("\"{}\"", identifier.replace('"', "\"\""))
}
