"""Sealing submitted answers, and the one-way token that says a person has submitted.

Both use `SURVEY_SEAL_KEY`, a setting of its own: the database alone, or the database plus
`SECRET_KEY`, opens nothing. Keys in `SURVEY_SEAL_OLD_KEYS` still open what they sealed and
still recognise their tokens, so a rotation loses nothing while old pending rows drain.

- `seal` / `unseal`: AES-GCM with a random nonce; the round id is bound as associated data, so
  a sealed blob cannot be moved to another round. The plain text is padded to a fixed size
  bucket before sealing, so the stored length does not tell a long comment from a short one.
- `participant_token`: HMAC-SHA256 of the round and the user id. Without the key nobody can
  compute it for a given person; with it, the batch that writes responses out matches tokens
  against the round's invitation list to mark participation.
"""

import base64
import hashlib
import hmac
import json
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

# Every sealed payload is padded to a multiple of this many bytes: 4 KB holds all the numeric
# answers of a long survey plus several comments, so almost every response has the same size.
PAD_BUCKET = 4096


class SealError(ValueError):
    """A sealed response that none of the configured keys opens."""


def _derive(secret: str, purpose: bytes) -> bytes:
    return hashlib.sha256(b"wellbeing-portal/surveys/" + purpose + b"\0" + secret.encode()).digest()


def _secrets() -> list[str]:
    return [settings.SURVEY_SEAL_KEY, *getattr(settings, "SURVEY_SEAL_OLD_KEYS", [])]


def padded_size(length: int) -> int:
    return max(1, -(-length // PAD_BUCKET)) * PAD_BUCKET


def seal(payload: dict, *, round_id: int) -> str:
    data = json.dumps(payload, separators=(",", ":")).encode()
    # Trailing spaces are ignored by the JSON reader.
    data += b" " * (padded_size(len(data)) - len(data))
    nonce = os.urandom(12)
    box = AESGCM(_derive(_secrets()[0], b"pending-response")).encrypt(
        nonce, data, str(round_id).encode()
    )
    return base64.b64encode(nonce + box).decode("ascii")


def unseal(sealed: str, *, round_id: int) -> dict:
    raw = base64.b64decode(sealed)
    for secret in _secrets():
        try:
            data = AESGCM(_derive(secret, b"pending-response")).decrypt(
                raw[:12], raw[12:], str(round_id).encode()
            )
        except InvalidTag:
            continue
        return json.loads(data)
    raise SealError(
        "A pending survey response cannot be opened with SURVEY_SEAL_KEY or"
        " SURVEY_SEAL_OLD_KEYS; restore the key it was sealed with."
    )


def _token(secret: str, scope: str, subject_id: int, user_id: int) -> str:
    message = f"{scope}\0{subject_id}\0{user_id}".encode()
    return hmac.new(_derive(secret, b"participant"), message, hashlib.sha256).hexdigest()


def participant_token(*, round_id: int, user_id: int) -> str:
    """The token written with a submission (current key)."""
    return _token(_secrets()[0], "round", round_id, user_id)


def participant_tokens(*, round_id: int, user_id: int) -> list[str]:
    """The person's token under every configured key (to recognise older submissions)."""
    return [_token(secret, "round", round_id, user_id) for secret in _secrets()]


def voter_token(*, action_id: int, user_id: int) -> str:
    return _token(_secrets()[0], "action", action_id, user_id)


def voter_tokens(*, action_id: int, user_id: int) -> list[str]:
    return [_token(secret, "action", action_id, user_id) for secret in _secrets()]
