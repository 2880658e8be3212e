"""Proof that grading never changes a submission: a SHA-256 of every submitted file.

A snapshot is taken when submissions are collected (kept next to the reports, never inside
``submitted/``), again just before autograding and again after. Any difference is reported
loudly: a changed, added or removed file under ``submitted/`` means something (nbgrader, a
student's code run by the autograder, a person) wrote where nothing may write.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

Snapshot = dict[str, str]
"""Relative path (POSIX) -> SHA-256 hex digest of the file's bytes."""


def sha256_file(path: Path) -> str:
    """The SHA-256 of a file's bytes, read in 1 MB blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def snapshot(folder: Path) -> Snapshot:
    """The digest of every file under ``folder`` (symbolic links are not followed)."""
    folder = Path(folder)
    if not folder.is_dir():
        return {}
    return {
        p.relative_to(folder).as_posix(): sha256_file(p)
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


@dataclass(frozen=True)
class Difference:
    """How two snapshots of the same folder differ."""

    changed: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.changed or self.added or self.removed)

    def __str__(self) -> str:
        parts = [
            f"{what}: {', '.join(paths)}"
            for what, paths in (
                ("changed", self.changed),
                ("added", self.added),
                ("removed", self.removed),
            )
            if paths
        ]
        return "; ".join(parts) or "identical"


def difference(before: Snapshot, after: Snapshot) -> Difference:
    """What changed between two snapshots of one folder."""
    return Difference(
        changed=sorted(p for p in before.keys() & after.keys() if before[p] != after[p]),
        added=sorted(after.keys() - before.keys()),
        removed=sorted(before.keys() - after.keys()),
    )


def of_assignment(snap: Snapshot, assignment: str) -> Snapshot:
    """The part of a snapshot of ``submitted/`` (``<student>/<assignment>/...``) for one
    assignment."""
    return {path: digest for path, digest in snap.items() if path.split("/")[1:2] == [assignment]}


def save(snap: Snapshot, path: Path) -> None:
    """Write a snapshot as JSON (a manifest the instructor can keep with the grades)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(snap, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def load(path: Path) -> Snapshot:
    """Read a snapshot written by :func:`save`."""
    return json.loads(path.read_text(encoding="utf-8"))
