//! Integration tests of the backend daemon: the real daemon on a loopback
//! port, a real PostgreSQL database, and reqwest playing builder and user.

mod auth;
mod browser;
mod connections;
mod e2e;
mod errors;
mod harness;
mod hostile;
mod instances;
mod logs;
mod malformed;
mod moto;
mod openapi;
mod pages;
mod replay;
mod s3;
mod schemathesis;
mod storage;
mod upkeep;
