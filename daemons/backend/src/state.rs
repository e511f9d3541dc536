//! What every request handler shares.

use std::sync::Arc;

use buildsrs_backend::Backend;
use buildsrs_backend::bus::Bus;
use buildsrs_backend::downloads::DownloadCounter;

use tokio_util::sync::CancellationToken;

use crate::metrics::Metrics;
use crate::settings::Settings;
use crate::storage::ArtifactStore;
use crate::streams::StreamLimits;

/// The service's shared state; cheap to clone.
#[derive(Clone, Debug)]
pub struct AppState(Arc<Shared>);

/// The parts of [`AppState`].
#[derive(Debug)]
pub struct Shared {
    pub backend: Backend,
    /// Wakes long-polling claims and feeds live logs.
    pub bus: Bus,
    pub store: ArtifactStore,
    /// Downloads counted since the last flush.
    pub downloads: Arc<DownloadCounter>,
    /// The live log streams' caps.
    pub streams: Arc<StreamLimits>,
    /// Cancelled when shutdown begins: live streams end then.
    pub closing: CancellationToken,
    pub settings: Settings,
    pub metrics: Metrics,
}

impl AppState {
    /// State over the given parts.
    pub fn new(shared: Shared) -> Self {
        Self(Arc::new(shared))
    }
}

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}
