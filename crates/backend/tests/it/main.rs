//! Integration tests of buildsrs-backend, on real PostgreSQL: each test owns
//! a database cloned from the migrated template.

mod artifacts;
mod builders;
mod bus;
mod downloads;
mod jobs;
mod logs;
mod support;
mod tasks;
