//! The frame every page shares, and the small formats pages show values in.

use chrono::{DateTime, Utc};
use maud::{DOCTYPE, Markup, html};

use crate::convert::IntoApi;

/// A whole page: `title` in the tab and `body` under the site's header.
pub fn page(title: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · buildsrs" }
                link rel="stylesheet" href="/static/app.css";
                link rel="icon" href="/static/favicon.svg" type="image/svg+xml";
            }
            body {
                header {
                    a.home href="/" { "buildsrs" }
                    form action="/" method="get" role="search" {
                        input type="search" name="q" placeholder="Search crates" aria-label="Crate name prefix";
                    }
                }
                main { (body) }
            }
        }
    }
}

/// A domain enum's label as the JSON API spells it (`build_failed`).
pub fn label<T: IntoApi<Api: Into<&'static str>>>(value: T) -> &'static str {
    value.into_api().into()
}

/// A time as UTC to the second.
pub fn time(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%d %H:%M:%S UTC").to_string()
}

/// How long from `start` to `end`, in the largest two units.
pub fn duration(start: DateTime<Utc>, end: DateTime<Utc>) -> String {
    let seconds = (end - start).num_seconds().max(0);
    match seconds {
        0..60 => format!("{seconds} s"),
        60..3600 => format!("{} min {} s", seconds / 60, seconds % 60),
        _ => format!("{} h {} min", seconds / 3600, seconds % 3600 / 60),
    }
}

/// A size in bytes, in the largest unit that keeps a whole number.
pub fn size(bytes: i64) -> String {
    const UNITS: [&str; 4] = ["B", "KiB", "MiB", "GiB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} B")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_durations_read_as_people_write_them() {
        assert_eq!(size(512), "512 B");
        assert_eq!(size(1536), "1.5 KiB");
        assert_eq!(size(5 << 30), "5.0 GiB");
        let start = DateTime::<Utc>::UNIX_EPOCH;
        assert_eq!(
            duration(start, start + chrono::Duration::seconds(75)),
            "1 min 15 s"
        );
        assert_eq!(
            duration(start, start + chrono::Duration::seconds(7260)),
            "2 h 1 min"
        );
    }
}
