//! Where a crate's `.crate` file is downloaded from: the registry's `dl`
//! template, given on the command line or read from the sparse index's
//! `config.json`, expanded by the `crates-index` crate (`{crate}`,
//! `{version}`, `{prefix}`, `{lowerprefix}`, `{sha256-checksum}`, or
//! `/{crate}/{version}/download` appended when the template has none).
//!
//! The index's `config.json` is read once, on the first job, and kept; a
//! failure is not kept, so the next job tries again.

use std::time::Duration;

use buildsrs_report::Report;
use crates_index::IndexConfig;
use tokio::sync::OnceCell;

/// The crates.io sparse index.
pub const CRATES_IO_INDEX: &str = "https://index.crates.io/";

/// The largest `config.json` accepted.
const MAX_CONFIG_BYTES: usize = 64 * 1024;

/// How the download template is found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RegistrySource {
    /// The template itself, such as
    /// `https://static.crates.io/crates/{crate}/{crate}-{version}.crate`
    /// or `file:///srv/crates/{crate}-{version}.crate`.
    Template(String),
    /// A sparse index's base URL (`sparse+` is accepted and dropped); its
    /// `config.json` holds the template.
    Index(String),
}

/// Why a download URL could not be made.
#[derive(Debug, thiserror::Error)]
pub enum RegistryError {
    #[error("reading the registry configuration {url}: {detail}")]
    Config { url: String, detail: String },
    #[error(
        "the download template {template:?} cannot be expanded for {krate} {version} (an empty crate name?)"
    )]
    Expand {
        template: String,
        krate: String,
        version: String,
    },
}

/// The registry that `.crate` files come from.
#[derive(Debug)]
pub struct Registry {
    source: RegistrySource,
    http: reqwest::Client,
    config: OnceCell<IndexConfig>,
}

impl Registry {
    pub fn new(source: RegistrySource, http: reqwest::Client) -> Self {
        Self {
            source,
            http,
            config: OnceCell::new(),
        }
    }

    /// The URL of `krate` `version` whose `.crate` has this SHA-256.
    pub async fn download_url(
        &self,
        krate: &str,
        version: &str,
        checksum: &[u8; 32],
    ) -> Result<String, RegistryError> {
        let config = self.config.get_or_try_init(|| self.load()).await?;
        expand(config, krate, version, checksum)
    }

    async fn load(&self) -> Result<IndexConfig, RegistryError> {
        match &self.source {
            RegistrySource::Template(template) => Ok(IndexConfig {
                dl: template.clone(),
                api: None,
            }),
            RegistrySource::Index(base) => {
                let url = config_url(base);
                let config = fetch_config(&self.http, &url).await.map_err(|detail| {
                    RegistryError::Config {
                        url: url.clone(),
                        detail,
                    }
                })?;
                tracing::info!(%url, template = %config.dl, "read the registry's download template");
                Ok(config)
            }
        }
    }
}

/// `<base>/config.json`, for a sparse index URL with or without `sparse+`
/// and a trailing slash.
pub fn config_url(base: &str) -> String {
    let base = base.strip_prefix("sparse+").unwrap_or(base);
    format!("{}/config.json", base.trim_end_matches('/'))
}

/// Expands `config`'s template for one crate version (through
/// `crates_index::IndexConfig::download_url_with_checksum`).
pub fn expand(
    config: &IndexConfig,
    krate: &str,
    version: &str,
    checksum: &[u8; 32],
) -> Result<String, RegistryError> {
    config
        .download_url_with_checksum(krate, version, checksum)
        .ok_or_else(|| RegistryError::Expand {
            template: config.dl.clone(),
            krate: krate.to_owned(),
            version: version.to_owned(),
        })
}

async fn fetch_config(http: &reqwest::Client, url: &str) -> Result<IndexConfig, String> {
    let mut response = http
        .get(url)
        .timeout(Duration::from_secs(60))
        .send()
        .await
        .map_err(|error| Report(&error).to_string())?;
    if !response.status().is_success() {
        return Err(format!("the server answered {}", response.status()));
    }
    let mut body = Vec::new();
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|error| Report(&error).to_string())?
    {
        body.extend_from_slice(&chunk);
        if body.len() > MAX_CONFIG_BYTES {
            return Err(format!("larger than {MAX_CONFIG_BYTES} bytes"));
        }
    }
    serde_json::from_slice(&body).map_err(|error| format!("not a registry config.json: {error}"))
}
