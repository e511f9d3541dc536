//! Integration tests of buildsrs-backend, on real PostgreSQL: each test owns
//! a database cloned from the migrated template.

mod artifacts;
mod builders;
mod bus;
mod downloads;
mod faults;
mod jobs;
mod logs;
mod replica;
mod scheduler;
mod support;
mod task_references;
mod tasks;
