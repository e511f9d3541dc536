//! What every buildsrs daemon does around its work, written once (all but
//! `backoff` under the default feature `daemon`):
//!
//! - [`logging`]: [`LogFormat`] and the tracing subscriber on stderr.
//! - [`signals`]: shutdown on SIGTERM or SIGINT, as a `CancellationToken`.
//! - [`backoff`]: the delays of a retry or reconnect loop.
//! - [`defaults`]: a settings struct's defaults, read from its clap flags.
//! - `metrics` (feature `metrics`): a Prometheus registry served at `/metrics`.

pub mod backoff;
#[cfg(feature = "daemon")]
pub mod defaults;
#[cfg(feature = "daemon")]
pub mod logging;
#[cfg(feature = "metrics")]
pub mod metrics;
#[cfg(feature = "daemon")]
pub mod signals;

#[cfg(feature = "daemon")]
pub use logging::LogFormat;
