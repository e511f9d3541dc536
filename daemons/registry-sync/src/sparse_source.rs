//! The sparse HTTP index source: conditional requests for named crate files
//! (ETag / Last-Modified kept per crate), bounded concurrency, gzip. A 404,
//! 410 or 451 means the crate is gone. Knows nothing of the database beyond
//! the validators it is handed.

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Duration;

use buildsrs_database::queries::queries::registry_sync::SparseCacheListMany;
use buildsrs_report::Report;
use futures::StreamExt;
use reqwest::StatusCode;
use reqwest::header::{ETAG, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED};

use crate::crate_file::CrateFile;
use crate::index_line::is_valid_crate_name;
use crate::reconcile::{Batch, FileChange, SparseValidators};
use crate::{Error, FetchError};

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

/// A crate file the index did not give, and why.
#[derive(Debug)]
pub(crate) struct FailedFetch {
    pub(crate) file: String,
    pub(crate) error: FetchError,
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
    ) -> (Batch, Vec<FailedFetch>) {
        let stored: HashMap<String, SparseCacheListMany> = stored
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
            match answer {
                Ok(answer) => add_answer(&mut batch, file, answer),
                Err(error) => {
                    tracing::warn!(%file, error = %Report(&error), "could not fetch a crate from the sparse index");
                    failures.push(FailedFetch { file, error });
                }
            }
        }
        // Tree order, so batches and logs read the same on every pass.
        batch.changes.sort_by(|a, b| a.file.cmp(&b.file));
        (batch, failures)
    }

    /// Fetches one file, keeping its name beside the answer.
    async fn fetch(
        &self,
        file: String,
        stored: Option<SparseCacheListMany>,
    ) -> (String, Result<Answer, FetchError>) {
        let answer = self.fetch_one(&file, stored.as_ref()).await;
        (file, answer)
    }

    /// One conditional request, with the stored validators if any.
    async fn fetch_one(
        &self,
        file: &str,
        stored: Option<&SparseCacheListMany>,
    ) -> Result<Answer, FetchError> {
        let url = self
            .index
            .crate_url(file)
            .ok_or(FetchError::NotACrateName)?;
        let mut request = self.http.get(url);
        if let Some(stored) = stored {
            if let Some(etag) = &stored.etag {
                request = request.header(IF_NONE_MATCH, etag);
            }
            if let Some(last_modified) = &stored.last_modified {
                request = request.header(IF_MODIFIED_SINCE, last_modified);
            }
        }
        let response = request.send().await?;
        match response.status() {
            StatusCode::NOT_MODIFIED => Ok(Answer::Unchanged),
            StatusCode::NOT_FOUND
            | StatusCode::GONE
            | StatusCode::UNAVAILABLE_FOR_LEGAL_REASONS => Ok(Answer::Gone),
            status if status.is_success() => changed(file, response).await,
            status => Err(FetchError::Status(status)),
        }
    }
}

/// A successful answer: the file's body and its validators.
async fn changed(file: &str, response: reqwest::Response) -> Result<Answer, FetchError> {
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
    let body = response.bytes().await?;
    Ok(Answer::Changed {
        body: body.to_vec(),
        validators,
    })
}

/// Adds what the index answered for `file` to the batch: a changed file with
/// its validators, or a gone one with none; an unchanged file adds nothing.
fn add_answer(batch: &mut Batch, file: String, answer: Answer) {
    match answer {
        Answer::Unchanged => {}
        Answer::Changed { body, validators } => {
            let content = Some(CrateFile::parse(&file, &body));
            batch.changes.push(FileChange { file, content });
            batch.sparse_validators.push(validators);
        }
        Answer::Gone => {
            batch.changes.push(FileChange {
                file: file.clone(),
                content: None,
            });
            batch.sparse_validators.push(SparseValidators {
                file,
                etag: None,
                last_modified: None,
            });
        }
    }
}
