//! The nonces of signed builder requests, remembered in the database until
//! their request's timestamp leaves the auth window, so that every backend
//! instance on a database, and one restarted, accepts a signed request once.
//! The [`nonce_pruner`] deletes the expired ones in batches. Checking the
//! timestamp and the signature is the daemon's (`auth`); this module only
//! remembers.

use std::future::Future;

use buildsrs_database::queries::queries::nonces as sql;

use crate::periodic::{self, First};
use crate::{Backend, BuilderId, Error};

impl Backend {
    /// Remembers `nonce` of `builder` until `expires_at` (Unix seconds), in
    /// one statement: true when it was new (or its earlier use had expired),
    /// false when it is remembered, which makes the request a replay.
    pub async fn nonce_admit(
        &self,
        builder: BuilderId,
        nonce: &str,
        expires_at: i64,
    ) -> Result<bool, Error> {
        let client = self.client().await?;
        let admitted = sql::request_nonce_admit()
            .bind(&client, &builder.0, &nonce, &expires_at)
            .opt()
            .await?;
        Ok(admitted.is_some())
    }

    /// Deletes up to [`Config::nonce_prune_batch`](crate::Config) expired
    /// nonces; answers how many went.
    pub async fn nonce_prune(&self) -> Result<u64, Error> {
        let client = self.client().await?;
        let batch = self.config().nonce_prune_batch;
        Ok(sql::request_nonce_prune_expired()
            .bind(&client, &batch)
            .await?)
    }
}

/// Deletes expired nonces every
/// [`Config::nonce_prune_interval`](crate::Config), a batch after another
/// while batches come back full, until `shutdown` resolves. Several
/// instances may run it: each skips the rows another is deleting.
pub async fn nonce_pruner(backend: Backend, shutdown: impl Future<Output = ()>) {
    let config = backend.config();
    periodic::every(
        config.nonce_prune_interval,
        First::Now,
        shutdown,
        || async {
            periodic::in_batches(config.nonce_prune_batch, "pruning expired nonces", || {
                backend.nonce_prune()
            })
            .await;
        },
    )
    .await;
}
