//! Which queries may run on the read pool: every query in `queries/*.sql`
//! carries a marker right under its `--! name` line, `-- access: read-only`
//! or `-- access: primary`. `build.rs` reads them (refusing a query without
//! one) into [`ALL`]; a test proves each read-only query writes nothing.
//!
//! Callers route by hand: [`Database::read_client`](crate::Database::read_client)
//! for read-only queries, [`Database::client`](crate::Database::client) for
//! the rest and for reads that must see the caller's own writes.

pub mod source;

pub use source::Access;

/// One query of `queries/` and its access.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Query {
    /// The file stem, which is also the generated module (`jobs`).
    pub module: &'static str,
    /// The query's name, which is also the generated function (`job_get`).
    pub name: &'static str,
    /// What its marker says.
    pub access: Access,
}

/// Every query of `queries/`, in file and line order.
pub const ALL: &[Query] = include!(concat!(env!("OUT_DIR"), "/access.rs"));

/// The access of query `name` of module `module`, or `None` if there is no
/// such query.
pub fn of(module: &str, name: &str) -> Option<Access> {
    ALL.iter()
        .find(|query| query.module == module && query.name == name)
        .map(|query| query.access)
}
