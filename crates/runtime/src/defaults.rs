//! A settings struct's defaults are the defaults its clap flags declare, so
//! each is written once. Reading them ignores the environment: a test or an
//! embedding that asks for defaults gets the documented ones, whatever
//! `BUILDSRS_*` variables the process happens to have.

use std::time::Duration;

use clap::{Args, Command};

/// `T` parsed from `args` (flags only, no program name) with every
/// environment fallback switched off.
pub fn without_env<T: Args>(args: &[&str]) -> Result<T, clap::Error> {
    let command = T::augment_args(Command::new("defaults")).mut_args(|arg| arg.env(None));
    let matches =
        command.try_get_matches_from(std::iter::once("defaults").chain(args.iter().copied()))?;
    T::from_arg_matches(&matches)
}

/// A duration as a flag's default text (`5m`, `1h 30m`), for defaults that
/// come from a library's own `Default`; `humantime::parse_duration` reads it
/// back.
pub fn duration_text(duration: Duration) -> String {
    humantime::format_duration(duration).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, clap::Args)]
    struct Example {
        #[arg(long, env = "BUILDSRS_RUNTIME_TEST_LIMIT", default_value_t = 3)]
        limit: u32,
    }

    #[test]
    fn defaults_ignore_the_environment() {
        // SAFETY: this test binary's only reader of this variable is this test.
        unsafe { std::env::set_var("BUILDSRS_RUNTIME_TEST_LIMIT", "9") };
        assert_eq!(without_env::<Example>(&[]).unwrap().limit, 3);
        assert_eq!(without_env::<Example>(&["--limit", "5"]).unwrap().limit, 5);
    }

    #[test]
    fn duration_text_reads_back_as_the_same_duration() {
        for seconds in [300, 3600, 15, 0, 90] {
            let duration = Duration::from_secs(seconds);
            let text = duration_text(duration);
            assert_eq!(
                humantime::parse_duration(&text).unwrap(),
                duration,
                "{text}"
            );
        }
        assert_eq!(duration_text(Duration::from_secs(300)), "5m");
    }
}
