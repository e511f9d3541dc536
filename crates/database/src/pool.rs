//! The connection pool every service talks to the database through.

use std::str::FromStr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use buildsrs_cluster::Cluster;
use buildsrs_report::Report;
use buildsrs_runtime::backoff;
use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod, Runtime};

use crate::migrations;
use crate::queries::queries::health;

/// What the health check learned about the server: its version, whether it
/// is a standby, and the role and database in use.
pub use crate::queries::queries::health::ServerHealth;
use crate::{ConnectionConfig, DatabaseOptions, Error, PoolOptions};

/// A pooled connection. Prepared statements are cached per connection, so a
/// query prepared once is reused by every later call on that connection.
pub type Client = deadpool_postgres::Object;

/// A pool of connections to one database, plus an optional pool of
/// read-only sessions on a replica of it for queries marked read-only.
#[derive(Clone, Debug)]
pub struct Database {
    pool: Pool,
    /// How the pool connects, for connections of their own (LISTEN).
    config: ConnectionConfig,
    /// The read pool (`--database-read-url`), if there is one.
    read_pool: Option<Pool>,
    /// The local cluster this pool runs on, when no URL was given; a
    /// throwaway one is stopped when the last clone of this handle is
    /// dropped, the one that keeps its data stays up.
    cluster: Option<Arc<Cluster>>,
}

impl Database {
    /// Connects as the options say, starting the local cluster (or a
    /// throwaway one) when they name no URL, and waits (with backoff) for the server to accept
    /// connections for up to the connect timeout.
    pub async fn connect(options: &DatabaseOptions) -> Result<Self, Error> {
        let (config, cluster) = match &options.url {
            Some(url) => (ConnectionConfig::from_str(url)?, None),
            None => {
                let cluster = local_cluster(options).await?;
                let config = ConnectionConfig::from_str(&cluster.url())?;
                (config, Some(Arc::new(cluster)))
            }
        };
        let mut database = Self::connect_with(config, &options.pool).await?;
        database.cluster = cluster;
        if let Some(read_url) = &options.read_url {
            let read_config = ConnectionConfig::from_str(read_url)?;
            database = database.with_read_pool(read_config, &options.pool).await?;
            tracing::info!("read-only queries go to the read pool (DATABASE_READ_URL)");
        }
        Ok(database)
    }

    /// Connects with a ready-made configuration (tests use this for their
    /// cloned databases), waiting for the server as [`Database::connect`] does.
    pub async fn connect_with(
        config: ConnectionConfig,
        options: &PoolOptions,
    ) -> Result<Self, Error> {
        let (pool, config) = build_pool(config, options, false)?;
        wait_until_ready(&pool, options.connect_timeout).await?;
        Ok(Self {
            pool,
            config,
            read_pool: None,
            cluster: None,
        })
    }

    /// Adds (or replaces) the read pool: connections made with `config` and
    /// `options`, whose sessions are read-only
    /// (`default_transaction_read_only`), so a write sent there by mistake
    /// fails instead of landing on the replica. Waits for its server as
    /// [`Database::connect`] does.
    pub async fn with_read_pool(
        mut self,
        config: ConnectionConfig,
        options: &PoolOptions,
    ) -> Result<Self, Error> {
        let (pool, _) = build_pool(config, options, true)?;
        wait_until_ready(&pool, options.connect_timeout).await?;
        self.read_pool = Some(pool);
        Ok(self)
    }

    /// A connection to the primary: for writes, locks, and reads that must
    /// see the caller's own writes.
    pub async fn client(&self) -> Result<Client, Error> {
        Ok(self.pool.get().await?)
    }

    /// A connection for queries marked `-- access: read-only` (see
    /// [`crate::access`]): from the read pool, or the primary when there is
    /// none. The replica may lag behind the primary.
    pub async fn read_client(&self) -> Result<Client, Error> {
        match &self.read_pool {
            Some(pool) => Ok(pool.get().await?),
            None => self.client().await,
        }
    }

    /// How this pool connects (with its session settings), for a dedicated
    /// connection such as a LISTEN session.
    pub fn config(&self) -> &ConnectionConfig {
        &self.config
    }

    /// The primary's deadpool pool, for its status and metrics.
    pub fn pool(&self) -> &Pool {
        &self.pool
    }

    /// The read pool's deadpool pool, if there is one.
    pub fn read_pool(&self) -> Option<&Pool> {
        self.read_pool.as_ref()
    }

    /// Round-trips a query on a pooled connection to the primary and reports
    /// the server.
    pub async fn health(&self) -> Result<ServerHealth, Error> {
        server_health(&self.pool).await
    }

    /// Applies every pending migration; see [`migrations::migrate`].
    pub async fn migrate(&self) -> Result<migrations::Report, Error> {
        let mut client = self.client().await?;
        migrations::migrate(&mut client).await
    }

    /// Refuses a database whose schema is older than `required`; a newer one
    /// is fine, so old binaries keep working while a new one rolls out.
    pub async fn require_schema(&self, required: i32) -> Result<i32, Error> {
        let client = self.client().await?;
        migrations::require_version(&client, required).await
    }
}

/// The cluster to use when no URL is given: a throwaway one if asked, else
/// the local one that keeps its data ([`crate::local`]), started if needed.
async fn local_cluster(options: &DatabaseOptions) -> Result<Cluster, Error> {
    if options.throwaway {
        let cluster = tokio::task::spawn_blocking(Cluster::start_throwaway)
            .await
            .expect("cluster start-up does not panic")?;
        tracing::info!(url = %cluster.url(), "no DATABASE_URL: started a throwaway cluster, deleted on exit");
        return Ok(cluster);
    }
    let here = std::env::current_dir().map_err(|source| Error::Io {
        path: ".".into(),
        source,
    })?;
    let dir = crate::local::cluster_dir(options.dir.as_deref(), &here)?;
    let cluster = tokio::task::spawn_blocking({
        let dir = dir.clone();
        move || Cluster::start_in(&dir)
    })
    .await
    .expect("cluster start-up does not panic")?;
    tracing::info!(
        dir = %dir.display(),
        "no DATABASE_URL: using the local cluster in {} (left running: stop it with `just db-stop` in the workspace, or `pg_ctl stop -D {}` as its owner)",
        dir.display(),
        dir.join("data").display(),
    );
    Ok(cluster)
}

/// Builds a pool (not connecting yet) with the session settings of
/// `options`, read-only sessions if `read_only`; returns it with the
/// configuration it connects with.
fn build_pool(
    mut config: ConnectionConfig,
    options: &PoolOptions,
    read_only: bool,
) -> Result<(Pool, ConnectionConfig), Error> {
    let postgres = config.postgres_mut();
    postgres.application_name(&options.application_name);
    postgres.connect_timeout(options.connect_timeout);
    let mut session = String::new();
    if !options.statement_timeout.is_zero() {
        session.push_str(&format!(
            "-c statement_timeout={} ",
            options.statement_timeout.as_millis()
        ));
    }
    if let Some(role) = &options.role {
        session.push_str(&format!("-c role={role} "));
    }
    if read_only {
        session.push_str("-c default_transaction_read_only=on ");
    }
    if !session.is_empty() {
        postgres.options(session.trim_end());
    }
    let manager = Manager::from_config(
        config.postgres().clone(),
        config.tls(),
        ManagerConfig {
            recycling_method: RecyclingMethod::Fast,
        },
    );
    let pool = Pool::builder(manager)
        .max_size(options.pool_size)
        .runtime(Runtime::Tokio1)
        .wait_timeout(Some(options.connect_timeout))
        .create_timeout(Some(options.connect_timeout))
        .build()?;
    Ok((pool, config))
}

/// Round-trips a query on a connection of `pool` and reports the server.
async fn server_health(pool: &Pool) -> Result<ServerHealth, Error> {
    let client = pool.get().await?;
    Ok(health::server_health().bind(&client).one().await?)
}

/// Retries the health check with exponential backoff, so a service that
/// starts before its database waits instead of failing.
async fn wait_until_ready(pool: &Pool, patience: Duration) -> Result<(), Error> {
    let started = Instant::now();
    let mut delays = backoff::exponential(Duration::from_millis(50), Duration::from_secs(2));
    loop {
        let delay = delays.next().unwrap_or(Duration::from_secs(2));
        match server_health(pool).await {
            Ok(_) => return Ok(()),
            Err(error) if started.elapsed() + delay < patience && is_transient(&error) => {
                tracing::warn!(error = %Report(&error), retry_in = ?delay, "database not ready yet");
                tokio::time::sleep(delay).await;
            }
            Err(error) if is_transient(&error) => {
                return Err(Error::Unreachable {
                    waited: started.elapsed(),
                    last_error: Report(&error).to_string(),
                });
            }
            Err(error) => return Err(error),
        }
    }
}

/// Whether waiting may help: the server is down or starting, not refusing us
/// (by an error of its own, or by a TLS handshake that cannot succeed).
fn is_transient(error: &Error) -> bool {
    use tokio_postgres::error::SqlState;
    match error.sql_state() {
        None => match error {
            Error::Postgres(error) | Error::Pool(deadpool_postgres::PoolError::Backend(error)) => {
                !crate::tls::is_refusal(error)
            }
            _ => true,
        },
        Some(state) => [
            SqlState::CANNOT_CONNECT_NOW,
            SqlState::TOO_MANY_CONNECTIONS,
            SqlState::ADMIN_SHUTDOWN,
        ]
        .contains(state),
    }
}
