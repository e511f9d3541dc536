//! The builder API of buildsrs as plain types: what a builder and the
//! backend say to each other, with nothing of either. Both the backend
//! daemon (the server) and builders (the clients) depend on this crate;
//! neither depends on the other.
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
//!
//! No HTTP client or server, no async runtime, no database: callers bring
//! their own and hand this crate header values, paths and bytes.

pub mod api;
pub mod digest;
pub mod signing;
