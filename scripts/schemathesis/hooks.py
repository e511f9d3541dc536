"""Schemathesis hooks for the buildsrs backend: sign builder API requests.

Loaded with SCHEMATHESIS_HOOKS=hooks (this folder on PYTHONPATH). Every
request to /api/v1/builder/ is signed as a builder signs it (see the README's
builder API section): an SSHSIG made by `ssh-keygen -Y sign` in namespace
buildsrs-builder-v1@buildsrs over the canonical text of the method, the path
and query as sent, a timestamp, a fresh nonce and the body's SHA-256.

The signature covers the exact bytes sent, so it is made at the last moment,
on the prepared request (`requests.Session.send`), after schemathesis has
serialized the body. Schemathesis fills the five headers (the document's
security schemes) with values of its own; they are replaced by a real
signature, and a request it sends with one of them left out, to see it
refused, is sent as it is. The key is BUILDSRS_BUILDER_KEY (an OpenSSH private key
file without passphrase, registered with `buildsrs-database builder add`).
"""

import base64
import hashlib
import os
import secrets
import subprocess
import time

import requests

NAMESPACE = "buildsrs-builder-v1@buildsrs"
CANONICAL_VERSION = "buildsrs-request-v1"
BUILDER_PREFIX = "/api/v1/builder/"
SIGNED_HEADERS = (
    "x-buildsrs-key",
    "x-buildsrs-timestamp",
    "x-buildsrs-nonce",
    "x-buildsrs-content-sha256",
    "x-buildsrs-signature",
)

KEY = os.environ.get("BUILDSRS_BUILDER_KEY")


def fingerprint(private_key):
    """The key's `SHA256:` fingerprint, as `ssh-keygen -l` prints it."""
    output = subprocess.run(
        ["ssh-keygen", "-l", "-E", "sha256", "-f", private_key],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return output.split()[1]


def sshsig(private_key, text):
    """`ssh-keygen -Y sign` of `text`: base64 of the binary SSHSIG."""
    armoured = subprocess.run(
        ["ssh-keygen", "-q", "-Y", "sign", "-n", NAMESPACE, "-f", private_key],
        input=text.encode(),
        check=True,
        capture_output=True,
    ).stdout.decode()
    return "".join(line for line in armoured.splitlines() if not line.startswith("-----"))


def body_bytes(prepared):
    body = prepared.body
    if body is None:
        return b""
    if isinstance(body, str):
        return body.encode()
    if isinstance(body, bytes):
        return body
    raise TypeError(f"cannot sign a streamed body: {type(body)!r}")


def sign(prepared, private_key, key_fingerprint):
    """Adds the five x-buildsrs-* headers to `prepared`."""
    path = prepared.path_url
    body = body_bytes(prepared)
    timestamp = str(int(time.time()))
    nonce = base64.urlsafe_b64encode(secrets.token_bytes(18)).decode().rstrip("=")
    digest = hashlib.sha256(body).hexdigest()
    text = f"{CANONICAL_VERSION}\n{prepared.method}\n{path}\n{timestamp}\n{nonce}\n{digest}\n"
    prepared.headers["x-buildsrs-key"] = key_fingerprint
    prepared.headers["x-buildsrs-timestamp"] = timestamp
    prepared.headers["x-buildsrs-nonce"] = nonce
    prepared.headers["x-buildsrs-content-sha256"] = digest
    prepared.headers["x-buildsrs-signature"] = sshsig(private_key, text)


def install(private_key):
    """Signs every builder API request the process sends from now on."""
    key_fingerprint = fingerprint(private_key)
    send = requests.Session.send

    def signed_send(self, prepared, **kwargs):
        present = all(name in prepared.headers for name in SIGNED_HEADERS)
        if prepared.path_url.startswith(BUILDER_PREFIX) and present:
            sign(prepared, private_key, key_fingerprint)
        return send(self, prepared, **kwargs)

    requests.Session.send = signed_send


if KEY:
    install(KEY)
