//! A real S3 API on loopback for the tests: moto's standalone server
//! (`pip install 'moto[server]'`), started as a process on a free port and
//! killed when dropped. moto accepts any credentials, so the tests prove
//! refusals with a bucket that does not exist and an endpoint where nothing
//! listens instead.

use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use buildsrs_backend_daemon::storage::{AmazonS3Builder, S3Location};

/// A running moto server.
pub struct Moto {
    child: Child,
    /// `http://127.0.0.1:PORT`.
    pub endpoint: String,
}

impl Moto {
    /// Starts moto on a free loopback port and waits until it answers.
    pub fn start() -> Self {
        let port = free_port();
        let child = spawn(port);
        let moto = Self {
            child,
            endpoint: format!("http://127.0.0.1:{port}"),
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "moto did not start on port {port}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        moto
    }

    /// Creates `bucket`; answers its root as a store location under `prefix`.
    pub async fn bucket(&self, bucket: &str, prefix: &str) -> S3Location {
        let response = reqwest::Client::new()
            .put(format!("{}/{bucket}", self.endpoint))
            .send()
            .await
            .unwrap();
        assert!(
            response.status().is_success(),
            "creating {bucket}: {response:?}"
        );
        S3Location {
            bucket: bucket.to_owned(),
            prefix: prefix.to_owned(),
        }
    }

    /// A client configuration for this server (any keys will do).
    pub fn builder(&self) -> AmazonS3Builder {
        AmazonS3Builder::new()
            .with_endpoint(&self.endpoint)
            .with_allow_http(true)
            .with_region("us-east-1")
            .with_access_key_id("buildsrs-test")
            .with_secret_access_key("buildsrs-test-secret")
    }

    /// Kills the server at once (SIGKILL), as a crash would.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// The server's process id, to kill it from elsewhere.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        self.kill();
    }
}

/// `moto_server`, or moto's module through `python3` when the script is
/// not on the path.
fn spawn(port: u16) -> Child {
    let port = port.to_string();
    let args = ["-H", "127.0.0.1", "-p", port.as_str()];
    let quiet = |command: &mut Command| {
        command.stdout(Stdio::null()).stderr(Stdio::null());
    };
    let mut script = Command::new("moto_server");
    script.args(args);
    quiet(&mut script);
    if let Ok(child) = script.spawn() {
        return child;
    }
    let mut module = Command::new("python3");
    module.args(["-m", "moto.server"]).args(args);
    quiet(&mut module);
    module
        .spawn()
        .expect("moto is not installed: pip install 'moto[server]' (.ci/run does)")
}

/// A port nothing listens on right now.
pub fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}
