//! The HTTP/1 accept loop, over hyper, in place of `axum::serve`: at most
//! `max_connections` connections at once (more wait in the listen backlog),
//! and each connection closed when its client takes longer than the
//! header-read timeout to send a request's head, stays idle between requests
//! longer than the idle timeout, or stops reading an answer for longer than
//! the send timeout. On shutdown it stops accepting, lets running requests
//! finish and closes idle connections. What a request does is the router's;
//! the caps on live log streams are `streams`'.
//!
//! hyper's own `header_read_timeout` is not used: its timer also runs while
//! a kept-alive connection waits for its next request, so it could not be
//! shorter than the idle timeout. `activity` tracks both phases instead.

mod activity;

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::ConnectInfo;
use axum::http::{Request, Response};
use futures::future::BoxFuture;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::TokioIo;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio_util::sync::CancellationToken;

use self::activity::{Activity, Busy, Watched};

/// The bounds every connection is held to.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Connections served at once.
    pub max_connections: u32,
    /// From accepting a connection, or from the first byte of a later
    /// request, until the request's head has arrived.
    pub header_read: Duration,
    /// Between the end of an answer and the first byte of the next request.
    pub idle: Duration,
    /// How long a write may wait on a client that does not read.
    pub send: Duration,
}

impl Limits {
    /// How often a connection checks its timeouts: a quarter of the
    /// shortest, so none is overrun by more than that.
    fn tick(&self) -> Duration {
        let shortest = self.header_read.min(self.idle).min(self.send);
        (shortest / 4).max(Duration::from_millis(5))
    }
}

/// Serves `router` on `listener` until `shutdown` is cancelled, then waits
/// for every connection to end.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: Limits,
    shutdown: CancellationToken,
) {
    let slots = Arc::new(Semaphore::new(limits.max_connections as usize));
    let mut at_cap = false;
    loop {
        if slots.available_permits() == 0 && !at_cap {
            tracing::warn!(
                max_connections = limits.max_connections,
                "at the connection limit: new connections wait"
            );
        }
        at_cap = slots.available_permits() == 0;
        let permit = tokio::select! {
            () = shutdown.cancelled() => break,
            permit = Arc::clone(&slots).acquire_owned() => permit.expect("the semaphore stays open"),
        };
        let (stream, peer) = tokio::select! {
            () = shutdown.cancelled() => break,
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // Out of file descriptors, say: wait rather than spin.
                    tracing::warn!(%error, "accepting a connection failed");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
        };
        let connection = connection(stream, peer, router.clone(), limits, shutdown.clone());
        tokio::spawn(hold(permit, connection));
    }
    drop(listener);
    // Each connection holds a permit until it ends: all back, all ended.
    let _ = slots.acquire_many(limits.max_connections).await;
}

/// Runs `work` holding a connection slot.
async fn hold(_permit: OwnedSemaphorePermit, work: impl Future<Output = ()>) {
    work.await;
}

/// Serves one connection until it ends, a timeout closes it, or shutdown
/// has let its running request finish.
async fn connection(
    stream: TcpStream,
    peer: SocketAddr,
    router: Router,
    limits: Limits,
    shutdown: CancellationToken,
) {
    // Answers are written whole; Nagle would only delay their last packet.
    let _ = stream.set_nodelay(true);
    let activity = Arc::new(Activity::new());
    let io = TokioIo::new(Watched::new(stream, Arc::clone(&activity)));
    let service = Handler {
        router,
        peer,
        activity: Arc::clone(&activity),
    };
    let connection = http1::Builder::new()
        .header_read_timeout(None)
        .serve_connection(io, service);
    tokio::pin!(connection);
    let mut ticks = tokio::time::interval(limits.tick());
    let mut draining = false;
    loop {
        tokio::select! {
            served = connection.as_mut() => {
                if let Err(error) = served {
                    tracing::debug!(%peer, %error, "connection ended with an error");
                }
                return;
            }
            () = shutdown.cancelled(), if !draining => {
                connection.as_mut().graceful_shutdown();
                draining = true;
            }
            _ = ticks.tick() => {
                if let Some(reason) = activity.expired(&limits, tokio::time::Instant::now()) {
                    tracing::debug!(%peer, reason, "closing the connection");
                    return;
                }
            }
        }
    }
}

/// Hands each request to the router, with the client's address as axum's
/// [`ConnectInfo`], and marks the connection busy until its answer is sent.
#[derive(Clone)]
struct Handler {
    router: Router,
    peer: SocketAddr,
    activity: Arc<Activity>,
}

impl hyper::service::Service<Request<Incoming>> for Handler {
    type Response = Response<activity::Answer>;
    type Error = Infallible;
    type Future = BoxFuture<'static, Result<Self::Response, Infallible>>;

    fn call(&self, mut request: Request<Incoming>) -> Self::Future {
        let busy = Busy::begin(Arc::clone(&self.activity));
        request.extensions_mut().insert(ConnectInfo(self.peer));
        let mut router = self.router.clone();
        Box::pin(async move {
            let response = tower_service::Service::call(&mut router, request).await?;
            Ok(response.map(|body| activity::Answer::new(body, busy)))
        })
    }
}
