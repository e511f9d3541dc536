//! One PostgreSQL cluster in a directory of its own: initialised, started,
//! stopped, and reached over a Unix socket in that directory only.
//!
//! Does not know what runs in it: no databases, no schema.

use std::fs;
use std::io;
use std::os::unix::fs::{PermissionsExt, chown};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use nix::unistd::{Uid, User};
use tempfile::TempDir;

use crate::{Binaries, Error};

/// The port number in the socket's file name. Unless asked to listen on
/// loopback, nothing listens on TCP, and the socket directory is private, so
/// every such cluster can use the same number.
const PORT: u16 = 5432;

/// Server settings for a cluster whose data may be lost: durability is traded
/// for speed (no fsync), and there is room for parallel tests' pools.
const SERVER_OPTIONS: &str = "-F -c synchronous_commit=off -c full_page_writes=off \
    -c max_connections=300 -c shared_buffers=256MB";

/// A running PostgreSQL cluster: a data directory, a socket and a server log
/// in one directory.
#[derive(Debug)]
pub struct Cluster {
    /// Holds `data/`, the socket and `server.log`.
    dir: PathBuf,
    /// For a throwaway cluster, removes `dir` when dropped (after the stop).
    temp: Option<TempDir>,
    binaries: Binaries,
    /// The unprivileged user the server runs as when we are root, because
    /// PostgreSQL refuses to run as root.
    run_as: Option<User>,
    /// Extra `-c name=value` server options, after the defaults.
    settings: String,
    /// The port: [`PORT`], or a free one when listening on loopback.
    port: u16,
    /// Whether the server also listens on 127.0.0.1.
    loopback: bool,
}

/// A certificate chain and its private key, in PEM, for a server to offer.
#[derive(Clone, Debug)]
pub struct ServerCertificate {
    pub certificate_pem: String,
    pub key_pem: String,
}

impl Cluster {
    /// Starts a throwaway cluster in a fresh temporary directory. It is stopped
    /// and deleted when dropped, or by a watchdog as soon as this process ends
    /// (even by SIGKILL).
    pub fn start_throwaway() -> Result<Self, Error> {
        Self::start_throwaway_with(&[])
    }

    /// Opens the cluster in `dir`, initialising and starting it as needed; it
    /// keeps running after this process ends (`stop` ends it). For a
    /// developer's long-lived cluster, such as `just db`.
    pub fn start_in(dir: &Path) -> Result<Self, Error> {
        fs::create_dir_all(dir).map_err(|source| Error::io(dir, source))?;
        let cluster = Self::prepare(dir)?;
        if !cluster.is_running() {
            cluster.init_and_start()?;
        }
        Ok(cluster)
    }

    /// Starts the cluster in `dir` if needed, stopped and deleted by a watchdog
    /// once process `owner` exits. Callers serialise on a lock of their own.
    pub(crate) fn start_watched(dir: &Path, owner: u32) -> Result<Self, Error> {
        let cluster = Self::start_in(dir)?;
        if !cluster.dir.join("watched").exists() {
            cluster.spawn_watchdog(owner)?;
            fs::write(cluster.dir.join("watched"), owner.to_string())
                .map_err(|source| Error::io(&cluster.dir, source))?;
        }
        Ok(cluster)
    }

    /// Stops the cluster in `dir`, if one runs there, keeping its data.
    pub fn stop_in(dir: &Path) -> Result<(), Error> {
        if !dir.join("data").exists() {
            return Ok(());
        }
        let cluster = Self::prepare(dir)?;
        if cluster.is_running() {
            cluster.pg_ctl(&["stop", "-m", "fast"])?;
        }
        Ok(())
    }

    /// Starts a throwaway cluster, as [`Cluster::start_throwaway`] does, with
    /// extra server settings (`name=value`) that override the defaults, such
    /// as `synchronous_commit=on` for a test that crashes the server and
    /// counts on every acknowledged commit surviving. They hold across
    /// [`Cluster::start`] too.
    pub fn start_throwaway_with(settings: &[&str]) -> Result<Self, Error> {
        let mut cluster = Self::prepare_throwaway()?;
        cluster.add_settings(settings);
        cluster.init_and_start()?;
        cluster.spawn_watchdog(std::process::id())?;
        Ok(cluster)
    }

    /// Starts a throwaway cluster that also listens on 127.0.0.1, at a free
    /// port ([`Cluster::loopback_port`]), for tests of what only TCP has:
    /// with a `certificate`, the server offers TLS (`ssl=on`) with it.
    pub fn start_throwaway_on_loopback(
        certificate: Option<&ServerCertificate>,
    ) -> Result<Self, Error> {
        let mut cluster = Self::prepare_throwaway()?;
        cluster.port = free_loopback_port()?;
        cluster.loopback = true;
        cluster.add_settings(&["listen_addresses='127.0.0.1'"]);
        if let Some(certificate) = certificate {
            let cert_file =
                cluster.write_server_file("server.crt", &certificate.certificate_pem)?;
            let key_file = cluster.write_server_file("server.key", &certificate.key_pem)?;
            cluster.add_settings(&[
                "ssl=on",
                &format!("ssl_cert_file='{}'", cert_file.display()),
                &format!("ssl_key_file='{}'", key_file.display()),
            ]);
        }
        cluster.init_and_start()?;
        cluster.spawn_watchdog(std::process::id())?;
        Ok(cluster)
    }

    /// The TCP port on 127.0.0.1, for a cluster started on loopback.
    pub fn loopback_port(&self) -> Option<u16> {
        self.loopback.then_some(self.port)
    }

    /// Stops the server at once, as a crash would (`pg_ctl stop -m
    /// immediate`): clients are cut off, nothing is checkpointed, and the
    /// next [`Cluster::start`] recovers from the WAL. Data and directory stay.
    pub fn stop_immediately(&self) -> Result<(), Error> {
        self.pg_ctl(&["stop", "-m", "immediate"])
    }

    /// Starts the server of a stopped cluster again, on the same socket and
    /// data, and waits until it accepts connections.
    pub fn start(&self) -> Result<(), Error> {
        self.init_and_start()
    }

    /// A libpq-style URL of the `postgres` database, over the Unix socket.
    pub fn url(&self) -> String {
        self.url_for("postgres")
    }

    /// A URL of database `database` in this cluster.
    pub fn url_for(&self, database: &str) -> String {
        let host = self
            .dir
            .to_string_lossy()
            .replace('%', "%25")
            .replace('/', "%2F");
        format!("postgresql://postgres@{host}:{}/{database}", self.port)
    }

    /// The directory holding the data, the socket and `server.log`.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// A cluster in a fresh temporary directory, not initialised yet.
    fn prepare_throwaway() -> Result<Self, Error> {
        let temp = tempfile::Builder::new()
            .prefix("buildsrs-pg-")
            .tempdir()
            .map_err(|source| Error::io(std::env::temp_dir(), source))?;
        let mut cluster = Self::prepare(temp.path())?;
        cluster.temp = Some(temp);
        Ok(cluster)
    }

    /// Appends `-c name=value` server options.
    fn add_settings(&mut self, settings: &[&str]) {
        for setting in settings {
            self.settings.push_str(&format!(" -c {setting}"));
        }
    }

    /// Writes a file only the server's user may read (as PostgreSQL
    /// requires of a key) into the cluster's directory.
    fn write_server_file(&self, name: &str, contents: &str) -> Result<PathBuf, Error> {
        let path = self.dir.join(name);
        fs::write(&path, contents).map_err(|source| Error::io(&path, source))?;
        fs::set_permissions(&path, fs::Permissions::from_mode(0o600))
            .map_err(|source| Error::io(&path, source))?;
        if let Some(user) = &self.run_as {
            chown(&path, Some(user.uid.as_raw()), Some(user.gid.as_raw()))
                .map_err(|source| Error::io(&path, source))?;
        }
        Ok(path)
    }

    fn prepare(dir: &Path) -> Result<Self, Error> {
        // Absolute, because the binaries run with the directory as their
        // working directory.
        let dir = &dir
            .canonicalize()
            .map_err(|source| Error::io(dir, source))?;
        let binaries = Binaries::find()?;
        let run_as = unprivileged_user()?;
        if let Some(user) = &run_as {
            chown(dir, Some(user.uid.as_raw()), Some(user.gid.as_raw()))
                .map_err(|source| Error::io(dir, source))?;
        }
        // The socket directory must not be reachable by other local users.
        fs::set_permissions(dir, fs::Permissions::from_mode(0o700))
            .map_err(|source| Error::io(dir, source))?;
        Ok(Self {
            dir: dir.to_path_buf(),
            temp: None,
            binaries,
            run_as,
            settings: String::new(),
            port: PORT,
            loopback: false,
        })
    }

    fn data_dir(&self) -> PathBuf {
        self.dir.join("data")
    }

    fn is_running(&self) -> bool {
        self.data_dir().join("PG_VERSION").exists() && self.pg_ctl(&["status"]).is_ok()
    }

    fn init_and_start(&self) -> Result<(), Error> {
        if !self.data_dir().join("PG_VERSION").exists() {
            let data_dir = self.data_dir();
            let data_dir = data_dir.to_string_lossy();
            self.run(
                "initdb",
                &[
                    "-D",
                    &data_dir,
                    "-U",
                    "postgres",
                    "-A",
                    "trust",
                    "-E",
                    "UTF8",
                    "--locale=C",
                    "--no-sync",
                ],
            )?;
        }
        let options = format!(
            "-c listen_addresses='' -k '{}' -p {} {SERVER_OPTIONS}{}",
            self.dir.display(),
            self.port,
            self.settings
        );
        let log = self.dir.join("server.log");
        let log = log.to_string_lossy();
        self.pg_ctl(&["start", "-w", "-t", "60", "-l", &log, "-o", &options])?;
        tracing::debug!(dir = %self.dir.display(), "started a PostgreSQL cluster");
        Ok(())
    }

    fn pg_ctl(&self, args: &[&str]) -> Result<(), Error> {
        let data_dir = self.data_dir();
        let data_dir = data_dir.to_string_lossy();
        let mut full = vec!["-D", &data_dir, "-s"];
        full.extend_from_slice(args);
        self.run("pg_ctl", &full)
    }

    /// Runs one server binary as the server's user, failing with its output.
    fn run(&self, binary: &str, args: &[&str]) -> Result<(), Error> {
        let program = self.binaries.path(binary);
        let mut command = Command::new(&program);
        command
            .args(args)
            .stdin(Stdio::null())
            .current_dir(&self.dir);
        self.drop_privileges(&mut command);
        let output = command.output().map_err(|source| Error::Spawn {
            program: program.clone(),
            source,
        })?;
        if output.status.success() {
            return Ok(());
        }
        let mut text = String::from_utf8_lossy(&output.stderr).into_owned();
        text.push_str(&String::from_utf8_lossy(&output.stdout));
        Err(Error::Failed {
            program,
            status: output.status,
            output: text.trim().to_owned(),
        })
    }

    fn drop_privileges(&self, command: &mut Command) {
        if let Some(user) = &self.run_as {
            command.uid(user.uid.as_raw()).gid(user.gid.as_raw());
        }
    }

    /// A detached shell that waits for process `owner` to end, then stops the
    /// cluster and deletes its directory: no cluster outlives its user, even
    /// one killed with SIGKILL.
    fn spawn_watchdog(&self, owner: u32) -> Result<(), Error> {
        const SCRIPT: &str = r#"
            while [ -d "/proc/$1" ] || kill -0 "$1" 2>/dev/null; do sleep 1; done
            "$2" stop -D "$3/data" -m immediate -s >/dev/null 2>&1
            rm -rf "$3"
        "#;
        let pg_ctl = self.binaries.path("pg_ctl");
        let mut command = Command::new("sh");
        command
            .arg("-c")
            .arg(SCRIPT)
            .arg("buildsrs-pg-watchdog")
            .arg(owner.to_string())
            .arg(&pg_ctl)
            .arg(&self.dir)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            // Its own process group: a Ctrl-C meant for the owner does not
            // kill the watchdog before the owner is gone.
            .process_group(0);
        self.drop_privileges(&mut command);
        command.spawn().map_err(|source| Error::Spawn {
            program: PathBuf::from("sh"),
            source,
        })?;
        Ok(())
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        if self.temp.is_some()
            && let Err(error) = self.pg_ctl(&["stop", "-m", "immediate"])
        {
            tracing::warn!(%error, dir = %self.dir.display(), "could not stop a throwaway cluster");
        }
    }
}

/// A port on 127.0.0.1 that nothing listens on now.
fn free_loopback_port() -> Result<u16, Error> {
    let listener = std::net::TcpListener::bind(("127.0.0.1", 0))
        .map_err(|source| Error::io("127.0.0.1:0", source))?;
    let port = listener
        .local_addr()
        .map_err(|source| Error::io("127.0.0.1:0", source))?
        .port();
    Ok(port)
}

/// PostgreSQL refuses to run as root: when we are root, run it as `postgres`
/// (or `nobody`), which must own the cluster's directory.
fn unprivileged_user() -> Result<Option<User>, Error> {
    if !Uid::effective().is_root() {
        return Ok(None);
    }
    for name in ["postgres", "nobody"] {
        if let Ok(Some(user)) = User::from_name(name) {
            return Ok(Some(user));
        }
    }
    Err(Error::NoUnprivilegedUser)
}

impl Error {
    pub(crate) fn io(path: impl Into<PathBuf>, source: io::Error) -> Self {
        Self::Io {
            path: path.into(),
            source,
        }
    }
}
