//! Inline SVG charts: drawn on the server, no script and no external asset.

use buildsrs_backend::status::JobMinute;
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

/// Two bars per minute, claims and completions, oldest minute first.
pub fn job_minutes(minutes: &[JobMinute]) -> Markup {
    let most = minutes
        .iter()
        .map(|minute| minute.claims.max(minute.completions))
        .max()
        .unwrap_or(0)
        .max(1);
    let slot = WIDTH / minutes.len().max(1) as i64;
    let bar = (slot / 2 - 1).max(1);
    let height = |count: i64| count * (HEIGHT - 10) / most;
    html! {
        svg.chart viewBox={ "0 0 " (WIDTH) " " (HEIGHT) } role="img" aria-label="Claims and completions per minute, last hour" {
            @for (index, minute) in minutes.iter().enumerate() {
                @let x = index as i64 * slot;
                @let time = minute.minute.format("%H:%M");
                rect.claims x=(x) y=(HEIGHT - height(minute.claims)) width=(bar) height=(height(minute.claims)) {
                    title { (time) ": " (minute.claims) " claimed" }
                }
                rect.completions x=(x + bar) y=(HEIGHT - height(minute.completions)) width=(bar) height=(height(minute.completions)) {
                    title { (time) ": " (minute.completions) " completed" }
                }
            }
        }
        @if let (Some(first), Some(last)) = (minutes.first(), minutes.last()) {
            p.axis { span { (first.minute.format("%H:%M")) } span { (last.minute.format("%H:%M UTC")) } }
        }
        p.legend { span.claims { "■ claimed" } " " span.completions { "■ completed" } " — most in a minute: " (most) }
    }
}
