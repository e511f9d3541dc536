//! The HTTP API of buildsrs as plain types: what a builder or a client (such
//! as `cargo builds`) and the backend say to each other, with nothing of
//! either. The backend daemon (the server), builders and clients depend on
//! this crate; none depends on another.
//!
//! - [`digest`]: [`Sha256Digest`](digest::Sha256Digest), the hash of bodies
//!   and artifacts.
//! - [`signing`]: every request is signed with the builder's SSH key, an
//!   SSHSIG over a canonical text of the request. [`RequestSigner`](signing::RequestSigner)
//!   signs; [`Credentials`](signing::Credentials) parses the headers and
//!   verifies.
//! - [`api`]: the routes' paths and JSON bodies, from
//!   [`ClaimRequest`](api::ClaimRequest) to [`Completed`](api::Completed),
//!   and the error body every refusal carries.
//! - [`public`]: the public API's JSON that clients read (a crate, a
//!   version with its tasks, jobs and artifacts).
//! - [`artifact`]: a binary artifact's name and `manifest.json`, which the
//!   builder writes and `cargo builds` checks.
//! - [`archive`]: the path rule of every archive read from someone else.
//!
//! No HTTP client or server, no async runtime, no database: callers bring
//! their own and hand this crate header values, paths and bytes.

pub mod api;
pub mod archive;
pub mod artifact;
pub mod digest;
pub mod public;
pub mod signing;
