"""One-way hashes of the secrets in links and tokens: only the hash is stored."""

import hashlib


def hash_secret(secret: str) -> str:
    """The SHA-256 hex digest of a random secret (invitation links, API keys, feed tokens)."""
    return hashlib.sha256(secret.encode()).hexdigest()
