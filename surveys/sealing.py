"""Sealing pending responses so that reading the database does not reveal them.

AES-GCM with a random nonce and a key derived from SECRET_KEY (fallback keys can still open
what older keys sealed, so rotating the key loses nothing). The round id is bound as associated
data, so a sealed blob cannot be moved to another round. No timestamp is stored.
"""

import base64
import hashlib
import json
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings


class SealError(ValueError):
    """A sealed response that none of the configured keys opens."""


def _key(secret: str) -> bytes:
    return hashlib.sha256(b"wellbeing-portal/surveys/pending-response\0" + secret.encode()).digest()


def _keys() -> list[bytes]:
    return [_key(settings.SECRET_KEY)] + [
        _key(s) for s in getattr(settings, "SECRET_KEY_FALLBACKS", [])
    ]


def seal(payload: dict, *, round_id: int) -> str:
    nonce = os.urandom(12)
    data = json.dumps(payload, separators=(",", ":")).encode()
    box = AESGCM(_keys()[0]).encrypt(nonce, data, str(round_id).encode())
    return base64.b64encode(nonce + box).decode("ascii")


def unseal(sealed: str, *, round_id: int) -> dict:
    raw = base64.b64decode(sealed)
    for key in _keys():
        try:
            data = AESGCM(key).decrypt(raw[:12], raw[12:], str(round_id).encode())
        except InvalidTag:
            continue
        return json.loads(data)
    raise SealError(
        "A pending survey response cannot be opened with SECRET_KEY or SECRET_KEY_FALLBACKS;"
        " restore the key it was sealed with."
    )
