//! The delays of a loop that retries until it works: exponential from a
//! first delay, capped, forever. By backon, so every loop grows alike.

use std::time::Duration;

use backon::{BackoffBuilder as _, ExponentialBuilder};

/// Delays from `first`, doubling up to `max`, without end.
pub fn exponential(first: Duration, max: Duration) -> impl Iterator<Item = Duration> + Send {
    ExponentialBuilder::default()
        .with_min_delay(first)
        .with_max_delay(max)
        .without_max_times()
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_double_from_the_first_up_to_the_cap_and_never_end() {
        let delays: Vec<u64> = exponential(Duration::from_secs(1), Duration::from_secs(60))
            .take(10)
            .map(|delay| delay.as_secs())
            .collect();
        assert_eq!(delays, [1, 2, 4, 8, 16, 32, 60, 60, 60, 60]);
        assert!(
            exponential(Duration::from_millis(1), Duration::from_millis(2))
                .nth(10_000)
                .is_some()
        );
    }
}
