//! The OpenAPI 3.1 document of the whole HTTP API, served at
//! `GET /api/openapi.json`. It is generated from the handlers'
//! `#[utoipa::path]` annotations and the JSON types (`views`,
//! `buildsrs_protocol::api` with its feature `openapi`), and the router is
//! built from the same annotations (`utoipa_axum::routes!`), so a served
//! route is a documented route. Here: the document's frame ([`ApiDoc`]),
//! the builder API's security scheme (the signed `x-buildsrs-*` headers),
//! the errors every operation can answer ([`CommonErrors`]), the schemas of
//! the domain's enums ([`schemas`]) and the document's own route.

pub mod schemas;

use axum::Extension;
use axum::http::header;
use axum::response::IntoResponse;
use buildsrs_protocol::api::ErrorBody;
use buildsrs_protocol::signing::header as signed;
use bytes::Bytes;
use utoipa::openapi::path::Operation;
use utoipa::openapi::response::{Response, ResponseBuilder};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityRequirement, SecurityScheme};
use utoipa::openapi::{Content, OpenApi as Document, Ref};
use utoipa::{Modify, OpenApi};

/// The tag of the signed builder API's operations.
pub const BUILDER: &str = "builder";
/// The tag of the public API's operations.
pub const PUBLIC: &str = "public";
/// The tag of the operators' endpoints.
pub const OPS: &str = "ops";

/// The document's frame: what the annotations do not say.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "buildsrs backend",
        description = "The build farm's HTTP API: the public API (crates, versions, jobs, logs, \
            artifacts, download counts), the signed builder API and the operators' endpoints. \
            Every error answer is an `ErrorBody` with a stable `code`."
    ),
    tags(
        (name = "public", description = "Read-only and unauthenticated."),
        (name = "builder", description = "Signed by a registered builder's SSH key: every \
            request carries the five `x-buildsrs-*` headers (see the security schemes)."),
        (name = "ops", description = "Liveness, readiness, metrics and this document."),
    ),
    components(schemas(ErrorBody))
)]
pub struct ApiDoc;

/// Adds to a document whose routes are in what no single annotation says:
/// the signed routes' security and the errors every operation can answer.
/// (utoipa's `modifiers` run before the router merges the routes in.)
pub fn finish(document: &mut Document) {
    SignedHeaders.modify(document);
    CommonErrors.modify(document);
}

/// The builder API's security: five headers, all required together.
struct SignedHeaders;

/// Each signed header, as a security scheme, with what it carries.
const SIGNED_HEADERS: [(&str, &str); 5] = [
    (
        signed::KEY,
        "The builder key's fingerprint, `SHA256:` and unpadded base64, as `ssh-keygen -l` prints it.",
    ),
    (
        signed::TIMESTAMP,
        "Unix seconds when the request was signed; accepted within the server's `--auth-window`.",
    ),
    (
        signed::NONCE,
        "16 to 128 of `[A-Za-z0-9_-]`, never used before by this builder.",
    ),
    (
        signed::CONTENT_SHA256,
        "The body's SHA-256 as 64 lowercase hex characters (of nothing for an empty body).",
    ),
    (
        signed::SIGNATURE,
        "Base64 of an SSHSIG (namespace `buildsrs-builder-v1@buildsrs`, SHA-512) over \
         `buildsrs-request-v1\\n{METHOD}\\n{path?query}\\n{timestamp}\\n{nonce}\\n{sha256 hex}\\n`, \
         as `ssh-keygen -Y sign -n buildsrs-builder-v1@buildsrs` makes it.",
    ),
];

impl Modify for SignedHeaders {
    fn modify(&self, document: &mut Document) {
        let components = document.components.get_or_insert_with(Default::default);
        for (name, description) in SIGNED_HEADERS {
            let key = ApiKeyValue::with_description(name, description);
            components.add_security_scheme(name, SecurityScheme::ApiKey(ApiKey::Header(key)));
        }
        let all_of = SecurityRequirement::default();
        let requirement = SIGNED_HEADERS
            .iter()
            .fold(all_of, |requirement, (name, _)| {
                requirement.add::<&str, [&str; 0], &str>(name, [])
            });
        for operation in operations(document) {
            if is_tagged(operation, BUILDER) {
                operation.security = Some(vec![requirement.clone()]);
            }
        }
    }
}

/// Adds the errors any operation can answer, so each annotation lists only
/// its own: 500 `internal` and 503 `database` everywhere (the one mapping
/// of `error.rs`), and for the signed routes what the signature check and
/// the body reader refuse (401, 403, 413) and a stored rule's refusal (422).
struct CommonErrors;

impl Modify for CommonErrors {
    fn modify(&self, document: &mut Document) {
        for operation in operations(document) {
            let mut errors = vec![
                (
                    "500",
                    "`internal`, `storage`, `artifact_missing`, `artifact_corrupted`: the server failed.",
                ),
                (
                    "503",
                    "`database`, `bus_closed`, `streams_full`: unavailable for now; retry later.",
                ),
            ];
            if is_tagged(operation, BUILDER) {
                errors.extend([
                    (
                        "401",
                        "`bad_auth_header`, `unknown_key`, `bad_signature`, `stale_request`, \
                         `replayed_request`, `body_mismatch`: the signature does not hold.",
                    ),
                    ("403", "`builder_disabled`: the key's builder is disabled."),
                    ("413", "`too_large`: the body is above the server's limit."),
                    (
                        "422",
                        "`constraint_violation`: the request conflicts with a rule of the stored data.",
                    ),
                ]);
            }
            for (status, description) in errors {
                operation
                    .responses
                    .responses
                    .entry(status.to_owned())
                    .or_insert_with(|| error_response(description).into());
            }
        }
    }
}

/// An error answer: an [`ErrorBody`] as JSON.
pub fn error_response(description: &str) -> Response {
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/json",
            Content::new(Some(Ref::from_schema_name("ErrorBody"))),
        )
        .build()
}

/// Every operation of the document.
fn operations(document: &mut Document) -> impl Iterator<Item = &mut Operation> {
    document.paths.paths.values_mut().flat_map(|item| {
        [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.options,
            &mut item.head,
            &mut item.patch,
            &mut item.trace,
        ]
        .into_iter()
        .filter_map(Option::as_mut)
    })
}

fn is_tagged(operation: &Operation, tag: &str) -> bool {
    operation
        .tags
        .as_ref()
        .is_some_and(|tags| tags.iter().any(|name| name == tag))
}

/// One Server-Sent Event of a stream, as a client reads it.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct ServerSentEvent {
    /// Its kind (`line`, `end`, `error`).
    event: Option<String>,
    /// Its data: for a `line`, a `LogLine` as JSON.
    data: String,
    /// For a `line`, its number.
    id: Option<String>,
}

/// The document as served: made once when the router is built.
#[derive(Clone, Debug)]
pub struct Served(pub Bytes);

impl Served {
    /// `document` as JSON.
    pub fn new(document: &Document) -> Self {
        Self(Bytes::from(
            serde_json::to_vec(document).expect("an OpenAPI document serializes"),
        ))
    }
}

/// This document.
#[utoipa::path(
    get,
    path = "/api/openapi.json",
    tag = OPS,
    responses((status = 200, description = "The OpenAPI 3.1 document of this API.", content_type = "application/json"))
)]
pub async fn document(Extension(served): Extension<Served>) -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], served.0)
}
