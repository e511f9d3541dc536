//! Integration tests of the backend daemon.

mod auth;
mod storage;
