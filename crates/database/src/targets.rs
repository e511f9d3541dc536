//! Targets: the Rust target triples buildsrs builds for.

use crate::queries::queries::targets as sql;
use crate::{Client, Error};

pub use sql::TargetList as Target;

/// Adds a target, enabled or not. Fails on an invalid or taken name.
pub async fn add(client: &Client, name: &str, enabled: bool) -> Result<i64, Error> {
    if !is_target_triple(name) {
        return Err(Error::InvalidTarget(name.to_owned()));
    }
    sql::target_insert()
        .bind(client, &name, &enabled)
        .opt()
        .await?
        .ok_or_else(|| Error::DuplicateTarget(name.to_owned()))
}

/// Every target, by name.
pub async fn list(client: &Client) -> Result<Vec<Target>, Error> {
    Ok(sql::target_list().bind(client).all().await?)
}

/// Enables or disables a target: a disabled one gets no new work.
pub async fn set_enabled(client: &Client, name: &str, enabled: bool) -> Result<(), Error> {
    sql::target_set_enabled()
        .bind(client, &enabled, &name)
        .opt()
        .await?
        .map(drop)
        .ok_or_else(|| Error::UnknownTarget(name.to_owned()))
}

/// The shape of a target triple, as the `targets.name` CHECK has it, so a bad
/// name gets a clear error before it reaches the server.
fn is_target_triple(name: &str) -> bool {
    let mut chars = name.chars();
    name.len() <= 128
        && chars
            .next()
            .is_some_and(|first| first.is_ascii_lowercase() || first.is_ascii_digit())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "_.-".contains(c))
}
