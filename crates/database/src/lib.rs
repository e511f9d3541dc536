//! The buildsrs database: how services connect to it, how its schema is
//! migrated and checked, and how tests get a database of their own.
//!
//! - [`Database`]: a deadpool-postgres pool, waited for at start-up and
//!   health-checked; without a `DATABASE_URL` it runs on a throwaway cluster.
//!   With a `DATABASE_READ_URL`, [`Database::read_client`] hands out
//!   read-only sessions on a replica.
//! - [`tls`]: [`ConnectionConfig`], a connection string read as libpq reads
//!   it, `sslmode` and `sslrootcert` included, connecting through rustls.
//! - [`access`]: each query's marker, `read-only` or `primary`.
//! - [`migrations`]: applies `schema/` in order, each file in a transaction,
//!   serialised by an advisory lock, refusing edited files; services call
//!   [`Database::require_schema`] to refuse a database older than they are.
//! - [`copy`]: the binary `COPY` statements bulk writers stream rows into.
//! - [`builders`], [`targets`] and [`tasks`]: the operator's admin operations, used by
//!   the `buildsrs-database` binary; [`retention`]: what its `gc` removes.
//! - `temp` (feature): [`temp::TestDatabase`], a migrated database per test,
//!   and [`certificates::TestCertificates`] for tests' TLS servers.
//!
//! Every statement comes from the generated crate [`queries`]; this crate
//! knows no service, no HTTP and no registry.

pub mod access;
pub mod builders;
#[cfg(feature = "temp")]
pub mod certificates;
pub mod copy;
mod error;
pub mod local;
mod locks;
pub mod migrations;
mod options;
mod pool;
pub mod retention;
pub mod targets;
pub mod tasks;
#[cfg(feature = "temp")]
pub mod temp;
pub mod tls;

pub use buildsrs_queries as queries;
pub use error::Error;
pub use locks::LockKey;
pub use options::{DatabaseOptions, PoolOptions};
pub use pool::{Client, Database, ServerHealth};
pub use tls::ConnectionConfig;
