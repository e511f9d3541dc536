//! Integration tests of the backend daemon: the real daemon on a loopback
//! port, a real PostgreSQL database, and reqwest playing builder and user.

mod auth;
mod connections;
mod e2e;
mod errors;
mod harness;
mod hostile;
mod malformed;
mod openapi;
mod replay;
mod schemathesis;
mod storage;
