//! What the database says about the farm at a moment, for the daemon's
//! `/metrics`: the queue by task state and the builders at work. Counted in
//! SQL on the read pool at each scrape.

use std::time::Duration;

use buildsrs_database::queries::queries::metrics as sql;

use crate::{Backend, Error};

/// The farm's state as gauges.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Gauges {
    /// Every task state by its label (`waiting` is the queue depth), zero
    /// included, so a state that empties reads 0 rather than vanishing.
    pub tasks_by_state: Vec<(String, i64)>,
    /// Enabled builders seen within the window given.
    pub active_builders: i64,
}

impl Backend {
    /// The gauges now; a builder counts as active when it sent a heartbeat
    /// within `active_within`.
    pub async fn gauges(&self, active_within: Duration) -> Result<Gauges, Error> {
        let client = self.read_client().await?;
        let tasks_by_state = sql::metrics_tasks_by_state()
            .bind(&client)
            .all()
            .await?
            .into_iter()
            .map(|row| (row.state, row.tasks))
            .collect();
        let active_builders = sql::metrics_active_builders()
            .bind(&client, &active_within.as_secs_f64())
            .one()
            .await?;
        Ok(Gauges {
            tasks_by_state,
            active_builders,
        })
    }
}
