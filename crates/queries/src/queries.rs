// This file was generated with `cornucopia`. Do not modify.

pub mod artifacts;
pub mod builders;
pub mod catalog;
pub mod crates;
pub mod databases;
pub mod downloads;
pub mod health;
pub mod jobs;
pub mod locks;
pub mod logs;
pub mod metrics;
pub mod migrations;
pub mod nonces;
pub mod registry_sync;
pub mod retention;
pub mod scheduler;
pub mod sessions;
pub mod status;
pub mod targets;
pub mod tasks;
