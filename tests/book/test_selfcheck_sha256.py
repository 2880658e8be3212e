"""The book's own SHA-256 and HMAC-SHA256 (js/20_sha256.js) give Python's hashlib and hmac
results, on the padding boundaries (55, 56 and 64 bytes), across several blocks and on UTF-8
text; so does the crypto.subtle path the page takes where the browser has it."""

from __future__ import annotations

import hashlib
import hmac
import random
from pathlib import Path
from typing import Any

import pytest

from .conftest import write_page

pytestmark = pytest.mark.slow

TEXTS = ["", "abc", "é", "日本語のテキスト", "🦴 buttock pain", "a" * 55, "ü" * 28, "x" * 1000]


def messages() -> list[bytes]:
    """Every length from 0 to 200 bytes (each padding case, one to four blocks), random longer
    ones, and UTF-8 texts."""
    draw = random.Random(15)
    found = [bytes(draw.randrange(256) for _ in range(n)) for n in range(201)]
    found += [bytes(draw.randrange(256) for _ in range(n)) for n in (447, 448, 511, 512, 513, 4096)]
    found += [t.encode() for t in TEXTS]
    return found


def keys() -> list[bytes]:
    """HMAC keys shorter than, as long as and longer than SHA-256's 64-byte block."""
    draw = random.Random(6)
    return [bytes(draw.randrange(256) for _ in range(n)) for n in (0, 1, 16, 32, 63, 64, 65, 200)]


@pytest.fixture
def script_page(tmp_path: Path, book_page: Any) -> Any:
    book_page.goto(write_page(tmp_path, []).as_uri())
    book_page.wait_for_function("typeof CourseBook !== 'undefined' && !!CourseBook.hash")
    return book_page


HASH_ALL = """async ([messages, keys, pure]) => {
  const hex = (b) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  const use = pure ? CourseBook.hash.pure : CourseBook.hash;
  const digests = [], macs = [];
  for (const m of messages) digests.push(hex(await use.sha256(new Uint8Array(m))));
  for (const k of keys) for (const m of messages.slice(0, 80))
    macs.push(hex(await use.hmac(new Uint8Array(k), new Uint8Array(m))));
  return [digests, macs];
}"""


@pytest.mark.parametrize("pure", [True, False], ids=["script", "crypto.subtle"])
def test_sha256_and_hmac_agree_with_python(script_page, pure):
    found, secret = messages(), keys()
    digests, macs = script_page.evaluate(
        HASH_ALL, [[list(m) for m in found], [list(k) for k in secret], pure]
    )
    assert script_page.evaluate("CourseBook.hash.native") is True  # Chromium on file:// has it
    assert digests == [hashlib.sha256(m).hexdigest() for m in found]
    assert macs == [hmac.new(k, m, "sha256").hexdigest() for k in secret for m in found[:80]]


def test_without_crypto_subtle_the_page_hashes_with_its_own_script(tmp_path, book_page):
    book_page.add_init_script("delete Crypto.prototype.subtle;")
    book_page.goto(write_page(tmp_path, []).as_uri())
    book_page.wait_for_function("typeof CourseBook !== 'undefined' && !!CourseBook.hash")
    assert book_page.evaluate("typeof crypto.subtle") == "undefined"
    assert book_page.evaluate("CourseBook.hash.native") is False
    text = "Pain felt in a strip 10 cm below the PSIS"
    got = book_page.evaluate(
        """async (text) => Array.from(await CourseBook.hash.sha256(new TextEncoder().encode(text)),
             (x) => x.toString(16).padStart(2, "0")).join("")""",
        text,
    )
    assert got == hashlib.sha256(text.encode()).hexdigest()
