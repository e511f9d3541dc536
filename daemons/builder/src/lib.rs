//! The buildsrs reference builder: a remote machine that talks only HTTP
//! to the backend (never to the database), signing every request with its
//! SSH key. It claims build jobs, builds them in a sandbox, streams their
//! logs, uploads the artifact and completes each job with its result.
//!
//! Layout, in reading order:
//! - [`config`]: the command line, parsed by the thin `main.rs`.
//! - [`service`]: [`run`], the claim loop with its slots, backoff and
//!   shutdown (grace period, then unclaim).
//! - [`job`]: one job in the backend's terms (stages, completion, giving
//!   back), with [`control`] (why a job stops), [`lease`] (the heartbeat
//!   task) and [`logs`] (batched log shipping).
//! - [`build`]: the work of a job on this machine: [`registry`] (the
//!   download URL), [`download`] (size cap, SHA-256 check), [`unpack`] (a
//!   hostile `.crate` cannot escape), cargo runs through [`sandbox`]
//!   (bubblewrap or a plain child, always with limits) with the
//!   [`toolchain`], and [`artifact`] (packing).
//! - [`client`]: the signed builder API, every answer checked; [`spec`]:
//!   a claimed job's fields checked before they are used.
//! - `testing` (feature `testing`): fixture crates packaged for tests.

pub mod artifact;
pub mod build;
pub mod client;
pub mod config;
pub mod control;
pub mod download;
pub mod job;
pub mod lease;
pub mod logs;
pub mod registry;
pub mod sandbox;
pub mod service;
pub mod spec;
#[cfg(feature = "testing")]
pub mod testing;
pub mod toolchain;
pub mod unpack;

pub use config::Config;
pub use service::{ServiceError, run};
