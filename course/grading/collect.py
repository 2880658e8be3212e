"""Collect: bring submissions into ``submitted/`` with nbgrader, then record their digests.

From a JupyterHub exchange: ``nbgrader collect``, fed only the inbound submissions whose files
belong to the student's own account (no links, not dated in the future). From files downloaded
out of a learning platform: each ``downloaded/<assignment>/archive/<student>.zip`` is unpacked
for the student its name gives (names inside the archive never decide whose it is; paths
leaving the folder, links, duplicates and zip bombs are refused). nbgrader's own
``zip_collect`` attributes files by the names inside the archives, so the course does not use it.
Files copied into ``submitted/<student>/<assignment>/`` by hand need no nbgrader step. Either
way the course writes a manifest (SHA-256 of every collected file) under ``reports/``; autograde
compares against it and reports any submitted file changed since collection.
"""

from __future__ import annotations

import pwd
import re
import shutil
import tempfile
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

from . import integrity
from .course_dir import CourseDir, GradingError, check_student, student_id_problem
from .grade import manifest_path

SOURCES = ("exchange", "zip", "folder")
"""Where submissions come from: nbgrader's exchange, downloaded archives, or already in place."""


MAX_ARCHIVE_BYTES = 200_000_000
"""Most bytes one archive may unpack to (a zip bomb is refused, not unpacked)."""

FUTURE = timedelta(minutes=5)
"""A submission dated further ahead than this (by its name or timestamp.txt) is refused."""


@dataclass
class CollectReport:
    """What ``collect`` took in, what it refused and why, and what is in ``submitted/``."""

    assignment: str
    students: list[str]
    files: int
    rejected: list[str] = field(default_factory=list)
    """One line per refused submission: what it was and why."""
    collected: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.rejected

    def table(self) -> str:
        lines = [
            f"Collected '{self.assignment}': {len(self.students)} student(s), "
            f"{self.files} file(s); digests recorded for autograde to check"
        ]
        lines.extend(f"  collected: {item}" for item in self.collected)
        lines.extend(f"  REJECTED: {item}" for item in self.rejected)
        return "\n".join(lines)


def read_owners(path: Path | str) -> dict[str, int]:
    """A ``student,uid`` CSV (header optional): which account may submit for which student."""
    owners = {}
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lower().startswith("student"):
            continue
        try:
            student, uid = (part.strip() for part in line.split(","))
            owners[check_student(student)] = int(uid)
        except (ValueError, GradingError) as error:
            raise GradingError(f"{path}, line {number}: expected 'student,uid': {error}") from None
    return owners


def _owner(student: str, owners: dict[str, int] | None) -> int | None:
    if owners is not None:
        return owners.get(student)
    try:
        return pwd.getpwnam(student).pw_uid
    except KeyError:
        return None


def collect(
    course: CourseDir,
    assignment: str,
    source: str = "folder",
    force: bool = False,
    owners: dict[str, int] | None = None,
    archive_pattern: str = r"(?P<student>.+)",
) -> CollectReport:
    """Collect ``assignment`` from ``source`` and record a digest of every submitted file.

    ``exchange``: each inbound submission must be a real folder (no link anywhere) owned by
    the student's account (``owners``: student -> uid; default: the system account named like
    the student) and not dated in the future; only those are handed to ``nbgrader collect``,
    from a private copy of the exchange. ``zip``: each archive in
    ``downloaded/<assignment>/archive/`` belongs to the student its file name gives
    (``archive_pattern``, a regular expression with a ``student`` group, matched against the
    name without ``.zip``), whatever the files inside are called. ``force``: replace a
    submission already collected.
    """
    course.check_assignment(assignment)
    if source not in SOURCES:
        raise GradingError(f"unknown source '{source}'; choose one of: {', '.join(SOURCES)}")
    report = CollectReport(assignment, [], 0)
    if source == "exchange":
        _from_exchange(course, assignment, force, owners, report)
    elif source == "zip":
        _from_archives(course, assignment, force, archive_pattern, report)
    submitted = course.root / course.nbgrader.submitted_directory
    snap = integrity.of_assignment(integrity.snapshot(submitted), assignment)
    integrity.save(snap, manifest_path(course, assignment))
    report.students, report.files = course.students(assignment), len(snap)
    for name in course.submitters(assignment):
        problem = student_id_problem(name)
        if problem:
            report.rejected.append(f"submitted/{name}: student id {problem}; not graded")
    return report


def _links(folder: Path) -> list[str]:
    return [p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_symlink()]


def _from_exchange(course, assignment, force, owners, report) -> None:
    root = Path(course.nbgrader.config.Exchange.get("root", "/srv/nbgrader/exchange"))
    inbound = root / course.nbgrader.course_id / "inbound"
    if not inbound.is_dir():
        raise GradingError(f"no exchange inbound folder at {inbound}: check c.Exchange.root")
    now = datetime.now(timezone.utc).replace(tzinfo=None)  # nbgrader's parse_utc: naive UTC
    with tempfile.TemporaryDirectory(prefix="grading-exchange-") as private:
        checked = Path(private) / course.nbgrader.course_id / "inbound"
        checked.mkdir(parents=True)
        for entry in sorted(inbound.iterdir()):
            parts = entry.name.split("+")
            if len(parts) < 3 or parts[1] != assignment:
                continue
            student, when = parts[0], parts[2]
            why = _refuse_inbound(entry, student, when, owners, now)
            if why:
                report.rejected.append(f"inbound/{entry.name}: {why}")
                continue
            shutil.copytree(entry, checked / entry.name, symlinks=True)
            report.collected.append(f"inbound/{entry.name} -> {student}")
        args = ["collect", assignment, f"--Exchange.root={private}"]
        run = course.run(*args, *(["--update"] if force else []), timeout=1800)
        if not run.ok:
            raise GradingError(f"nbgrader collect failed:\n{run.log[-2000:]}")


def _refuse_inbound(entry: Path, student: str, when: str, owners, now) -> str | None:
    """Why an inbound submission is refused (``None``: it is the student's own)."""
    from nbgrader.utils import parse_utc

    problem = student_id_problem(student)
    if problem:
        return f"student id {problem}"
    if entry.is_symlink() or not entry.is_dir():
        return "not a folder (a symbolic link or a file)"
    links = _links(entry)
    if links:
        return f"holds symbolic links ({', '.join(links[:3])})"
    expected = _owner(student, owners)
    if expected is None:
        return f"no account is known for student {student!r} (pass --owners)"
    for path in [entry, *entry.rglob("*")]:
        uid = path.lstat().st_uid
        if uid != expected:
            where = path.relative_to(entry).as_posix() if path != entry else "the folder"
            return f"{where} belongs to uid {uid}, not {student}'s account (uid {expected})"
    try:
        stamps = [parse_utc(when)]
        if (entry / "timestamp.txt").is_file():
            stamps.append(parse_utc((entry / "timestamp.txt").read_text()[:100].strip()))
    except (ValueError, OverflowError) as error:
        return f"unreadable timestamp ({error})"
    if any(stamp - now > FUTURE for stamp in stamps):
        return "dated in the future"
    return None


def _from_archives(course, assignment, force, pattern, report) -> None:
    folder = course.root / "downloaded" / assignment / "archive"
    if not folder.is_dir():
        raise GradingError(f"no archives to collect: put the downloaded files in {folder}")
    matcher = re.compile(pattern)
    owners: dict[str, list[Path]] = {}
    for archive in sorted(folder.iterdir()):
        match = matcher.fullmatch(archive.stem) if archive.suffix == ".zip" else None
        if archive.is_symlink() or not archive.is_file() or match is None:
            report.rejected.append(f"{archive.name}: not a .zip file named for a student")
            continue
        student = unicodedata.normalize("NFC", match.group("student"))
        problem = student_id_problem(student)
        if problem:
            report.rejected.append(f"{archive.name}: student id {student!r} {problem}")
            continue
        owners.setdefault(student, []).append(archive)
    for student, archives in sorted(owners.items()):
        if len(archives) > 1:
            names = ", ".join(a.name for a in archives)
            report.rejected.append(f"{names}: several archives for {student}; none collected")
            continue
        (archive,) = archives
        target = course.path("submitted", assignment, student)
        if target.exists() and not force:
            report.rejected.append(
                f"{archive.name}: {student} already collected (use --force to replace)"
            )
            continue
        try:
            files, stamp = _unpack(archive)
        except (zipfile.BadZipFile, ValueError, OSError) as error:
            report.rejected.append(f"{archive.name}: {error}")
            continue
        if target.is_symlink() or target.is_file():
            target.unlink()
        elif target.exists():
            shutil.rmtree(target)
        target.mkdir(parents=True)
        for name, data in files.items():
            path = target / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        if "timestamp.txt" not in files and stamp is not None:
            (target / "timestamp.txt").write_text(f"{stamp:%Y-%m-%d %H:%M:%S.%f} UTC")
        report.collected.append(f"{archive.name} -> {student} ({len(files)} file(s))")


def _unpack(archive: Path) -> tuple[dict[str, bytes], datetime | None]:
    """The files of an archive by safe relative name (one top folder dropped), and its date.

    Refused: absolute names, ``..``, links, names met twice, more than
    :data:`MAX_ARCHIVE_BYTES` unpacked.
    """
    files: dict[str, bytes] = {}
    latest = None
    with zipfile.ZipFile(archive) as handle:
        members = [m for m in handle.infolist() if not m.is_dir()]
        if sum(m.file_size for m in members) > MAX_ARCHIVE_BYTES:
            raise ValueError(f"unpacks to more than {MAX_ARCHIVE_BYTES:,} bytes")
        names = [m.filename.replace("\\", "/") for m in members]
        tops = {n.split("/")[0] for n in names}
        strip = len(tops) == 1 and all("/" in n for n in names)
        for member, name in zip(members, names, strict=True):
            parts = name.split("/")[1:] if strip else name.split("/")
            if name.startswith("/") or {".", ".."} & set(parts) or not all(parts) or ":" in name:
                raise ValueError(f"unsafe path inside the archive: {name!r}")
            if (member.external_attr >> 16) & 0o170000 == 0o120000:
                raise ValueError(f"symbolic link inside the archive: {name!r}")
            relative = "/".join(parts)
            if relative in files:
                raise ValueError(f"{relative!r} appears twice in the archive")
            files[relative] = handle.read(member)
            stamp = datetime(*member.date_time, tzinfo=timezone.utc)
            latest = stamp if latest is None or stamp > latest else latest
    return files, latest
