"""The forms in which a secret stays readable to a student who looks for it.

Used wherever the course proves that nothing a student receives gives an answer away: the
self-check data (:mod:`tools.leaks`), released assignments and feedback
(:mod:`course.grading.leaks`) and the static book. A form counts when one line of code, or a
careful eye, turns it back into the secret.
"""

from __future__ import annotations

import base64
import codecs
import html
import json
import urllib.parse


def readable_encodings(text: str) -> dict[str, str]:
    """``text`` in every simply reversible form, by name (``"hex"``, ``"base64 at offset 1"``...).

    Base64 is given at each of its three alignments, trimmed of the characters that depend on
    neighbouring bytes, so that the secret is found even inside a longer encoded blob.
    """
    raw = text.encode("utf-8")
    forms = {
        "lower case": text.lower(),
        "reversed": text[::-1],
        "hex": raw.hex(),
        "hex (upper case)": raw.hex().upper(),
        "rot13": codecs.encode(text, "rot13"),
        "URL-encoded": urllib.parse.quote(text),
        "HTML-escaped": html.escape(text),
        "JSON-escaped": json.dumps(text)[1:-1],
        "unicode-escaped": text.encode("unicode_escape").decode(),
    }
    for shift in range(3):
        padded = b"\x00" * shift + raw
        for name, encoder in (
            ("base64", base64.b64encode),
            ("base64 URL-safe", base64.urlsafe_b64encode),
        ):
            encoded = encoder(padded).decode().rstrip("=")
            label = name if not shift else f"{name} at offset {shift}"
            forms[label] = encoded[(shift * 4 + 2) // 3 + 1 : -2] if shift else encoded[:-2]
    return forms
