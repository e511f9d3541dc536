//! One cluster shared by every process of a test run.
//!
//! `cargo nextest` runs each test in a process of its own and `cargo test`
//! runs one process per test binary; starting a cluster in each would cost a
//! second or two apiece. Instead the first process of a run starts one, keyed
//! by the process that runs the tests (our parent: nextest or cargo), and the
//! others find it. A watchdog stops and deletes it when that parent exits.

use std::fs::{self, File};

use crate::{Cluster, Error};

/// The cluster of the current test run, started by whichever process of the
/// run asks first.
pub fn shared_for_test_run() -> Result<Cluster, Error> {
    let owner = std::os::unix::process::parent_id();
    let dir = std::env::temp_dir().join(format!("buildsrs-test-pg-{owner}"));
    fs::create_dir_all(&dir).map_err(|source| Error::io(&dir, source))?;
    // The processes of a run serialise here; the first starts the cluster.
    let lock_path = dir.join("lock");
    let lock = File::create(&lock_path).map_err(|source| Error::io(&lock_path, source))?;
    lock.lock()
        .map_err(|source| Error::io(&lock_path, source))?;
    let cluster = Cluster::start_watched(&dir, owner);
    drop(lock);
    cluster
}
