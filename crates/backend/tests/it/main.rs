//! Integration tests of buildsrs-backend, on real PostgreSQL: each test owns
//! a database cloned from the migrated template.

mod artifacts;
// The benchmark's baseline claims, to test that they are fair.
#[path = "../../benches/baselines/mod.rs"]
mod baselines;
mod builders;
mod bus;
mod downloads;
mod faults;
mod follow;
mod gauges;
mod jobs;
mod logs;
mod nonces;
// The operator's part: targets and builders set up as `buildsrs-database` does.
#[path = "../../benches/operator.rs"]
mod operator;
mod replica;
mod retention;
mod scheduler;
#[path = "../../benches/seed/mod.rs"]
mod seed;
mod status;
mod support;
mod task_references;
mod tasks;
