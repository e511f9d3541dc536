//! How to connect: a URL plus pool settings, from flags or the environment.

use std::path::PathBuf;
use std::time::Duration;

/// Where the database is and how to pool connections to it. Every service
/// flattens this into its own command line.
#[derive(Clone, Debug, Default)]
#[cfg_attr(feature = "options", derive(clap::Args))]
pub struct DatabaseOptions {
    /// PostgreSQL connection URL. Without one, a local cluster that keeps
    /// its data is started from the installed server binaries (and left
    /// running): under `target/pg` in the workspace, else in
    /// `--database-dir`'s directory.
    #[cfg_attr(feature = "options", arg(long = "database-url", env = "DATABASE_URL"))]
    pub url: Option<String>,

    /// The local cluster's directory when there is no URL (default: the
    /// workspace's `target/pg`, else `$XDG_DATA_HOME/buildsrs/pg`).
    #[cfg_attr(
        feature = "options",
        arg(
            long = "database-dir",
            env = "BUILDSRS_DATABASE_DIR",
            conflicts_with = "url"
        )
    )]
    pub dir: Option<PathBuf>,

    /// With no URL, use a throwaway cluster deleted on exit instead.
    #[cfg_attr(
        feature = "options",
        arg(long = "throwaway", env = "BUILDSRS_THROWAWAY", conflicts_with_all = ["url", "dir"])
    )]
    pub throwaway: bool,

    /// A read replica's URL: queries marked `-- access: read-only` that need
    /// not see their caller's own writes go there, in read-only sessions.
    /// Without one, everything uses the primary (`--database-url`).
    #[cfg_attr(
        feature = "options",
        arg(long = "database-read-url", env = "DATABASE_READ_URL")
    )]
    pub read_url: Option<String>,

    #[cfg_attr(feature = "options", command(flatten))]
    pub pool: PoolOptions,
}

/// Pool and session settings, independent of where the server is.
#[derive(Clone, Debug)]
#[cfg_attr(feature = "options", derive(clap::Args))]
pub struct PoolOptions {
    /// Most connections the pool opens.
    #[cfg_attr(
        feature = "options",
        arg(
            long = "database-pool-size",
            env = "DATABASE_POOL_SIZE",
            default_value_t = 16
        )
    )]
    pub pool_size: usize,

    /// How long to wait for one connection, and how long to keep retrying at
    /// start-up while the server is not up yet.
    #[cfg_attr(
        feature = "options",
        arg(
            long = "database-connect-timeout",
            env = "DATABASE_CONNECT_TIMEOUT",
            default_value = "30s",
            value_parser = humantime::parse_duration
        )
    )]
    pub connect_timeout: Duration,

    /// Statements running longer are cancelled by the server (0: no limit).
    #[cfg_attr(
        feature = "options",
        arg(
            long = "database-statement-timeout",
            env = "DATABASE_STATEMENT_TIMEOUT",
            default_value = "0s",
            value_parser = humantime::parse_duration
        )
    )]
    pub statement_timeout: Duration,

    /// The name this program shows in pg_stat_activity.
    #[cfg_attr(
        feature = "options",
        arg(
            long = "database-application-name",
            env = "DATABASE_APPLICATION_NAME",
            default_value = "buildsrs"
        )
    )]
    pub application_name: String,

    /// A role to switch to on connecting, such as `buildsrs_backend`, so a
    /// service works with its own grants only.
    #[cfg_attr(
        feature = "options",
        arg(long = "database-role", env = "DATABASE_ROLE")
    )]
    pub role: Option<String>,
}

impl Default for PoolOptions {
    fn default() -> Self {
        Self {
            pool_size: 16,
            connect_timeout: Duration::from_secs(30),
            statement_timeout: Duration::ZERO,
            application_name: "buildsrs".to_owned(),
            role: None,
        }
    }
}
