//! `cargo builds`: installs a binary that a buildsrs farm built, instead of
//! compiling it. A client of the backend's public HTTP API only; it shares
//! the API's JSON, the artifact's manifest and the archive path rule with
//! the server and the builder through `buildsrs-protocol`.
//!
//! - [`spec`]: `<crate>[@<version>]` and cargo's extra `builds` argument.
//! - [`client`]: the public API over HTTP, downloads streamed and hashed.
//! - [`select`]: which version and which artifact to install.
//! - [`archive`]: the artifact checked against its manifest, its binaries
//!   unpacked, anything but plain files under `bin/` refused.
//! - [`root`]: where binaries go (`--root`, `$CARGO_HOME`, `~/.cargo`).
//! - [`record`]: what was installed, in `.buildsrs-installs.json`.
//! - [`install`]: the whole install, and uninstall.
//! - [`status`]: what was built for a version, as text.

pub mod archive;
pub mod client;
pub mod error;
pub mod install;
pub mod record;
pub mod root;
pub mod select;
pub mod spec;
pub mod status;

pub use error::Error;

/// The public instance the commands talk to without `--backend` or
/// `BUILDSRS_URL`.
pub const DEFAULT_BACKEND: &str = "https://builds.rs";

/// The target this binary was built for: the default of `--target`.
pub const HOST_TARGET: &str = env!("CARGO_BUILDS_HOST_TARGET");
