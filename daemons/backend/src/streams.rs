//! Caps on the live log streams (Server-Sent Events), which hold a
//! connection for as long as a job runs: at most `max_streams` open at once
//! (more get 503 `streams_full`) and `max_streams_per_client` from one client
//! (more get 429 `too_many_streams`). A client is its IP address, an IPv6 one
//! counted per /64, the block one host usually has. A [`StreamSlot`] holds a
//! place and gives it back when dropped with its stream. A stream whose
//! client stops reading is dropped by the connection's send timeout
//! (`serve`); one that ends at shutdown sends no `end` event, so its client
//! resumes elsewhere with `Last-Event-ID`.

use std::collections::HashMap;
use std::net::{IpAddr, Ipv6Addr};
use std::sync::{Arc, Mutex, MutexGuard};

use axum::http::StatusCode;
use prometheus_client::metrics::gauge::Gauge;

use crate::error::ApiError;

/// The open streams, counted in all and per client.
#[derive(Debug)]
pub struct StreamLimits {
    max_total: usize,
    max_per_client: usize,
    open: Mutex<Open>,
    /// `buildsrs_streams_open`.
    gauge: Gauge,
}

#[derive(Debug, Default)]
struct Open {
    total: usize,
    by_client: HashMap<IpAddr, usize>,
}

impl StreamLimits {
    /// Caps of `max_total` streams, `max_per_client` per client, counted in
    /// `gauge` too.
    pub fn new(max_total: usize, max_per_client: usize, gauge: Gauge) -> Arc<Self> {
        Arc::new(Self {
            max_total,
            max_per_client,
            open: Mutex::new(Open::default()),
            gauge,
        })
    }

    /// A place for one more stream to `address`, or the refusal to answer.
    pub fn acquire(self: &Arc<Self>, address: IpAddr) -> Result<StreamSlot, ApiError> {
        let client = client_of(address);
        let mut open = self.lock();
        if open.total >= self.max_total {
            return Err(ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "streams_full",
                format!(
                    "{} live streams are open, the most this server serves",
                    open.total
                ),
            ));
        }
        let of_client = open.by_client.entry(client).or_default();
        if *of_client >= self.max_per_client {
            return Err(ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                "too_many_streams",
                format!("{client} has {of_client} live streams open, the most one client may have"),
            ));
        }
        *of_client += 1;
        open.total += 1;
        self.gauge.inc();
        Ok(StreamSlot {
            limits: Arc::clone(self),
            client,
        })
    }

    fn lock(&self) -> MutexGuard<'_, Open> {
        // Counts stay consistent even if a holder panicked.
        self.open
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// One open stream's place; dropping it frees the place.
#[derive(Debug)]
pub struct StreamSlot {
    limits: Arc<StreamLimits>,
    client: IpAddr,
}

impl Drop for StreamSlot {
    fn drop(&mut self) {
        let mut open = self.limits.lock();
        open.total -= 1;
        if let Some(count) = open.by_client.get_mut(&self.client) {
            *count -= 1;
            if *count == 0 {
                open.by_client.remove(&self.client);
            }
        }
        self.limits.gauge.dec();
    }
}

/// The client an address belongs to: an IPv4 address (also when mapped into
/// IPv6) as it is, an IPv6 address as its /64.
fn client_of(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V4(v4) => IpAddr::V4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let prefix = u128::from(v6) & !(u128::MAX >> 64);
                IpAddr::V6(Ipv6Addr::from(prefix))
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipv6_addresses_of_one_64_are_one_client_and_mapped_ipv4_is_ipv4() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:bbbb::9".parse().unwrap();
        let other: IpAddr = "2001:db8:1:3::1".parse().unwrap();
        assert_eq!(client_of(a), client_of(b));
        assert_ne!(client_of(a), client_of(other));
        let mapped: IpAddr = "::ffff:192.0.2.7".parse().unwrap();
        assert_eq!(client_of(mapped), "192.0.2.7".parse::<IpAddr>().unwrap());
    }

    #[test]
    fn a_refused_stream_says_when_to_try_again() {
        use axum::response::IntoResponse as _;
        let limits = StreamLimits::new(1, 1, Gauge::default());
        let _slot = limits.acquire("192.0.2.1".parse().unwrap()).unwrap();
        for address in ["192.0.2.1", "192.0.2.2"] {
            let refused = limits.acquire(address.parse().unwrap()).unwrap_err();
            let response = refused.into_response();
            assert_eq!(response.headers()["retry-after"], "5", "{address}");
        }
    }

    #[test]
    fn a_dropped_slot_frees_its_place() {
        let limits = StreamLimits::new(2, 1, Gauge::default());
        let address: IpAddr = "192.0.2.1".parse().unwrap();
        let slot = limits.acquire(address).unwrap();
        assert_eq!(
            limits.acquire(address).unwrap_err().code,
            "too_many_streams"
        );
        let other = limits.acquire("192.0.2.2".parse().unwrap()).unwrap();
        assert_eq!(
            limits
                .acquire("192.0.2.3".parse().unwrap())
                .unwrap_err()
                .code,
            "streams_full"
        );
        drop(slot);
        drop(other);
        let _again = limits.acquire(address).unwrap();
        assert_eq!(limits.gauge.get(), 1);
    }
}
