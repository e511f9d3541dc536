//! The operator's part, for the benchmark and the tests: targets and
//! builders set up through `buildsrs_database::builders` and `targets`, the
//! one home of what `buildsrs-database target …` and `builder …` run. The
//! backend itself never registers builders or switches targets. The tests
//! include this file too.

#![allow(dead_code, reason = "the benchmark and the tests each use a part")]
#![allow(
    async_fn_in_trait,
    reason = "used only inside this package's tests and benchmark"
)]

use buildsrs_backend::{Backend, BuilderId, TargetId};
use buildsrs_database::Error;
use buildsrs_database::builders::{self, Builder, BuilderTarget, NewBuilder};
use buildsrs_database::targets::{self, Target};
use ssh_key::PublicKey;

/// An operator's commands on the database a backend runs on.
pub trait Operator {
    /// Adds a target, enabled or not.
    async fn add_target(&self, name: &str, enabled: bool) -> Result<TargetId, Error>;
    /// Enables or disables a target everywhere.
    async fn set_target_enabled(&self, name: &str, enabled: bool) -> Result<(), Error>;
    /// Every target, by name.
    async fn targets(&self) -> Result<Vec<Target>, Error>;
    /// Registers a builder by its key; an empty comment takes the key's own.
    async fn register_builder(
        &self,
        key: &PublicKey,
        comment: &str,
        enabled: bool,
    ) -> Result<BuilderId, Error>;
    /// Every builder, by id.
    async fn builders(&self) -> Result<Vec<Builder>, Error>;
    /// Enables or disables a builder.
    async fn set_builder_enabled(&self, builder: BuilderId, enabled: bool) -> Result<(), Error>;
    /// Lets a builder build a target (or stops it), by the target's name.
    async fn set_builder_target(
        &self,
        builder: BuilderId,
        target: &str,
        enabled: bool,
    ) -> Result<(), Error>;
    /// A builder's targets, by name.
    async fn builder_targets(&self, builder: BuilderId) -> Result<Vec<BuilderTarget>, Error>;
}

impl Operator for Backend {
    async fn add_target(&self, name: &str, enabled: bool) -> Result<TargetId, Error> {
        let client = self.database().client().await?;
        Ok(TargetId(targets::add(&client, name, enabled).await?))
    }

    async fn set_target_enabled(&self, name: &str, enabled: bool) -> Result<(), Error> {
        let client = self.database().client().await?;
        targets::set_enabled(&client, name, enabled).await
    }

    async fn targets(&self) -> Result<Vec<Target>, Error> {
        let client = self.database().client().await?;
        targets::list(&client).await
    }

    async fn register_builder(
        &self,
        key: &PublicKey,
        comment: &str,
        enabled: bool,
    ) -> Result<BuilderId, Error> {
        let mut client = self.database().client().await?;
        let builder = NewBuilder {
            key: key.clone(),
            comment: comment.to_owned(),
            enabled,
        };
        Ok(BuilderId(builders::add(&mut client, &builder).await?))
    }

    async fn builders(&self) -> Result<Vec<Builder>, Error> {
        let client = self.database().client().await?;
        builders::list(&client).await
    }

    async fn set_builder_enabled(&self, builder: BuilderId, enabled: bool) -> Result<(), Error> {
        let client = self.database().client().await?;
        builders::set_enabled(&client, builder.0, enabled).await
    }

    async fn set_builder_target(
        &self,
        builder: BuilderId,
        target: &str,
        enabled: bool,
    ) -> Result<(), Error> {
        let client = self.database().client().await?;
        builders::set_target(&client, builder.0, target, enabled).await
    }

    async fn builder_targets(&self, builder: BuilderId) -> Result<Vec<BuilderTarget>, Error> {
        let client = self.database().client().await?;
        builders::targets(&client, builder.0).await
    }
}
