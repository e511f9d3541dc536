//! Where ssh-key 0.6.7 falls short for the keys builders use, and how we go
//! around it; each function names the bug it covers, so this file can go
//! when a fixed release does.
//!
//! - It cannot sign with any RSA key: it builds the RSA key from the prime
//!   `p` twice instead of `p` and `q`, which rsa 0.9.7 and later refuse as
//!   invalid (RustCrypto/SSH#387). [`rsa_sshsig`] signs here instead.
//! - It cannot read an ECDSA private key whose scalar OpenSSH wrote shorter
//!   than the curve's size (an mpint drops leading zero bytes): half of all
//!   P-521 keys, one in 256 of P-256 and P-384. [`parse_private_key`] pads
//!   the scalar and reads the key again.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use ssh_encoding::{Decode, Encode, Reader};
use ssh_key::private::RsaKeypair;
use ssh_key::rand_core::OsRng;
use ssh_key::sha2::Sha512;
use ssh_key::{Algorithm, HashAlg, PrivateKey, PublicKey, Signature, SshSig};

/// An RSA SSHSIG in `namespace`, the message hashed with SHA-512 and signed
/// `rsa-sha2-512`, as `ssh-keygen -Y sign` makes them; blinded with the
/// OS's randomness. Refuses keys outside 2048 to 4096 bits, which verifiers
/// (ssh-key's among them) refuse.
pub(super) fn rsa_sshsig(
    public: &PublicKey,
    keypair: &RsaKeypair,
    namespace: &str,
    message: &[u8],
) -> Result<SshSig, String> {
    use rsa::signature::{RandomizedSigner as _, SignatureEncoding as _};
    use rsa::traits::PublicKeyParts as _;

    let number = |mpint: &ssh_key::Mpint| {
        rsa::BigUint::try_from(mpint).map_err(|error| format!("a malformed RSA key: {error}"))
    };
    let private = rsa::RsaPrivateKey::from_components(
        number(&keypair.public.n)?,
        number(&keypair.public.e)?,
        number(&keypair.private.d)?,
        vec![number(&keypair.private.p)?, number(&keypair.private.q)?],
    )
    .map_err(|error| format!("an invalid RSA key: {error}"))?;
    let bits = private.n().bits();
    if !(2048..=4096).contains(&bits) {
        return Err(format!(
            "the key has {bits} bits, and RSA keys must have 2048 to 4096"
        ));
    }
    let signed_data = SshSig::signed_data(namespace, HashAlg::Sha512, message)
        .map_err(|error| error.to_string())?;
    let signature = rsa::pkcs1v15::SigningKey::<Sha512>::new(private)
        .try_sign_with_rng(&mut OsRng, &signed_data)
        .map_err(|error| error.to_string())?;
    let signature = Signature::new(
        Algorithm::Rsa {
            hash: Some(HashAlg::Sha512),
        },
        signature.to_vec(),
    )
    .map_err(|error| error.to_string())?;
    SshSig::new(
        public.key_data().clone(),
        namespace,
        HashAlg::Sha512,
        signature,
    )
    .map_err(|error| error.to_string())
}

/// Reads an OpenSSH private key file's text; an unencrypted ECDSA key with
/// a short scalar is read with the scalar padded to the curve's size. Any
/// other failure is ssh-key's own error.
pub(super) fn parse_private_key(text: &str) -> Result<PrivateKey, ssh_key::Error> {
    match PrivateKey::from_openssh(text) {
        Ok(key) => Ok(key),
        Err(error) => padded_ecdsa(text)
            .and_then(|blob| PrivateKey::from_bytes(&blob).ok())
            .ok_or(error),
    }
}

/// The OpenSSH key format's magic, at the start of the decoded file.
const MAGIC: &[u8] = b"openssh-key-v1\0";

/// The binary key with its ECDSA scalar at full size, when the text is an
/// unencrypted ECDSA key whose scalar is short; `None` for anything else.
/// The format: `PROTOCOL.key` in OpenSSH's sources.
fn padded_ecdsa(text: &str) -> Option<Vec<u8>> {
    let base64: String = text
        .lines()
        .filter(|line| !line.starts_with("-----"))
        .map(str::trim)
        .collect();
    let blob = BASE64.decode(base64).ok()?;
    let mut reader = blob.strip_prefix(MAGIC)?;
    let cipher = String::decode(&mut reader).ok()?;
    let kdf = String::decode(&mut reader).ok()?;
    let kdf_options = Vec::<u8>::decode(&mut reader).ok()?;
    let keys = u32::decode(&mut reader).ok()?;
    let public = Vec::<u8>::decode(&mut reader).ok()?;
    let private = Vec::<u8>::decode(&mut reader).ok()?;
    if cipher != "none" || kdf != "none" || keys != 1 || !reader.is_finished() {
        return None;
    }
    let rebuilt = pad_private_section(&private)?;

    let mut key = MAGIC.to_vec();
    cipher.encode(&mut key).ok()?;
    kdf.encode(&mut key).ok()?;
    kdf_options.encode(&mut key).ok()?;
    keys.encode(&mut key).ok()?;
    public.encode(&mut key).ok()?;
    rebuilt.encode(&mut key).ok()?;
    Some(key)
}

/// An unencrypted private section with its ECDSA scalar left-padded with
/// zeros to the curve's size; `None` when it is not a short ECDSA scalar.
fn pad_private_section(private: &[u8]) -> Option<Vec<u8>> {
    let mut section = private;
    let checks = [
        u32::decode(&mut section).ok()?,
        u32::decode(&mut section).ok()?,
    ];
    let algorithm = String::decode(&mut section).ok()?;
    let size = match algorithm.as_str() {
        "ecdsa-sha2-nistp256" => 32,
        "ecdsa-sha2-nistp384" => 48,
        "ecdsa-sha2-nistp521" => 66,
        _ => return None,
    };
    let curve = String::decode(&mut section).ok()?;
    let point = Vec::<u8>::decode(&mut section).ok()?;
    let scalar = Vec::<u8>::decode(&mut section).ok()?;
    let comment = String::decode(&mut section).ok()?;
    let significant = &scalar[scalar.iter().take_while(|byte| **byte == 0).count()..];
    if significant.len() >= size {
        return None; // not short: the failure was something else
    }
    let mut padded = vec![0u8; size - significant.len()];
    padded.extend_from_slice(significant);

    let mut rebuilt = Vec::new();
    checks[0].encode(&mut rebuilt).ok()?;
    checks[1].encode(&mut rebuilt).ok()?;
    algorithm.encode(&mut rebuilt).ok()?;
    curve.encode(&mut rebuilt).ok()?;
    point.encode(&mut rebuilt).ok()?;
    padded.encode(&mut rebuilt).ok()?;
    comment.encode(&mut rebuilt).ok()?;
    // Unencrypted keys are padded to blocks of 8 with the bytes 1, 2, 3, …
    let mut padding = 1u8;
    while rebuilt.len() % 8 != 0 {
        rebuilt.push(padding);
        padding += 1;
    }
    Some(rebuilt)
}
