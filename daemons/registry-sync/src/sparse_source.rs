//! The sparse HTTP index source: conditional requests for named crate files
//! (ETag / Last-Modified kept per crate), bounded concurrency, gzip. A 404,
//! 410 or 451 means the crate is gone. Knows nothing of the database beyond
//! the validators it is handed.

use std::path::PathBuf;
use std::time::Duration;

use buildsrs_database::queries::queries::registry_sync::SparseCacheListMany;
use buildsrs_report::Report;
use futures::StreamExt;
use reqwest::StatusCode;
use reqwest::header::{ETAG, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED};

use crate::Error;
use crate::crate_file::CrateFile;
use crate::index_line::is_valid_crate_name;
use crate::reconcile::{Batch, FileChange, SparseValidators};

/// A sparse index to refresh crates from.
#[derive(Clone, Debug)]
pub struct SparseSource {
    /// The index's base URL, such as `https://index.crates.io/`.
    pub url: String,
    /// The crates to refresh; None: every crate the mirror knows.
    pub crates: Option<Vec<String>>,
    /// Requests in flight at once.
    pub concurrency: usize,
    /// How long one request may take.
    pub timeout: Duration,
}

/// An HTTP client bound to one sparse index.
pub(crate) struct Fetcher {
    http: reqwest::Client,
    /// Where each crate's file is, by cargo's layout (crates-index's).
    index: crates_index::SparseIndex,
    concurrency: usize,
}

/// What the index answered for one crate file.
enum Answer {
    Changed {
        body: Vec<u8>,
        validators: SparseValidators,
    },
    Unchanged,
    Gone,
}

impl Fetcher {
    pub(crate) fn new(source: &SparseSource) -> Result<Self, Error> {
        let url_error = |message: String| Error::SparseUrl {
            url: source.url.clone(),
            message,
        };
        let base = reqwest::Url::parse(&source.url)
            .map_err(|error| url_error(Report(&error).to_string()))?;
        // No local cache: only its URLs are used.
        let index = crates_index::SparseIndex::at_path(PathBuf::new(), base.to_string());
        if let Some(names) = &source.crates
            && let Some(bad) = names.iter().find(|name| !is_valid_crate_name(name))
        {
            return Err(Error::InvalidCrateName(bad.clone()));
        }
        let http = reqwest::Client::builder()
            .user_agent(concat!(
                "buildsrs-registry-sync/",
                env!("CARGO_PKG_VERSION")
            ))
            .timeout(source.timeout)
            .gzip(true)
            .build()
            .map_err(|error| url_error(Report(&error).to_string()))?;
        Ok(Self {
            http,
            index,
            concurrency: source.concurrency.max(1),
        })
    }

    /// Fetches the crate files `files` (lowercase names) with the stored
    /// validators; returns the changed and gone files as a batch, and the
    /// files that could not be fetched, each with its error.
    pub(crate) async fn fetch_many(
        &self,
        files: &[String],
        stored: Vec<SparseCacheListMany>,
    ) -> (Batch, Vec<String>) {
        let stored: std::collections::HashMap<String, SparseCacheListMany> = stored
            .into_iter()
            .map(|row| (row.crate_file.clone(), row))
            .collect();
        let mut answers = futures::stream::iter(files.iter().cloned())
            .map(|file| {
                let validators = stored.get(&file).cloned();
                self.fetch(file, validators)
            })
            .buffer_unordered(self.concurrency);
        let mut batch = Batch::default();
        let mut failures = Vec::new();
        while let Some((file, answer)) = answers.next().await {
            let file = &file;
            match answer {
                Ok(Answer::Unchanged) => {}
                Ok(Answer::Changed { body, validators }) => {
                    batch.changes.push(FileChange {
                        file: file.clone(),
                        content: Some(CrateFile::parse(file, &body)),
                    });
                    batch.sparse_validators.push(validators);
                }
                Ok(Answer::Gone) => {
                    batch.changes.push(FileChange {
                        file: file.clone(),
                        content: None,
                    });
                    batch.sparse_validators.push(SparseValidators {
                        file: file.clone(),
                        etag: None,
                        last_modified: None,
                    });
                }
                Err(error) => {
                    tracing::warn!(%file, %error, "could not fetch a crate from the sparse index");
                    failures.push(format!("{file}: {error}"));
                }
            }
        }
        // Tree order, so batches and logs read the same on every pass.
        batch.changes.sort_by(|a, b| a.file.cmp(&b.file));
        (batch, failures)
    }

    async fn fetch(
        &self,
        file: String,
        stored: Option<SparseCacheListMany>,
    ) -> (String, Result<Answer, String>) {
        let answer = self.fetch_one(&file, stored.as_ref()).await;
        (file, answer)
    }

    async fn fetch_one(
        &self,
        file: &str,
        stored: Option<&SparseCacheListMany>,
    ) -> Result<Answer, String> {
        let url = self
            .index
            .crate_url(file)
            .ok_or_else(|| format!("{file:?} is not a crate name"))?;
        let mut request = self.http.get(url);
        if let Some(stored) = stored {
            if let Some(etag) = &stored.etag {
                request = request.header(IF_NONE_MATCH, etag);
            }
            if let Some(last_modified) = &stored.last_modified {
                request = request.header(IF_MODIFIED_SINCE, last_modified);
            }
        }
        let response = request
            .send()
            .await
            .map_err(|error| Report(&error).to_string())?;
        match response.status() {
            StatusCode::NOT_MODIFIED => Ok(Answer::Unchanged),
            StatusCode::NOT_FOUND
            | StatusCode::GONE
            | StatusCode::UNAVAILABLE_FOR_LEGAL_REASONS => Ok(Answer::Gone),
            status if status.is_success() => {
                let header = |name| {
                    response
                        .headers()
                        .get(name)
                        .and_then(|value: &reqwest::header::HeaderValue| value.to_str().ok())
                        .map(str::to_owned)
                };
                let validators = SparseValidators {
                    file: file.to_owned(),
                    etag: header(ETAG),
                    last_modified: header(LAST_MODIFIED),
                };
                let body = response
                    .bytes()
                    .await
                    .map_err(|error| Report(&error).to_string())?;
                Ok(Answer::Changed {
                    body: body.to_vec(),
                    validators,
                })
            }
            status => Err(format!("HTTP {status}")),
        }
    }
}
