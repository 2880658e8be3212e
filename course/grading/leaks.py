"""What a student must never receive, and a scan that proves a file does not contain it.

The secrets of an assignment come from its source notebook: every line inside a solution
region, a hidden-test region or a mark-scheme region, and the answer key (the literal each
``answer_...`` variable is set to in a solution). The options themselves are shown to students;
what must not be recoverable is which one is right, so a key is searched for as an assignment
(``answer_q1 = "B"``) and, for answers long enough to mean something alone, in every reversible
encoding a student could undo (reversed, base64, hex, rot13, URL, HTML and JSON escaping) and as
plain hashes. Any long base64 or hex token that is not one of nbgrader's own cell checksums is
reported too: a salted hash or an encoded blob has no reason to be in a student's notebook.
"""

from __future__ import annotations

import ast
import base64
import binascii
import hashlib
import html
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import nbformat

from ..encodings import readable_encodings

ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]")
"""Terminal colour codes, as IPython puts them in tracebacks."""

SOLUTION = ("BEGIN SOLUTION", "END SOLUTION")
HIDDEN_TESTS = ("BEGIN HIDDEN TESTS", "END HIDDEN TESTS")
MARK_SCHEME = ("BEGIN MARK SCHEME", "END MARK SCHEME")
"""nbgrader's default region delimiters (a line containing the phrase starts or ends a region)."""

MIN_LINE = 8
"""Secret lines shorter than this many characters (``)``, ``else:``) are not searched for."""

MIN_ALONE = 6
"""An answer this long or longer is also searched for alone in encoded forms."""

_TOKEN = re.compile(r"[A-Za-z0-9+/_-]{20,}={0,2}")
_HEX = re.compile(r"\b[0-9a-fA-F]{32,}\b")


def normalise(text: str) -> str:
    """Text as a reader sees it: no colour codes, each run of white space one blank."""
    return " ".join(ANSI.sub("", text).split())


def region_lines(source: str, delimiters: tuple[str, str]) -> list[str]:
    """The lines strictly inside ``begin``/``end`` regions of a cell source (nbgrader's rule:
    a line containing the phrase opens or closes a region)."""
    begin, end = delimiters
    inside, found = False, []
    for line in source.splitlines():
        if begin in line:
            inside = True
        elif end in line:
            inside = False
        elif inside:
            found.append(line)
    return found


def without_regions(source: str, *delimiter_pairs: tuple[str, str]) -> str:
    """A cell source with every region (and its delimiter lines) removed."""
    kept, inside = [], False
    begins = [b for b, _ in delimiter_pairs]
    ends = [e for _, e in delimiter_pairs]
    for line in source.splitlines():
        if any(b in line for b in begins):
            inside = True
        elif any(e in line for e in ends):
            inside = False
        elif not inside:
            kept.append(line)
    return "\n".join(kept)


def hidden_test_lines(source: str) -> list[str]:
    """The normalised, searchable lines of a cell's hidden tests."""
    return [
        n for n in (normalise(x) for x in region_lines(source, HIDDEN_TESTS)) if len(n) >= MIN_LINE
    ]


@dataclass(frozen=True)
class Secrets:
    """What the student version of one notebook must not contain."""

    lines: tuple[str, ...]
    """Normalised solution, hidden-test and mark-scheme lines (not those also shown to students)."""
    answers: tuple[tuple[str, str], ...]
    """The answer key: (variable, value) for each literal a solution, or a hidden test, sets."""


def _is_nbgrader(cell, flag: str) -> bool:
    return bool(cell.get("metadata", {}).get("nbgrader", {}).get(flag))


def secrets(source_notebook: nbformat.NotebookNode) -> Secrets:
    """The secrets of a source (instructor) notebook."""
    secret, shown, answers = [], [], []
    for cell in source_notebook.cells:
        source = cell.source
        pairs = (SOLUTION, HIDDEN_TESTS, MARK_SCHEME)
        has_region = any(b in source for b, _ in pairs)
        if _is_nbgrader(cell, "solution") and SOLUTION[0] not in source:
            secret.extend(source.splitlines())  # nbgrader replaces the whole cell with a stub
        else:
            for pair in pairs:
                secret.extend(region_lines(source, pair))
            shown.append(without_regions(source, *pairs) if has_region else source)
        if cell.cell_type == "code" and _is_nbgrader(cell, "solution"):
            answers.extend(answer_key("\n".join(region_lines(source, SOLUTION)) or source))
        if cell.cell_type == "code" and HIDDEN_TESTS[0] in source:
            # a key a hidden test carries itself (``_first = "..."``, when the answer is a
            # file the student hands in rather than a variable they set)
            answers.extend(answer_key("\n".join(region_lines(source, HIDDEN_TESTS))))
    shown_text = normalise("\n".join(shown))
    lines = {normalise(x) for x in secret}
    lines = sorted(x for x in lines if len(x) >= MIN_LINE and x not in shown_text)
    return Secrets(tuple(lines), tuple(answers))


def answer_key(code: str) -> list[tuple[str, str]]:
    """(variable, value) for each ``name = <literal text or number>`` statement in ``code``."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return []
    found = []
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            if isinstance(target, ast.Name):
                try:
                    value = ast.literal_eval(node.value)
                except ValueError:
                    continue
                if isinstance(value, (str, int, float)):
                    found.append((target.id, str(value)))
    return found


def encodings(text: str) -> dict[str, str]:
    """Reversible encodings of ``text`` a student could undo by hand or with one line of code
    (8+ characters each, so that short fragments do not match by chance). Plain and lower-case
    text is left to the scan's own context-aware checks: options are meant to be visible."""
    return {
        how: coded
        for how, coded in readable_encodings(text).items()
        if len(coded) >= 8 and how != "lower case"
    }


def digests(text: str) -> dict[str, str]:
    """Plain (unsalted) hashes of ``text`` and its case variants."""
    found = {}
    for variant in {text, text.strip(), text.lower(), text.upper()}:
        for name in ("md5", "sha1", "sha224", "sha256", "sha512"):
            found[f"{name}({variant!r})"] = hashlib.new(name, variant.encode()).hexdigest()
    return found


@dataclass(frozen=True)
class Leak:
    """One thing found where a student could read it."""

    file: str
    what: str
    detail: str

    def __str__(self) -> str:
        return f"{self.file}: {self.what}: {self.detail}"


def strings(value) -> Iterator[str]:
    """Every string inside a JSON value (cell sources, metadata, outputs)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def _checksums(notebook_json) -> set[str]:
    """nbgrader checksums in a notebook that are exactly the checksum of their own cell."""
    from nbgrader.utils import compute_checksum

    valid = set()
    for cell in notebook_json.get("cells", []):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if "checksum" in meta and "grade_id" in meta:
            node = nbformat.from_dict(cell)
            if "source" in node and isinstance(node.source, list):
                node.source = "".join(node.source)
            if compute_checksum(node) == meta["checksum"]:
                valid.add(meta["checksum"])
    return valid


def _decoded(token: str) -> str | None:
    """``token`` decoded as base64 or hex, if that gives readable text."""
    candidates = []
    if len(token) % 2 == 0 and re.fullmatch(r"[0-9a-fA-F]+", token):
        candidates.append(lambda: bytes.fromhex(token))
    padded = token + "=" * (-len(token) % 4)
    candidates.append(lambda: base64.b64decode(padded, validate=True))
    candidates.append(lambda: base64.urlsafe_b64decode(padded))
    for decode in candidates:
        try:
            text = decode().decode("utf-8")
        except (binascii.Error, ValueError, UnicodeDecodeError):
            continue
        printable = sum(ch.isprintable() or ch in "\n\t" for ch in text)
        if text and printable / len(text) > 0.9:
            return text
    return None


def scan_text(
    name: str, haystacks: Iterable[str], found: Secrets, explained: Iterable[str] = ()
) -> list[Leak]:
    """Every secret of ``found`` present in any of ``haystacks`` (the strings of one file)."""
    haystacks = list(haystacks)
    plain = [normalise(h) for h in haystacks]
    lowered = [h.lower() for h in haystacks]
    explained = set(explained)
    leaks: list[Leak] = []

    def seen(needle: str, where: list[str]) -> bool:
        return bool(needle) and any(needle in h for h in where)

    for line in found.lines:
        if seen(line, plain):
            leaks.append(Leak(name, "solution or hidden-test line", line[:80]))
        for how, coded in encodings(line).items():
            if how not in ("HTML-escaped", "JSON-escaped", "unicode-escaped") and seen(
                coded, haystacks
            ):
                leaks.append(Leak(name, f"solution or hidden-test line ({how})", line[:80]))
    for variable, value in found.answers:
        # The variable, a few separator characters (= : , -> quotes, JSON escapes), the value.
        pattern = re.compile(
            rf"\b{re.escape(variable)}[\s=:,'\"\\>-]{{1,8}}{re.escape(value)}(?![\w])"
        )
        if any(pattern.search(h) for h in plain):
            leaks.append(Leak(name, "answer key (assignment)", variable))
        forms = [
            f"{variable}={value}",
            f"{variable} = {value}",
            f"{variable}:{value}",
            f'"{variable}": "{value}"',
            f"{variable} = {value!r}",
            f'{variable} = "{value}"',
        ]
        for form in forms:
            for how, coded in encodings(form).items():
                if seen(coded, haystacks):
                    leaks.append(Leak(name, f"answer key ({how})", variable))
        if len(value) >= MIN_ALONE:
            for how, coded in encodings(value).items():
                if how not in (
                    "HTML-escaped",
                    "JSON-escaped",
                    "URL-encoded",
                    "unicode-escaped",
                ) and seen(coded, haystacks):
                    leaks.append(Leak(name, f"answer key ({how})", variable))
        for how, digest in digests(value).items():
            if seen(digest, lowered):
                leaks.append(Leak(name, f"answer key (hash {how.split('(')[0]})", variable))
    for text in haystacks:
        for token in set(_HEX.findall(text)) - explained:
            leaks.append(
                Leak(name, "unexplained hex token (a hash or encoded key?)", token[:24] + "...")
            )
        for token in set(_TOKEN.findall(text)) - explained:
            decoded = _decoded(token)
            if decoded is not None and not _HEX.fullmatch(token):
                leaks.append(
                    Leak(name, "unexplained encoded token", f"{token[:24]}... -> {decoded[:40]!r}")
                )
    unique = {(leak.what, leak.detail): leak for leak in leaks}
    return list(unique.values())


def scan_notebook(path: Path, found: Secrets, label: str | None = None) -> list[Leak]:
    """Scan a notebook file: its raw text and every string in its JSON."""
    raw = path.read_text(encoding="utf-8", errors="replace")
    try:
        data = json.loads(raw)
    except json.JSONDecodeError:
        return scan_text(label or path.name, [raw], found)
    haystacks = [raw, *strings(data)]
    return scan_text(label or path.name, haystacks, found, explained=_checksums(data))


def scan_folder(folder: Path, found: Secrets) -> list[Leak]:
    """Scan every file under ``folder`` (notebooks by their JSON, other files as text)."""
    leaks = []
    for path in sorted(p for p in Path(folder).rglob("*") if p.is_file()):
        label = path.relative_to(folder).as_posix()
        if path.suffix == ".ipynb":
            leaks.extend(scan_notebook(path, found, label))
        else:
            text = path.read_bytes().decode("utf-8", errors="replace")
            leaks.extend(scan_text(label, [text], found))
    return leaks


def html_text(page: str) -> str:
    """What a reader of an HTML page sees: tags and scripts dropped, entities decoded."""
    page = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", page)
    return html.unescape(re.sub(r"(?s)<[^>]+>", "", page))


ANSWER_LINE = re.compile(r"^\s*answer_\w+\s*[:=]")
"""A line setting an answer variable: a student's own answer looks the same as the key's."""

MIN_RUBRIC = 30
"""Rubric fragments (lines or table cells) shorter than this are not searched for."""


def rubric_fragments(text: str) -> list[str]:
    """The searchable pieces of a rubric: each line, and each cell of a Markdown table."""
    found = set()
    for line in text.splitlines():
        for piece in [line, *line.split("|")]:
            piece = normalise(piece.strip(" -*#|"))
            if len(piece) >= MIN_RUBRIC:
                found.add(piece)
    return sorted(found)


def decoded_layers(text: str, depth: int = 3, limit: int = 64) -> list[str]:
    """Texts hidden in ``text`` by reversible packing: every base64 or hex token decoded, and
    zlib, gzip, bz2 or lzma data inside unpacked, up to ``depth`` layers (``limit`` tokens
    each, longest first)."""
    import bz2
    import lzma
    import zlib

    def unpack(data: bytes) -> bytes:
        for open_ in (
            zlib.decompress,
            lambda d: zlib.decompress(d, 47),
            bz2.decompress,
            lzma.decompress,
        ):
            try:
                return open_(data)
            except Exception:
                continue
        return data

    found, layer = [], [text]
    for _ in range(depth):
        following = []
        for item in layer:
            tokens = sorted(set(_TOKEN.findall(item)) | set(_HEX.findall(item)), key=len)[::-1]
            for token in tokens[:limit]:
                raw = _unbase(token)
                if raw is None:
                    continue
                data = unpack(raw)
                decoded = data.decode("utf-8", errors="ignore")
                if decoded and sum(ch.isprintable() for ch in decoded) / len(decoded) > 0.8:
                    following.append(decoded)
        found.extend(following)
        layer = following
    return found


def _unbase(token: str) -> bytes | None:
    """``token`` decoded as hex, base64 or URL-safe base64 (the first that works)."""
    padded = token + "=" * (-len(token) % 4)
    for decode, text in (
        (bytes.fromhex, token),
        (lambda t: base64.b64decode(t, validate=True), padded),
        (base64.urlsafe_b64decode, padded),
    ):
        try:
            return decode(text)
        except (binascii.Error, ValueError):
            continue
    return None


def scan_page(label: str, raw: str, lines: Iterable[str]) -> list[Leak]:
    """Every secret line readable in a page a student receives: as shown (tags dropped,
    entities decoded), in the page source, in any reversible encoding of
    :func:`course.encodings.readable_encodings`, or packed (base64/hex of zlib, gzip...)."""
    shown = normalise(html_text(raw))
    haystacks = [raw, html.unescape(raw)]
    unpacked = [normalise(x) for x in decoded_layers(raw)]
    leaks: list[Leak] = []
    for line in lines:
        if line in shown or any(line in h for h in unpacked):
            leaks.append(Leak(label, "secret line", line[:80]))
            continue
        for how, coded in encodings(line).items():
            if any(coded in h for h in haystacks):
                leaks.append(Leak(label, f"secret line ({how})", line[:80]))
                break
    return leaks
