"""Salted hashes of answers and sealed (encrypted) feedback text for the self-check questions.

Nothing in a shipped question file says which option is right in a form a person can read:

* each option carries ``key = H("option", salt, question id, option id, value)``, where ``value``
  is ``"1"``/``"0"`` (in the answer or not) for choice questions and the option's true rank
  (``"1"``, ``"2"``...) for a ranking. Every option has a key of the same form, so field names,
  field order and the number of fields say nothing;
* a numeric answer is stored as the keys of every grid bucket inside the tolerance (see
  :func:`bucket_key`), sorted, so the file holds a set of opaque hashes, not a number;
* text that would give the answer away (feedback on an option, the worked explanation, the model
  answer of a free-text question) is *sealed*: XOR-encrypted with a SHA-256 keystream and
  authenticated with an HMAC tag. The key of an option's feedback derives from that option's id
  (so it opens when the student picks it); the key of the explanation derives from the complete
  correct answer (so it opens once the answer is found).

This only deters. A student who reads this module can hash every option (there are five) and
read the key, exactly as the ``reveal`` helpers and ``python -m tools.quiz unseal`` do. It keeps
answers out of sight when browsing files, the static book or a diff; it is not a secret, and
nothing graded may rely on it (graded assignments keep their keys in nbgrader's hidden tests).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import math
import secrets

SEALED_PREFIX = "sealed:"
"""Every sealed text starts with this, so a loader can tell sealed from plain text."""

_TAG_BYTES = 16
_NONCE_BYTES = 16


class WrongKeyError(ValueError):
    """A sealed text did not open with the key given (wrong answer, or the text was altered)."""


def new_salt() -> str:
    """A fresh random salt: 16 bytes as 32 hex digits."""
    return secrets.token_hex(16)


def _encode(parts: tuple[str, ...]) -> bytes:
    # Length-prefixed so that ("ab", "c") and ("a", "bc") never hash alike.
    return b"".join(len(p.encode()).to_bytes(4, "big") + p.encode() for p in parts)


def digest(*parts: str) -> str:
    """SHA-256 of the length-prefixed parts, as 64 hex digits."""
    return hashlib.sha256(_encode(parts)).hexdigest()


def normalise(answer: str) -> str:
    """The canonical form of an option id or typed answer: trimmed, lower case."""
    return str(answer).strip().lower()


def option_key(salt: str, question: str, option: str, value: str) -> str:
    """The stored check hash of one option: ``value`` is "1"/"0" (chosen or not) or a rank."""
    return digest("option", salt, question, normalise(option), value)


def bucket(value: float, grid: float) -> int:
    """The index of the grid bucket a number falls in: ``round(value / grid)``.

    ``grid`` is the resolution of a numeric answer in its own unit (e.g. 0.5 percentage points).
    """
    return round(value / grid)


def accepted_buckets(answer: float, tolerance: float, grid: float) -> range:
    """Every bucket whose centre lies within ``tolerance`` of ``answer`` (same unit as both).

    A typed number is accepted when its bucket is one of these: in effect the tolerance widens by
    at most half a grid step, which the question states alongside its tolerance.
    """
    low = math.ceil((answer - tolerance) / grid - 1e-9)
    high = math.floor((answer + tolerance) / grid + 1e-9)
    return range(low, high + 1)


def bucket_key(salt: str, question: str, index: int) -> str:
    """The stored hash of one accepted bucket of a numeric answer."""
    return digest("bucket", salt, question, str(index))


def text_key(salt: str, question: str, purpose: str, *material: str) -> bytes:
    """A 32-byte key for sealing one text: ``purpose`` says which text, ``material`` what opens it.

    The explanation's material is the canonical correct answer; an option's feedback's material
    is the option id; a free-text model answer has none (it is hidden, not protected).
    """
    return hashlib.sha256(b"text" + _encode((salt, question, purpose, *material))).digest()


def _keystream(key: bytes, nonce: bytes, length: int) -> bytes:
    blocks = []
    for counter in range((length + 31) // 32):
        blocks.append(hmac.new(key, nonce + counter.to_bytes(8, "big"), "sha256").digest())
    return b"".join(blocks)[:length]


def seal(text: str, key: bytes, pad_to: int = 0) -> str:
    """Encrypt and authenticate ``text`` under ``key``; returns ``"sealed:" + base64``.

    ``pad_to`` pads the text with NUL bytes to at least that many bytes, so that texts sealed
    side by side (the feedback of every option of a question) have the same length and the
    length of the longest (often the right option's) says nothing.

    The nonce is derived from key and text, so sealing the same text twice gives the same result
    (re-sealing an unchanged file leaves git with nothing to show) and different texts never share
    a keystream.
    """
    plain = text.encode()
    plain += b"\x00" * max(0, pad_to - len(plain))
    nonce = hmac.new(key, b"nonce" + plain, "sha256").digest()[:_NONCE_BYTES]
    body = bytes(a ^ b for a, b in zip(plain, _keystream(key, nonce, len(plain)), strict=True))
    tag = hmac.new(key, b"tag" + nonce + body, "sha256").digest()[:_TAG_BYTES]
    return SEALED_PREFIX + base64.b64encode(nonce + body + tag).decode()


def is_sealed(value: str) -> bool:
    """True when ``value`` looks like the output of :func:`seal`."""
    return isinstance(value, str) and value.startswith(SEALED_PREFIX)


def open_sealed(blob: str, key: bytes) -> str:
    """Decrypt a sealed text; raises WrongKeyError unless ``key`` is the one it was sealed with."""
    if not is_sealed(blob):
        raise WrongKeyError("not a sealed text")
    try:
        raw = base64.b64decode(blob[len(SEALED_PREFIX) :], validate=True)
    except ValueError as error:
        raise WrongKeyError(f"sealed text is damaged: {error}") from None
    if len(raw) < _NONCE_BYTES + _TAG_BYTES:
        raise WrongKeyError("sealed text is too short")
    nonce, body, tag = raw[:_NONCE_BYTES], raw[_NONCE_BYTES:-_TAG_BYTES], raw[-_TAG_BYTES:]
    expected = hmac.new(key, b"tag" + nonce + body, "sha256").digest()[:_TAG_BYTES]
    if not hmac.compare_digest(tag, expected):
        raise WrongKeyError("wrong key")
    plain = bytes(a ^ b for a, b in zip(body, _keystream(key, nonce, len(body)), strict=True))
    return plain.rstrip(b"\x00").decode()
