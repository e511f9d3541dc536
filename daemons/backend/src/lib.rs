//! The buildsrs backend daemon: what builders and the public talk to.
//!
//! - [`auth`]: builders sign every request with their SSH key.
//! - [`storage`]: artifact bytes, content-addressed and verified on read.

pub mod auth;
pub mod storage;
