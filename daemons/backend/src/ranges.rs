//! The conditional and range headers of a download (RFC 9110 §13 and §14),
//! as pure functions of header text: `If-None-Match` against the artifact's
//! entity tag, `If-Range`, and one `bytes` range of `Range`.
//!
//! One range is all a download needs (resuming, or a player seeking); a
//! request for several gets the whole body with a 200, as the RFC allows,
//! rather than a multipart answer no client here asks for.

/// What a `Range` header asks of a body of some length.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wanted {
    /// The whole body: no range, several, or one that does not parse.
    Whole,
    /// Bytes `first..=last`, within the body.
    Part { first: u64, last: u64 },
    /// A range that starts past the end (416).
    Unsatisfiable,
}

/// Reads a `Range` header for a body of `length` bytes.
pub fn wanted(range: Option<&str>, length: u64) -> Wanted {
    let Some(spec) = range.and_then(bytes_spec) else {
        return Wanted::Whole;
    };
    if spec.contains(',') {
        return Wanted::Whole;
    }
    let Some((first, last)) = spec.split_once('-') else {
        return Wanted::Whole;
    };
    match (number(first.trim()), number(last.trim())) {
        (Some(Some(first)), Some(last)) => from_first(first, last, length),
        (Some(None), Some(Some(suffix))) => suffix_of(suffix, length),
        _ => Wanted::Whole,
    }
}

/// `first-` or `first-last`.
fn from_first(first: u64, last: Option<u64>, length: u64) -> Wanted {
    let last = last.unwrap_or(u64::MAX);
    if last < first {
        return Wanted::Whole;
    }
    if first >= length {
        return Wanted::Unsatisfiable;
    }
    Wanted::Part {
        first,
        last: last.min(length - 1),
    }
}

/// `-suffix`: the last `suffix` bytes.
fn suffix_of(suffix: u64, length: u64) -> Wanted {
    if suffix == 0 || length == 0 {
        return Wanted::Unsatisfiable;
    }
    Wanted::Part {
        first: length - suffix.min(length),
        last: length - 1,
    }
}

/// The range set after `bytes=` (the unit in any case).
fn bytes_spec(header: &str) -> Option<&str> {
    let (unit, spec) = header.trim().split_once('=')?;
    unit.trim()
        .eq_ignore_ascii_case("bytes")
        .then_some(spec.trim())
}

/// Digits as a number (`Some(None)` when empty, `None` when not digits); a
/// number too large for `u64` is `u64::MAX`, past any body.
fn number(text: &str) -> Option<Option<u64>> {
    if text.is_empty() {
        return Some(None);
    }
    if !text.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    Some(Some(text.parse().unwrap_or(u64::MAX)))
}

/// Whether `If-None-Match` (its values, in order) matches `etag`: `*`, or
/// any listed tag by the weak comparison (a `W/` prefix is ignored).
pub fn none_match<'a>(values: impl IntoIterator<Item = &'a str>, etag: &str) -> bool {
    values
        .into_iter()
        .flat_map(|value| value.split(','))
        .map(str::trim)
        .any(|tag| tag == "*" || tag.strip_prefix("W/").unwrap_or(tag) == etag)
}

/// Whether a `Range` applies under `If-Range`: with no `If-Range`, or one
/// naming `etag` by the strong comparison. A date never matches (downloads
/// send no `Last-Modified`), so the whole body is sent.
pub fn if_range_holds(if_range: Option<&str>, etag: &str) -> bool {
    if_range.is_none_or(|value| value.trim() == etag)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part(first: u64, last: u64) -> Wanted {
        Wanted::Part { first, last }
    }

    #[test]
    fn one_bytes_range_is_read_in_each_of_its_forms() {
        assert_eq!(wanted(Some("bytes=0-9"), 100), part(0, 9));
        assert_eq!(wanted(Some("bytes=90-"), 100), part(90, 99));
        assert_eq!(wanted(Some("bytes=90-1000"), 100), part(90, 99));
        assert_eq!(wanted(Some("bytes=-10"), 100), part(90, 99));
        assert_eq!(wanted(Some("bytes=-1000"), 100), part(0, 99));
        assert_eq!(wanted(Some(" Bytes = 5 - 5 "), 100), part(5, 5));
        assert_eq!(
            wanted(Some("bytes=0-99999999999999999999999"), 100),
            part(0, 99)
        );
    }

    #[test]
    fn a_range_past_the_end_is_unsatisfiable() {
        for header in [
            "bytes=100-",
            "bytes=100-200",
            "bytes=-0",
            "bytes=99999999999999999999-",
        ] {
            assert_eq!(wanted(Some(header), 100), Wanted::Unsatisfiable, "{header}");
        }
        assert_eq!(wanted(Some("bytes=-5"), 0), Wanted::Unsatisfiable);
    }

    #[test]
    fn several_ranges_other_units_and_garbage_get_the_whole_body() {
        for header in [
            "bytes=0-1,5-6",
            "items=0-1",
            "bytes=5-1",
            "bytes=-",
            "bytes=a-b",
            "bytes=1",
            "bytes=+1-2",
            "",
            "0-1",
        ] {
            assert_eq!(wanted(Some(header), 100), Wanted::Whole, "{header:?}");
        }
        assert_eq!(wanted(None, 100), Wanted::Whole);
    }

    #[test]
    fn if_none_match_matches_star_or_a_listed_tag_weakly() {
        let etag = "\"abc\"";
        assert!(none_match(["\"abc\""], etag));
        assert!(none_match(["*"], etag));
        assert!(none_match(["\"x\", W/\"abc\""], etag));
        assert!(none_match(["\"x\"", "\"abc\""], etag));
        assert!(!none_match(["\"x\""], etag));
        assert!(!none_match(["abc"], etag));
        assert!(!none_match([], etag));
    }

    #[test]
    fn if_range_holds_only_for_the_same_strong_tag() {
        let etag = "\"abc\"";
        assert!(if_range_holds(None, etag));
        assert!(if_range_holds(Some("\"abc\""), etag));
        assert!(!if_range_holds(Some("W/\"abc\""), etag));
        assert!(!if_range_holds(Some("\"other\""), etag));
        assert!(!if_range_holds(Some("Wed, 21 Oct 2015 07:28:00 GMT"), etag));
    }
}
