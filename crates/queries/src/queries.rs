// This file was generated with `cornucopia`. Do not modify.

pub mod builders;
pub mod crates;
pub mod databases;
pub mod health;
pub mod locks;
pub mod migrations;
pub mod targets;
