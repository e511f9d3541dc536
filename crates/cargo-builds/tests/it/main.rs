//! Tests of `cargo builds` without the real backend: artifacts, hostile or
//! not, checked and unpacked; the record and what uninstalling removes; a
//! loopback server playing the backend for checksum and HTTP errors.

mod archive;
mod http;
mod record;
