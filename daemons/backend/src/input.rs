//! Validation at the edge: what a request carries is checked here, before it
//! reaches the database, so a value PostgreSQL would refuse (a NUL byte in
//! text, a date outside its range) is the client's 400 with a stable code,
//! never a database error. Numbers are checked where they are read, with
//! checked arithmetic ([`resume_line`]).

use axum::http::{HeaderValue, StatusCode};
use chrono::NaiveDate;

use crate::error::ApiError;

/// The longest text accepted in a path or query, in bytes: far above any
/// crate name (64) or version, far below what would burden an index.
pub const MAX_TEXT_BYTES: usize = 1024;

/// The earliest date a query may name.
pub const MIN_DATE: NaiveDate = NaiveDate::from_ymd_opt(1, 1, 1).expect("a valid date");

/// The latest date a query may name.
pub const MAX_DATE: NaiveDate = NaiveDate::from_ymd_opt(9999, 12, 31).expect("a valid date");

/// Refuses text PostgreSQL cannot store or that no name is: a NUL byte, or
/// more than [`MAX_TEXT_BYTES`]. `field` names it in the message.
pub fn text(field: &str, value: &str) -> Result<(), ApiError> {
    if value.contains('\0') {
        return Err(invalid_text(format!("{field} holds a NUL character")));
    }
    if value.len() > MAX_TEXT_BYTES {
        return Err(invalid_text(format!(
            "{field} is longer than {MAX_TEXT_BYTES} bytes"
        )));
    }
    Ok(())
}

fn invalid_text(message: String) -> ApiError {
    ApiError::new(StatusCode::BAD_REQUEST, "invalid_text", message)
}

/// Refuses a date outside [`MIN_DATE`] to [`MAX_DATE`]; `field` names it.
pub fn date(field: &str, value: Option<NaiveDate>) -> Result<(), ApiError> {
    match value {
        Some(value) if !(MIN_DATE..=MAX_DATE).contains(&value) => Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid_date",
            format!("{field} ({value}) is not between {MIN_DATE} and {MAX_DATE}"),
        )),
        _ => Ok(()),
    }
}

/// Refuses a batch of log lines that holds a NUL character, naming the
/// first such line (a builder replaces NUL before it sends).
pub fn log_lines(lines: &[String]) -> Result<(), ApiError> {
    match lines.iter().position(|line| line.contains('\0')) {
        Some(index) => Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid_log_line",
            format!("log line {index} of the batch holds a NUL character"),
        )),
        None => Ok(()),
    }
}

/// The line a live log starts at: the one after `Last-Event-ID` when the
/// client sends one (a line number, 0 to `i64::MAX - 1`), else `from`, at
/// least 0.
pub fn resume_line(last_event_id: Option<&HeaderValue>, from: i64) -> Result<i64, ApiError> {
    let Some(value) = last_event_id else {
        return Ok(from.max(0));
    };
    value
        .to_str()
        .ok()
        .and_then(|text| text.trim().parse::<i64>().ok())
        .filter(|last| *last >= 0)
        .and_then(|last| last.checked_add(1))
        .ok_or_else(|| ApiError::bad_request("Last-Event-ID is not a line number"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_with_a_nul_or_too_long_is_refused_as_invalid_text() {
        assert!(text("prefix", "serde").is_ok());
        assert!(text("prefix", "").is_ok());
        for bad in ["a\0b".to_owned(), "x".repeat(MAX_TEXT_BYTES + 1)] {
            let error = text("prefix", &bad).unwrap_err();
            assert_eq!(
                (error.status, error.code),
                (StatusCode::BAD_REQUEST, "invalid_text")
            );
            assert!(error.message.contains("prefix"), "{}", error.message);
        }
    }

    #[test]
    fn dates_outside_years_1_to_9999_are_refused_as_invalid_date() {
        assert!(date("from", None).is_ok());
        assert!(date("from", Some(MIN_DATE)).is_ok());
        assert!(date("to", Some(MAX_DATE)).is_ok());
        for bad in [
            NaiveDate::MIN,
            NaiveDate::MAX,
            NaiveDate::from_ymd_opt(0, 12, 31).unwrap(),
        ] {
            let error = date("to", Some(bad)).unwrap_err();
            assert_eq!(error.code, "invalid_date", "{bad}");
        }
    }

    #[test]
    fn a_nul_in_a_log_line_is_refused_naming_the_line() {
        let lines = ["fine".to_owned(), "bad\0".to_owned()];
        let error = log_lines(&lines).unwrap_err();
        assert_eq!(error.code, "invalid_log_line");
        assert!(error.message.contains("line 1"), "{}", error.message);
        assert!(log_lines(&lines[..1]).is_ok());
    }

    #[test]
    fn last_event_id_resumes_after_its_line_without_overflow() {
        let header = |text: &str| HeaderValue::from_str(text).unwrap();
        assert_eq!(resume_line(None, 5).unwrap(), 5);
        assert_eq!(resume_line(None, -5).unwrap(), 0);
        assert_eq!(resume_line(Some(&header("41")), 0).unwrap(), 42);
        assert_eq!(
            resume_line(Some(&header("9223372036854775806")), 0).unwrap(),
            i64::MAX
        );
        for bad in ["9223372036854775807", "-1", "-9223372036854775808", "x", ""] {
            let error = resume_line(Some(&header(bad)), 0).unwrap_err();
            assert_eq!(error.status, StatusCode::BAD_REQUEST, "{bad}");
        }
    }
}
