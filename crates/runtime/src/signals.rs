//! SIGTERM (systemd's stop) and SIGINT (Ctrl-C), the signals that ask a
//! daemon to stop.

use std::fmt;

use tokio::signal::unix::{Signal as Handler, SignalKind, signal};
use tokio_util::sync::CancellationToken;

/// A signal that asks the process to stop.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Signal {
    Terminate,
    Interrupt,
}

impl fmt::Display for Signal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Signal::Terminate => "SIGTERM",
            Signal::Interrupt => "SIGINT",
        })
    }
}

/// Handlers for both stop signals, installed together.
#[derive(Debug)]
pub struct Signals {
    terminate: Handler,
    interrupt: Handler,
}

impl Signals {
    /// Installs the handlers; from then on the signals no longer kill the
    /// process but are received here.
    pub fn install() -> std::io::Result<Self> {
        Ok(Self {
            terminate: signal(SignalKind::terminate())?,
            interrupt: signal(SignalKind::interrupt())?,
        })
    }

    /// The next stop signal.
    pub async fn recv(&mut self) -> Signal {
        tokio::select! {
            _ = self.terminate.recv() => Signal::Terminate,
            _ = self.interrupt.recv() => Signal::Interrupt,
        }
    }
}

/// A token cancelled by the first stop signal, which is logged with what
/// the daemon does next (`then`, such as "finishing the current batch").
pub fn shutdown_token(then: &'static str) -> std::io::Result<CancellationToken> {
    let mut signals = Signals::install()?;
    let token = CancellationToken::new();
    let cancel = token.clone();
    tokio::spawn(async move {
        let signal = signals.recv().await;
        tracing::info!("{signal}: {then}");
        cancel.cancel();
    });
    Ok(token)
}
