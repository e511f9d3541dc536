//! The HTTP routes, by audience.

pub mod builder;
pub mod ops;
pub mod public;
