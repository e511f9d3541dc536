//! Integration tests of buildsrs-database, on real PostgreSQL: each test owns
//! a database cloned from the migrated template (or an empty one).

mod access;
mod builders;
mod cli;
mod migrations;
mod pool;
mod registry;
mod roles;
mod targets;
mod temp;
mod tls;
mod upgrades;
