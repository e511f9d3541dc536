//! Inline SVG charts: drawn on the server, no script and no external asset.

use chrono::NaiveDate;
use maud::{Markup, html};

const WIDTH: i64 = 600;
const HEIGHT: i64 = 120;

/// A bar per day from `from` for 30 days: the downloads of each.
pub fn daily_downloads(daily: &[(NaiveDate, i64)], from: NaiveDate) -> Markup {
    let days: Vec<(NaiveDate, i64)> = from
        .iter_days()
        .take(30)
        .map(|day| {
            let count = daily
                .iter()
                .find(|(date, _)| *date == day)
                .map_or(0, |(_, count)| *count);
            (day, count)
        })
        .collect();
    let most = days
        .iter()
        .map(|(_, count)| *count)
        .max()
        .unwrap_or(0)
        .max(1);
    let bar = WIDTH / days.len().max(1) as i64;
    html! {
        svg.chart viewBox={ "0 0 " (WIDTH) " " (HEIGHT) } role="img" aria-label="Downloads per day, last 30 days" {
            @for (index, (day, count)) in days.iter().enumerate() {
                @let height = count * (HEIGHT - 10) / most;
                rect x=(index as i64 * bar + 1) y=(HEIGHT - height) width=(bar - 2) height=(height) {
                    title { (day) ": " (count) }
                }
            }
        }
    }
}
