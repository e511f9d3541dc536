//! Builders: remote machines identified by an OpenSSH public key, and the
//! targets each one may build. These are the operator's operations; the
//! claim protocol lives in the backend crate.

use std::path::Path;

use ssh_key::{Algorithm, HashAlg, PublicKey};

use crate::queries::client::GenericClient;
use crate::queries::queries::builders as sql;
use crate::{Client, Error};

pub use sql::{BuilderRow as Builder, BuilderTargetList as BuilderTarget};

/// A builder to register.
#[derive(Clone, Debug)]
pub struct NewBuilder {
    pub key: PublicKey,
    /// Free text for operators; the key's own comment when empty.
    pub comment: String,
    pub enabled: bool,
}

/// A registered builder's id, switch and public key.
#[derive(Clone, Debug)]
pub struct BuilderKey {
    pub builder: i64,
    /// A disabled builder's requests are refused.
    pub enabled: bool,
    pub key: PublicKey,
}

impl NewBuilder {
    /// Reads an OpenSSH public key file (`ssh-ed25519 AAAA... comment`).
    /// Refuses, naming the file, a key builders cannot sign requests with
    /// (see [`check_key_type`]).
    pub fn from_key_file(path: &Path) -> Result<Self, Error> {
        let invalid = |reason: String| Error::InvalidPublicKey {
            key: path.display().to_string(),
            reason,
        };
        let text = std::fs::read_to_string(path).map_err(|error| invalid(error.to_string()))?;
        let key =
            PublicKey::from_openssh(text.trim()).map_err(|error| invalid(error.to_string()))?;
        check_key_type(&key).map_err(|reason| Error::UnsupportedKey {
            key: path.display().to_string(),
            reason,
        })?;
        Ok(Self {
            comment: key.comment().to_owned(),
            key,
            enabled: true,
        })
    }
}

/// Whether builders can sign requests with `key`: the builder API verifies
/// ed25519, ECDSA (P-256, P-384, P-521), RSA of 2048 to 4096 bits, and the
/// security-key forms of ed25519 and P-256. DSA, which OpenSSH deprecated,
/// is refused by name. The error is the reason, for a message.
pub fn check_key_type(key: &PublicKey) -> Result<(), String> {
    match key.algorithm() {
        Algorithm::Dsa => Err(
            "DSA keys (ssh-dss) are not supported: OpenSSH has deprecated \
             them; use an ed25519 key (`ssh-keygen -t ed25519`), ECDSA or RSA"
                .to_owned(),
        ),
        Algorithm::Rsa { .. } => {
            let bits = rsa_bits(key);
            if (2048..=4096).contains(&bits) {
                Ok(())
            } else {
                Err(format!(
                    "an RSA key of {bits} bits is not supported: RSA keys need 2048 to 4096 bits \
                     (`ssh-keygen -t rsa` makes 3072)"
                ))
            }
        }
        Algorithm::Ed25519
        | Algorithm::Ecdsa { .. }
        | Algorithm::SkEd25519
        | Algorithm::SkEcdsaSha2NistP256 => Ok(()),
        other => Err(format!(
            "{other} keys are not supported: use ed25519 (`ssh-keygen -t ed25519`), ECDSA or RSA"
        )),
    }
}

/// The size of an RSA key's modulus in bits (0 for any other key).
fn rsa_bits(key: &PublicKey) -> usize {
    let Some(modulus) = key
        .key_data()
        .rsa()
        .and_then(|rsa| rsa.n.as_positive_bytes())
    else {
        return 0;
    };
    let leading_zeros = modulus.first().map_or(0, |byte| byte.leading_zeros());
    modulus.len() * 8 - leading_zeros as usize
}

/// A key's SHA-256 fingerprint as OpenSSH prints it (`SHA256:…`): the form
/// builders are looked up by and name their key with. Builders compute it
/// with `buildsrs_protocol::signing::fingerprint`, which this crate does not
/// depend on; the end-to-end tests prove the two agree.
pub fn fingerprint(key: &PublicKey) -> String {
    key.fingerprint(HashAlg::Sha256).to_string()
}

/// The fingerprints stored for a key: [`fingerprint`], then OpenSSH's
/// SHA-512 form.
fn fingerprints(key: &PublicKey) -> Vec<String> {
    vec![
        fingerprint(key),
        key.fingerprint(HashAlg::Sha512).to_string(),
    ]
}

/// Registers a builder with its key and fingerprints, in one transaction;
/// returns its id. A key can belong to one builder only, and must be one
/// builders can sign with ([`check_key_type`]).
pub async fn add(client: &mut Client, builder: &NewBuilder) -> Result<i64, Error> {
    check_key_type(&builder.key).map_err(|reason| Error::UnsupportedKey {
        key: fingerprint(&builder.key),
        reason,
    })?;
    let encoded = builder
        .key
        .to_bytes()
        .map_err(|error| Error::InvalidPublicKey {
            key: fingerprint(&builder.key),
            reason: error.to_string(),
        })?;
    let fingerprints = fingerprints(&builder.key);
    let transaction = client.transaction().await?;
    let algorithm = builder.key.algorithm().to_string();
    let Some(pubkey_id) = sql::pubkey_insert()
        .bind(&transaction, &algorithm, &encoded)
        .opt()
        .await?
    else {
        let existing = key_by_fingerprint(&transaction, &fingerprints[0]).await?;
        return Err(Error::DuplicateKey {
            builder: existing.map_or_else(
                || "none (an orphan key)".to_owned(),
                |holder| holder.builder.to_string(),
            ),
        });
    };
    sql::pubkey_fingerprint_insert_many()
        .bind(&transaction, &pubkey_id, &fingerprints)
        .await?;
    let comment = if builder.comment.is_empty() {
        builder.key.comment()
    } else {
        &builder.comment
    };
    let id = sql::builder_insert()
        .bind(&transaction, &pubkey_id, &comment, &builder.enabled)
        .one()
        .await?;
    transaction.commit().await?;
    Ok(id)
}

/// Every builder, by id.
pub async fn list(client: &Client) -> Result<Vec<Builder>, Error> {
    Ok(sql::builder_list().bind(client).all().await?)
}

/// The builder holding the key with this fingerprint ([`fingerprint`]'s
/// SHA-256 form or the SHA-512 one), with its switch and its key: how a
/// signed request is checked and how [`add`] names the holder of a
/// duplicate key.
pub async fn key_by_fingerprint<C: GenericClient>(
    client: &C,
    fingerprint: &str,
) -> Result<Option<BuilderKey>, Error> {
    let Some(row) = sql::builder_key_by_fingerprint()
        .bind(client, &fingerprint)
        .opt()
        .await?
    else {
        return Ok(None);
    };
    let key = PublicKey::from_bytes(&row.encoded).map_err(|error| Error::InvalidPublicKey {
        key: format!("the stored key of builder {}", row.id),
        reason: error.to_string(),
    })?;
    Ok(Some(BuilderKey {
        builder: row.id,
        enabled: row.enabled,
        key,
    }))
}

/// Enables or disables a builder: a disabled one claims no work.
pub async fn set_enabled(client: &Client, builder: i64, enabled: bool) -> Result<(), Error> {
    sql::builder_set_enabled()
        .bind(client, &enabled, &builder)
        .opt()
        .await?
        .map(drop)
        .ok_or(Error::UnknownBuilder(builder))
}

/// Replaces a builder's comment.
pub async fn set_comment(client: &Client, builder: i64, comment: &str) -> Result<(), Error> {
    sql::builder_set_comment()
        .bind(client, &comment, &builder)
        .opt()
        .await?
        .map(drop)
        .ok_or(Error::UnknownBuilder(builder))
}

/// Lets a builder build a target (or stops it).
pub async fn set_target(
    client: &Client,
    builder: i64,
    target: &str,
    enabled: bool,
) -> Result<(), Error> {
    let result = sql::builder_target_set()
        .bind(client, &builder, &enabled, &target)
        .opt()
        .await;
    match result {
        Ok(Some(_)) => Ok(()),
        Ok(None) => Err(Error::UnknownTarget(target.to_owned())),
        Err(error)
            if error.code() == Some(&tokio_postgres::error::SqlState::FOREIGN_KEY_VIOLATION) =>
        {
            Err(Error::UnknownBuilder(builder))
        }
        Err(error) => Err(error.into()),
    }
}

/// The targets of one builder, with both switches that decide whether it
/// claims work for them.
pub async fn targets(client: &Client, builder: i64) -> Result<Vec<BuilderTarget>, Error> {
    Ok(sql::builder_target_list()
        .bind(client, &builder)
        .all()
        .await?)
}
