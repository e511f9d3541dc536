//! `sslmode` and `sslrootcert` taken out of a connection string (a URL or
//! libpq's `key=value` form) before tokio-postgres, which refuses most of
//! their values, reads the rest.

use std::path::PathBuf;

use super::{RootCertificates, SslMode};
use crate::Error;

/// The TLS settings a connection string names.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct TlsSettings {
    pub(super) mode: Option<SslMode>,
    pub(super) roots: Option<RootCertificates>,
}

impl TlsSettings {
    /// Takes `key = value` if it is a TLS setting; false for any other key.
    fn take(&mut self, key: &str, value: &str) -> Result<bool, Error> {
        match key {
            "sslmode" => self.mode = Some(value.parse()?),
            "sslrootcert" if value == "system" => self.roots = Some(RootCertificates::System),
            "sslrootcert" => self.roots = Some(RootCertificates::File(PathBuf::from(value))),
            _ => return Ok(false),
        }
        Ok(true)
    }
}

/// Splits `sslmode` and `sslrootcert` off a connection string: the string
/// without them, and their values.
pub(super) fn take_tls_settings(text: &str) -> Result<(String, TlsSettings), Error> {
    let mut settings = TlsSettings::default();
    let is_url = text.starts_with("postgres://") || text.starts_with("postgresql://");
    let rest = if is_url {
        take_from_url(text, &mut settings)?
    } else {
        take_from_key_values(text, &mut settings)?
    };
    Ok((rest, settings))
}

/// The URL form: settings are `?key=value&…` query parameters, percent-encoded.
fn take_from_url(url: &str, settings: &mut TlsSettings) -> Result<String, Error> {
    let Some((base, query)) = url.split_once('?') else {
        return Ok(url.to_owned());
    };
    let mut kept = Vec::new();
    for pair in query.split('&') {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        if !settings.take(&decode(key)?, &decode(value)?)? {
            kept.push(pair);
        }
    }
    Ok(match kept.is_empty() {
        true => base.to_owned(),
        false => format!("{base}?{}", kept.join("&")),
    })
}

/// A percent-decoded URL part.
fn decode(text: &str) -> Result<String, Error> {
    percent_encoding::percent_decode_str(text)
        .decode_utf8()
        .map(|decoded| decoded.into_owned())
        .map_err(|_| Error::TlsSetting(format!("{text:?} is not UTF-8 once percent-decoded")))
}

/// The `key=value` form: pairs separated by spaces, values optionally in
/// single quotes, with `\` escaping the next character.
fn take_from_key_values(text: &str, settings: &mut TlsSettings) -> Result<String, Error> {
    let mut kept = Vec::new();
    let mut rest = text.trim_start();
    while !rest.is_empty() {
        let (key, value, after) = next_key_value(rest)?;
        let pair = &rest[..rest.len() - after.len()];
        if !settings.take(key, &value)? {
            kept.push(pair.trim_end());
        }
        rest = after.trim_start();
    }
    Ok(kept.join(" "))
}

/// The first `key = value` pair of `text`: its key, unescaped value, and
/// what follows it.
fn next_key_value(text: &str) -> Result<(&str, String, &str), Error> {
    let key_end = text
        .find(|c: char| c == '=' || c.is_whitespace())
        .unwrap_or(text.len());
    let key = &text[..key_end];
    let Some(after_equals) = text[key_end..].trim_start().strip_prefix('=') else {
        return Err(Error::TlsSetting(format!(
            "{key:?} in the connection string has no `=value`"
        )));
    };
    let value_text = after_equals.trim_start();
    let quoted = value_text.starts_with('\'');
    let mut value = String::new();
    let mut chars = value_text.char_indices().skip(usize::from(quoted));
    while let Some((at, c)) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some((_, escaped)) => value.push(escaped),
                None => break,
            },
            '\'' if quoted => return Ok((key, value, &value_text[at + 1..])),
            c if c.is_whitespace() && !quoted => return Ok((key, value, &value_text[at..])),
            c => value.push(c),
        }
    }
    if quoted {
        return Err(Error::TlsSetting(format!(
            "the value of {key:?} in the connection string has no closing quote"
        )));
    }
    Ok((key, value, ""))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> (String, TlsSettings) {
        take_tls_settings(text).unwrap()
    }

    #[test]
    fn tls_settings_are_taken_out_of_a_url_and_the_rest_kept_in_order() {
        let (rest, settings) = split(
            "postgresql://u@db.example:5432/app?application_name=a&sslmode=verify-full\
             &sslrootcert=%2Fetc%2Fca.pem&connect_timeout=3",
        );
        assert_eq!(
            rest,
            "postgresql://u@db.example:5432/app?application_name=a&connect_timeout=3"
        );
        assert_eq!(settings.mode, Some(SslMode::VerifyFull));
        assert_eq!(
            settings.roots,
            Some(RootCertificates::File("/etc/ca.pem".into()))
        );
    }

    #[test]
    fn a_url_with_only_tls_settings_loses_its_query() {
        let (rest, settings) = split("postgres://h/db?sslmode=require");
        assert_eq!(rest, "postgres://h/db");
        assert_eq!(settings.mode, Some(SslMode::Require));
    }

    #[test]
    fn tls_settings_are_taken_out_of_key_values_with_quotes_and_escapes() {
        let (rest, settings) = split(
            "host=db.example  sslmode = verify-ca sslrootcert='/my certs/it\\'s.pem' \
             password='a b' user=u",
        );
        assert_eq!(rest, "host=db.example password='a b' user=u");
        assert_eq!(settings.mode, Some(SslMode::VerifyCa));
        assert_eq!(
            settings.roots,
            Some(RootCertificates::File("/my certs/it's.pem".into()))
        );
    }

    #[test]
    fn sslrootcert_system_means_the_platform_store() {
        let (_, settings) = split("host=h sslrootcert=system");
        assert_eq!(settings.roots, Some(RootCertificates::System));
    }

    #[test]
    fn an_unknown_sslmode_is_refused_with_the_modes_there_are() {
        let error = take_tls_settings("host=h sslmode=allow").unwrap_err();
        assert!(
            error
                .to_string()
                .contains("\"allow\" is not one of disable"),
            "{error}"
        );
    }

    #[test]
    fn an_unclosed_quote_is_refused() {
        let error = take_tls_settings("host=h sslrootcert='/x").unwrap_err();
        assert!(error.to_string().contains("no closing quote"), "{error}");
    }
}
