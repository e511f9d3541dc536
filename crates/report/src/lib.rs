//! How an error is told to a person, in log lines, pass records and exit
//! messages alike: [`Report`] shows the whole cause chain on one line, so
//! the cause that a person can act on (the server's "permission denied", the
//! certificate a TLS handshake refused, the refused connection) is never
//! hidden behind a summary such as `db error` or `error sending request`.
//!
//! With the `postgres` feature, an error from the server reads as its
//! message, then its SQLSTATE, detail and hint.

use std::error::Error;
use std::fmt;
use std::process::ExitCode;

/// An error and its sources, joined by `: `; a source whose text its
/// error already shows is told once.
#[derive(Clone, Copy)]
pub struct Report<'a>(pub &'a (dyn Error + 'static));

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut shown = String::new();
        let mut next = Some(self.0);
        while let Some(error) = next {
            let (text, source) = describe(error);
            if !shown.contains(text.as_str()) {
                if !shown.is_empty() {
                    shown.push_str(": ");
                }
                shown.push_str(&text);
            }
            next = source;
        }
        f.write_str(&shown)
    }
}

impl fmt::Debug for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// How a binary ends: success, or `error: ` and the [`Report`] of what
/// stopped it on stderr, and status 1.
pub fn exit<E: AsRef<dyn Error + Send + Sync + 'static>>(result: Result<(), E>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            let error: &(dyn Error + 'static) = error.as_ref();
            eprintln!("error: {}", Report(error));
            ExitCode::FAILURE
        }
    }
}

/// One link of the chain on one line, and the link after it.
fn describe<'a>(error: &'a (dyn Error + 'static)) -> (String, Option<&'a (dyn Error + 'static)>) {
    #[cfg(feature = "postgres")]
    if let Some(text) = postgres::describe(error) {
        return text;
    }
    let text = error.to_string().lines().collect::<Vec<_>>().join("; ");
    (text, error.source())
}

#[cfg(feature = "postgres")]
mod postgres {
    use std::error::Error;

    use tokio_postgres::error::DbError;

    /// The server's own words for an error it sent; `None` for any other.
    pub fn describe<'a>(
        error: &'a (dyn Error + 'static),
    ) -> Option<(String, Option<&'a (dyn Error + 'static)>)> {
        let database = if let Some(error) = error.downcast_ref::<tokio_postgres::Error>() {
            // "db error" says nothing: the server's error is the source.
            error.as_db_error()?
        } else {
            error.downcast_ref::<DbError>()?
        };
        let mut text = format!(
            "{}: {} (SQLSTATE {})",
            database.severity(),
            database.message(),
            database.code().code()
        );
        if let Some(detail) = database.detail() {
            text.push_str(&format!("; detail: {detail}"));
        }
        if let Some(hint) = database.hint() {
            text.push_str(&format!("; hint: {hint}"));
        }
        Some((text, None))
    }
}

#[cfg(test)]
mod tests {
    use super::Report;

    #[derive(Debug, thiserror::Error)]
    #[error("the pass failed")]
    struct Pass(#[source] Fetch);

    #[derive(Debug, thiserror::Error)]
    #[error("could not fetch the index")]
    struct Fetch(#[source] std::io::Error);

    #[derive(Debug, thiserror::Error)]
    enum Wrapper {
        #[error(transparent)]
        Io(#[from] std::io::Error),
    }

    #[test]
    fn every_cause_is_shown_on_one_line() {
        let error = Pass(Fetch(std::io::Error::new(
            std::io::ErrorKind::ConnectionRefused,
            "connection refused\n(os error 111)",
        )));
        assert_eq!(
            Report(&error).to_string(),
            "the pass failed: could not fetch the index: connection refused; (os error 111)"
        );
    }

    #[test]
    fn a_cause_its_error_already_shows_is_told_once() {
        let error = Wrapper::from(std::io::Error::other("disk full"));
        assert_eq!(Report(&error).to_string(), "disk full");
    }
}
