//! What one connection is doing, for its timeouts: [`Watched`] wraps the
//! socket and notes reads and stalled writes, [`Busy`] marks a request from
//! its head's arrival until its answer's last byte went out (it travels in
//! the [`Answer`] body), and [`Activity::expired`] says which timeout, if
//! any, has run out.

use std::io;
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll};

use axum::body::{Body, Bytes};
use http_body::{Body as HttpBody, Frame, SizeHint};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio::time::Instant;

use super::Limits;

/// The connection's phase, shared by its socket, its requests and its task.
#[derive(Debug)]
pub struct Activity {
    state: Mutex<State>,
}

#[derive(Debug)]
struct State {
    /// Requests whose answer has not been sent in full.
    busy: usize,
    /// When the last answer was sent (or the connection accepted).
    idle_since: Instant,
    /// When the next request's head began: the accept for the first one, the
    /// first byte read after an answer for later ones.
    head_since: Option<Instant>,
    /// Since when a write has waited for the client to read.
    stalled_since: Option<Instant>,
}

impl Activity {
    /// A connection just accepted: its first request's head is due.
    pub fn new() -> Self {
        let now = Instant::now();
        Self {
            state: Mutex::new(State {
                busy: 0,
                idle_since: now,
                head_since: Some(now),
                stalled_since: None,
            }),
        }
    }

    /// Which timeout has run out at `now`, if one has.
    pub fn expired(&self, limits: &Limits, now: Instant) -> Option<&'static str> {
        let state = self.lock();
        let over = |since: Instant, limit| now.saturating_duration_since(since) >= limit;
        if state
            .stalled_since
            .is_some_and(|since| over(since, limits.send))
        {
            return Some("the client stopped reading (send timeout)");
        }
        if state.busy > 0 {
            return None;
        }
        match state.head_since {
            Some(since) if over(since, limits.header_read) => {
                Some("no complete request head in time (header-read timeout)")
            }
            Some(_) => None,
            None if over(state.idle_since, limits.idle) => Some("idle too long (idle timeout)"),
            None => None,
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // The state stays consistent even if a holder panicked.
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Bytes arrived: between requests, they begin the next one's head.
    fn read(&self) {
        let mut state = self.lock();
        if state.busy == 0 && state.head_since.is_none() {
            state.head_since = Some(Instant::now());
        }
    }

    /// A write completed (`true`) or had to wait for the client (`false`).
    fn wrote(&self, progressed: bool) {
        let mut state = self.lock();
        if progressed {
            state.stalled_since = None;
        } else if state.stalled_since.is_none() {
            state.stalled_since = Some(Instant::now());
        }
    }
}

/// A request in flight, from its head to its answer's end.
#[derive(Debug)]
pub struct Busy(Arc<Activity>);

impl Busy {
    /// A request's head has arrived.
    pub fn begin(activity: Arc<Activity>) -> Self {
        {
            let mut state = activity.lock();
            state.busy += 1;
            state.head_since = None;
        }
        Self(activity)
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        let mut state = self.0.lock();
        state.busy -= 1;
        if state.busy == 0 {
            state.idle_since = Instant::now();
        }
    }
}

/// An answer's body, holding its request's [`Busy`] until hyper has sent
/// the last byte and drops it.
pub struct Answer {
    body: Body,
    _busy: Busy,
}

impl Answer {
    /// `body`, keeping `busy` alive as long as it.
    pub fn new(body: Body, busy: Busy) -> Self {
        Self { body, _busy: busy }
    }
}

impl HttpBody for Answer {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        context: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        Pin::new(&mut self.body).poll_frame(context)
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}

/// The connection's socket, reporting reads and writes to its [`Activity`].
#[derive(Debug)]
pub struct Watched {
    stream: TcpStream,
    activity: Arc<Activity>,
}

impl Watched {
    /// `stream`, watched.
    pub fn new(stream: TcpStream, activity: Arc<Activity>) -> Self {
        Self { stream, activity }
    }

    /// Notes how a write went, and passes it on.
    fn note(&self, written: Poll<io::Result<usize>>) -> Poll<io::Result<usize>> {
        match &written {
            Poll::Pending => self.activity.wrote(false),
            Poll::Ready(Ok(bytes)) if *bytes > 0 => self.activity.wrote(true),
            Poll::Ready(_) => {}
        }
        written
    }
}

impl AsyncRead for Watched {
    fn poll_read(
        mut self: Pin<&mut Self>,
        context: &mut Context<'_>,
        buffer: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buffer.filled().len();
        let read = Pin::new(&mut self.stream).poll_read(context, buffer);
        if buffer.filled().len() > before {
            self.activity.read();
        }
        read
    }
}

impl AsyncWrite for Watched {
    fn poll_write(
        mut self: Pin<&mut Self>,
        context: &mut Context<'_>,
        bytes: &[u8],
    ) -> Poll<io::Result<usize>> {
        let written = Pin::new(&mut self.stream).poll_write(context, bytes);
        self.note(written)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        context: &mut Context<'_>,
        buffers: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let written = Pin::new(&mut self.stream).poll_write_vectored(context, buffers);
        self.note(written)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, context: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(context)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, context: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(context)
    }
}
