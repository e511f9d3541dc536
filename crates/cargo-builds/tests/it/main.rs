//! Tests of `cargo builds` without a server: artifacts, hostile or not,
//! checked and unpacked; the record and what uninstalling removes.

mod archive;
mod record;
