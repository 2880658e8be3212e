"""Issue 14: the attacks a determined student tries, each through the real CLI and nbgrader.

One class of attack per test. A scratch copy of the course is released and every attacking
submission (plus an honest one) is collected and autograded in one ``python -m course``
run, student code in the bubblewrap sandbox. Each test asserts the grade, the report line and
that nothing outside the student's sandbox changed: the course files, the submissions, the
other students' marks in the gradebook.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from datetime import datetime, timezone
from pathlib import Path

import nbformat
import pytest

from course.grading import CourseDir, release
from course.grading.course_dir import IMPORT_ROOT as ROOT
from course.grading.sandbox import available

from .test_grading import (
    ASSIGNMENT,
    AUTOGRADED,
    WRONG,
    answer,
    by_id,
    cell_scores,
    copy_course,
    key,
    student_version,
    submit,
)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not available(), reason="bubblewrap is not installed (make test installs it)"
    ),
]

HONEST = "honest"
DUE = datetime(2026, 5, 4, 12, 0, tzinfo=timezone.utc)

# ------------------------------------------------------------------------ the attacking code
PROBE = r"""
import glob, json, os, sqlite3
ROOT = {root!r}
found = {{}}
def attempt(name, action):
    try:
        found[name] = repr(action())[:200]
    except BaseException as error:
        found[name] = "refused: " + type(error).__name__
for pattern in ["../../../*.db", "../../../source/*/*.ipynb", "../../../rubrics/*",
                "../../../submitted/*/*/*.ipynb", ROOT + "/*", ROOT + "/*/*/*/*.ipynb",
                "/tmp/**/gradebook.db", "/tmp/**/*.ipynb", "/work/**/source/*/*.ipynb"]:
    found["glob " + pattern] = glob.glob(pattern, recursive=True)
def gradebook():
    db = sqlite3.connect("file:" + ROOT + "/gradebook.db?mode=rw", uri=True)
    db.execute("UPDATE grade SET manual_score = 0")
    db.commit()
    return "wrote"
attempt("gradebook", gradebook)
attempt("source", lambda: open(ROOT + "/source/case_review_1/case_review_1.ipynb").read(9))
attempt("classmate", lambda: open(ROOT + "/submitted/honest/case_review_1/timestamp.txt").read())
attempt("config", lambda: open(ROOT + "/nbgrader_config.py", "a").write("import os"))
attempt("uid", os.getuid)
attempt("network", lambda: __import__("socket").create_connection(("1.1.1.1", 80), 3))
print("PROBE " + json.dumps(found))
"""

DETACHED = r"""
import os, signal, time
for pid in [int(p) for p in os.listdir("/proc") if p.isdigit()]:
    if pid != os.getpid():
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        os.execv("/bin/sleep", ["sleep", "1013"])
    os._exit(0)
"""

CHEAT = '\nget_ipython().input_transformers_post.append(lambda lines: ["pass\\n"])\n'

LEAK = r"""
import base64, zlib
def _leak(result):
    source = result.info.raw_cell
    if "assert" in source:
        print(base64.b64encode(zlib.compress(source.encode())).decode())
get_ipython().events.register("post_run_cell", _leak)
"""

XSS = "<script>fetch('/api/contents/pwned.txt', {method: 'PUT'})</script>"


def cheat_then_crash(nb, key_):
    """Every test passes in the kernel; one cell is too deep for the course's parser."""
    answer(nb, WRONG)
    by_id(nb)["q1_answer"].source += CHEAT
    by_id(nb)["q2_answer"].source = "answer_q2 = " + "+".join(["1"] * 100_000)


def hidden_phrase(nb, key_):
    answer(nb, key_, prose="I looked for the BEGIN HIDDEN TESTS marker and found none.")


def probe(nb, key_, root: Path):
    """Knows exactly where the course directory is, and tries to read and write it."""
    answer(nb, key_)
    by_id(nb)["q1_answer"].source += PROBE.format(root=str(root))


def self_rewrite(nb, key_):
    answer(nb, WRONG)
    by_id(nb)["q1_answer"].source += (
        "\nimport glob\n"
        "for path in glob.glob('/**/self_rewrite/**/*.ipynb', recursive=True) + "
        "glob.glob('../../../submitted/self_rewrite/*/*.ipynb'):\n"
        "    open(path, 'a').write(' ')\n"
        "open('case_review_1.ipynb', 'w').write('{}')\n"
    )


def key_leaker(nb, key_):
    answer(nb, WRONG)
    by_id(nb)["q1_answer"].source += LEAK + "\nopen('extra.html', 'w').write('<p>x</p>')\n"


def xss(nb, key_):
    answer(nb, key_, prose=f"My answer. {XSS} <img src=x onerror=alert(1)>")
    by_id(nb)["q1_answer"].source += (
        "\nfrom IPython.display import HTML, Javascript, display\n"
        f"display(HTML({XSS!r}))\n"
        "display(Javascript(\"fetch('/api/contents/js.txt', {method: 'PUT'})\"))\n"
    )


def class_stopper(nb, key_):
    answer(nb, key_)
    by_id(nb)["q1_answer"].source += DETACHED


def dead_kernel(nb, key_):
    answer(nb, key_)
    by_id(nb)["q3_answer"].source += "\nimport os\nos._exit(1)\n"


ATTACKS = {
    HONEST: lambda nb, k: answer(nb, k),
    "cheat_then_crash": cheat_then_crash,
    "hidden_phrase": hidden_phrase,
    "probe": probe,
    "self_rewrite": self_rewrite,
    "key_leaker": key_leaker,
    "xss": xss,
    "class_stopper": class_stopper,
    "dead_kernel": dead_kernel,
}


def odd_files(course: CourseDir) -> None:
    """Files that once lost their student from the reports."""
    nb = student_version(course, ASSIGNMENT)
    good = nbformat.writes(nb)
    data = json.loads(good)
    data["nbformat"] = 5
    submit(course, ASSIGNMENT, "nbformat5", json.dumps(data).encode())
    deep = '{"cells": ' + "[" * 100_000 + "]" * 100_000 + "}"
    submit(course, ASSIGNMENT, "deep", deep.encode())
    submit(course, ASSIGNMENT, "bom", b"\xef\xbb\xbf" + good.encode())
    submit(course, ASSIGNMENT, "utf16", good.encode("utf-16"))
    folder = submit(course, ASSIGNMENT, "garbage_time", good.encode())
    (folder / "timestamp.txt").write_text("the day after tomorrow")
    late = submit(course, ASSIGNMENT, "late", good.encode())
    (late / "timestamp.txt").write_text("2026-05-06 15:30:00.000000 UTC")
    submit(course, ASSIGNMENT, ".hidden", good.encode())
    submit(course, ASSIGNMENT, "glob*", good.encode())
    linked = course.path("submitted", ASSIGNMENT, "linked")
    linked.mkdir(parents=True)
    target = course.path("submitted", ASSIGNMENT, HONEST) / f"{ASSIGNMENT}.ipynb"
    (linked / f"{ASSIGNMENT}.ipynb").symlink_to(target)
    (linked / "timestamp.txt").symlink_to("/etc/hostname")


ODD = {
    "nbformat5": ("invalid_json", "nbformat 5 is not supported"),
    "deep": ("invalid_json", "nested too deeply"),
    "bom": ("invalid_json", "byte-order mark"),
    "utf16": ("invalid_json", "UTF-16"),
    "garbage_time": ("bad_timestamp", "timestamp.txt is not a date"),
    ".hidden": ("invalid_id", "starts with a dot"),
    "glob*": ("invalid_id", "may hold only"),
    "linked": ("unsafe_file", "symbolic link"),
}


# ------------------------------------------------------------------------------- snapshots
def tree(folder: Path, skip: tuple[str, ...] = ()) -> dict[str, str]:
    """SHA-256 of every file (links by their target) under ``folder``, but for ``skip``."""
    found = {}
    for path in sorted(folder.rglob("*")):
        label = path.relative_to(folder).as_posix()
        if any(label == s or label.startswith(s + "/") for s in skip):
            continue
        if path.is_symlink():
            found[label] = "-> " + os.readlink(path)
        elif path.is_file():
            found[label] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def marks(course: CourseDir) -> dict[str, dict]:
    """Every student's scores and comments in the gradebook."""
    found = {}
    with course.gradebook() as gb:
        for submission in gb.assignment_submissions(ASSIGNMENT):
            row = found.setdefault(submission.student.id, {})
            for notebook in submission.notebooks:
                for grade in notebook.grades:
                    row[grade.name] = (grade.auto_score, grade.manual_score)
                for comment in notebook.comments:
                    row["comment " + comment.name] = comment.manual_comment
    return found


def outputs(course: CourseDir, student: str) -> str:
    path = course.path("autograded", ASSIGNMENT, student) / f"{ASSIGNMENT}.ipynb"
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def course() -> CourseDir:
    # A folder of its own (not pytest's numbered temp folders, which a parallel run may prune).
    with tempfile.TemporaryDirectory(prefix="grading-attacks-") as scratch:
        yield _attacked_course(Path(scratch) / "course")


def _attacked_course(root: Path) -> CourseDir:
    course = copy_course(root)
    assert release(course, ASSIGNMENT).ok
    with course.gradebook() as gb:
        gb.update_or_create_assignment(ASSIGNMENT, duedate=DUE.replace(tzinfo=None))
    key_ = key(course, ASSIGNMENT)
    for student, edit in ATTACKS.items():
        nb = student_version(course, ASSIGNMENT)
        edit(nb, key_, course.root) if edit is probe else edit(nb, key_)
        submit(course, ASSIGNMENT, student, nbformat.writes(nb).encode())
    odd_files(course)
    return course


def cli(course: CourseDir, *args: str, path: str | None = None) -> tuple[int, str, str]:
    """``python -m course --course-dir <course> <args>``: exit code, stdout, stderr."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    if path is not None:
        env["PATH"] = path
    run = subprocess.run(
        [sys.executable, "-m", "course", "--course-dir", str(course.root), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=3600,
    )
    return run.returncode, run.stdout, run.stderr


@pytest.fixture(scope="module")
def graded(course):
    """One CLI collect + autograde of every submission, with what it printed and the hashes
    of everything outside the students' sandboxes before and after."""
    code, printed, _ = cli(course, "collect", ASSIGNMENT)
    assert code == 1 and "starts with a dot" in printed  # odd student ids are reported
    outside = ("submitted", "autograded", "reports", "gradebook.db", "feedback")
    before = (tree(course.root, outside), tree(course.root / "submitted"))
    start = time.monotonic()
    code, printed, _ = cli(course, "grade", ASSIGNMENT)
    seconds = time.monotonic() - start
    after = (tree(course.root, outside), tree(course.root / "submitted"))
    return code, printed, before, after, seconds


def printed_by(course: CourseDir, student: str, cell: str) -> str:
    """What one cell of a student's autograded notebook printed (stdout and stderr)."""
    path = course.path("autograded", ASSIGNMENT, student) / f"{ASSIGNMENT}.ipynb"
    nb = nbformat.read(path, as_version=4)
    return "".join(o.get("text", "") for o in by_id(nb)[cell].outputs)


def line(printed: str, student: str) -> str:
    """The student's row of the CLI's table."""
    return next(x for x in printed.splitlines() if x.split()[:1] == [student])


def details(printed: str, student: str) -> str:
    return "\n".join(x for x in printed.splitlines() if x.startswith(f"  {student}: "))


def auto_total(course: CourseDir, student: str) -> float:
    scores = cell_scores(course, ASSIGNMENT, student)
    return sum(scores[g] or 0.0 for g in AUTOGRADED)


def untouched(graded) -> None:
    _, printed, before, after, _ = graded
    assert before == after  # course files, sources, config, rubrics and every submission
    assert "submitted files unchanged by grading" in printed


# ------------------------------------------------------------------------- one test per class
def test_honest_submission_is_graded_in_the_sandbox(course, graded):
    code, printed, *_ = graded
    assert code == 1  # the attacks are reported, so the run's exit code says so
    assert line(printed, HONEST).split()[1:] == ["6/12", "ok"]
    assert auto_total(course, HONEST) == 6.0
    untouched(graded)


def test_1_a_crash_in_the_checks_fails_closed(course, graded):
    _, printed, *_ = graded
    assert "check_failed" in line(printed, "cheat_then_crash")
    assert "RecursionError" in details(printed, "cheat_then_crash")
    assert auto_total(course, "cheat_then_crash") == 0.0
    untouched(graded)


def test_2_one_phrase_does_not_break_feedback_and_failures_stay_with_their_student(course, graded):
    broken = course.path("autograded", ASSIGNMENT, "dead_kernel")
    broken.mkdir(parents=True, exist_ok=True)
    (broken / f"{ASSIGNMENT}.ipynb").write_text("{not json")
    code, printed, _ = cli(course, "feedback", ASSIGNMENT)
    assert code == 1
    assert "dead_kernel: no feedback: nbgrader failed" in printed
    page = course.path("feedback", ASSIGNMENT, "hidden_phrase") / f"{ASSIGNMENT}.html"
    assert "BEGIN HIDDEN TESTS marker" in page.read_text()
    assert (course.path("feedback", ASSIGNMENT, HONEST) / f"{ASSIGNMENT}.html").is_file()
    untouched(graded)


def test_3_and_readers_student_code_sees_no_gradebook_source_or_classmate(course, graded):
    _, printed, *_ = graded
    shown = printed_by(course, "probe", "q1_answer")
    assert "PROBE " in shown, shown
    found = json.loads(shown.split("PROBE ")[1])
    assert all(value == [] for name, value in found.items() if name.startswith("glob ")), found
    for attempt in ("gradebook", "source", "classmate", "config"):
        assert found[attempt].startswith("refused"), found
    assert found["config"].startswith("refused")
    assert found["uid"] == "65534"
    assert found["network"].startswith("refused")
    assert line(printed, "probe").split()[1] == "6/12"
    assert "the gradebook or other submissions" in details(printed, "probe")
    scores = marks(course)
    assert scores[HONEST]["q1_test"] == (2.0, None)
    untouched(graded)


def test_4_student_code_cannot_rewrite_its_submission(course, graded):
    _, printed, *_ = graded
    assert line(printed, "self_rewrite").split()[1] == "0/12"
    untouched(graded)


def test_5_keys_printed_in_any_readable_form_never_reach_feedback(course, graded):
    code, printed, _ = cli(course, "feedback", ASSIGNMENT, "--student=key_leaker")
    assert code == 1
    assert "SECRETS FOUND" in printed and "key_leaker/case_review_1" in printed
    assert not (course.path("feedback", ASSIGNMENT, "key_leaker") / f"{ASSIGNMENT}.html").exists()
    assert not list(course.path("feedback", ASSIGNMENT, "key_leaker").glob("extra.html"))
    untouched(graded)


def test_6_student_code_cannot_edit_the_configuration(course, graded):
    found = json.loads(printed_by(course, "probe", "q1_answer").split("PROBE ")[1])
    assert found["config"].startswith("refused")
    config = (course.root / "nbgrader_config.py").read_text()
    assert "import os" not in config.split("c = get_config()")[1]
    untouched(graded)


def test_7_outputs_are_sanitised_before_anyone_opens_them(course, graded):
    nb = json.loads(outputs(course, "xss"))
    shown = [o for c in nb["cells"] for o in c.get("outputs", [])]
    kinds = {k for o in shown for k in o.get("data", {})}
    assert not kinds & {"text/html", "application/javascript", "text/markdown", "image/svg+xml"}
    assert "fetch(" not in json.dumps(shown)  # the script survives nowhere in the outputs
    prose = "".join(
        "".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown"
    )  # a stored notebook keeps each source as a list of lines
    assert "<script" not in prose and "<img" not in prose
    assert "&lt;script&gt;" in prose  # the student's prose is kept, as text
    assert "widgets" not in nb["metadata"]
    untouched(graded)


def test_8_one_student_cannot_stop_the_class(course, graded):
    _, printed, _, _, seconds = graded
    row = line(printed, "class_stopper")
    assert row.split()[1] in ("6/12", "0/12")  # killed its own worker, or not: never others
    assert line(printed, HONEST).split()[-1] == "ok"
    assert seconds < 60 * len(ATTACKS) + 30 * len(ODD)
    import psutil

    survivors = [
        p.info
        for p in psutil.process_iter(["cmdline", "uids"])
        if p.info["cmdline"] == ["sleep", "1013"]
    ]
    assert survivors == []  # the detached process died with the student's sandbox
    untouched(graded)


def test_9_regrading_keeps_hand_given_marks(course, graded):
    with course.gradebook() as gb:
        for student in (HONEST, "dead_kernel", "cheat_then_crash"):
            grade = gb.find_grade("m1_reasoning", ASSIGNMENT, ASSIGNMENT, student)
            grade.manual_score = 3.0
            comment = gb.find_comment("m1_reasoning", ASSIGNMENT, ASSIGNMENT, student)
            comment.manual_comment = "Clear reasoning; name the nerve block next time."
        overruled = gb.find_grade("q1_test", ASSIGNMENT, ASSIGNMENT, "cheat_then_crash")
        overruled.manual_score = 1.0
        gb.db.commit()
    before = marks(course)
    students = [HONEST, "dead_kernel", "cheat_then_crash"]
    cli(course, "grade", ASSIGNMENT, *(f"--student={s}" for s in students))
    after = marks(course)
    for student in students:
        assert after[student]["m1_reasoning"][1] == 3.0
        assert after[student]["comment m1_reasoning"].startswith("Clear reasoning")
    assert after["cheat_then_crash"]["q1_test"][1] == 1.0
    assert {s: after[s] for s in after if s not in students} == {
        s: before[s] for s in before if s not in students
    }


def test_10_the_exchange_checks_owners_links_and_dates(tmp_path):
    course = copy_course(tmp_path / "course")
    assert release(course, ASSIGNMENT).ok
    exchange = tmp_path / "exchange"
    inbound = exchange / "buttock_pain" / "inbound"
    inbound.mkdir(parents=True)
    with (course.root / "nbgrader_config.py").open("a") as handle:
        handle.write(f"\nc.Exchange.root = {str(exchange)!r}\n")
    real = nbformat.writes(student_version(course, ASSIGNMENT)).encode()

    def deposit(name: str, uid: int, content: bytes, stamp: str) -> Path:
        folder = inbound / name
        folder.mkdir()
        (folder / f"{ASSIGNMENT}.ipynb").write_bytes(content)
        (folder / "timestamp.txt").write_text(stamp)
        for path in (folder, *folder.iterdir()):
            os.chown(path, uid, uid, follow_symlinks=False)
        return folder

    deposit(
        "alice+case_review_1+2026-05-04 09:00:00.000000 UTC", 41001, real, "2026-05-04 09:00:00 UTC"
    )
    deposit(
        "alice+case_review_1+2099-01-01 00:00:00.000000 UTC",
        41001,
        b"{}",
        "2099-01-01 00:00:00 UTC",
    )
    deposit(
        "alice+case_review_1+2026-05-04 10:00:00.000000 UTC", 41002, b"{}", "2026-05-04 10:00 UTC"
    )
    (inbound / "bob+case_review_1+2026-05-04 09:00:00.000000 UTC").symlink_to("/etc")
    linky = deposit("carol+case_review_1+2026-05-04 09:00:00.000000 UTC", 41003, real, "2026-05-04")
    (linky / "notes.txt").symlink_to("/etc/hostname")
    owners = tmp_path / "owners.csv"
    owners.write_text("student,uid\nalice,41001\nbob,41004\ncarol,41003\nmallory,41002\n")
    before = tree(exchange)
    code, printed, error = cli(
        course, "collect", ASSIGNMENT, "--source=exchange", f"--owners={owners}"
    )
    assert code == 1, error
    assert tree(exchange) == before
    assert "alice+case_review_1+2026-05-04 09:00:00.000000 UTC -> alice" in printed
    assert "2099-01-01" in printed and "dated in the future" in printed
    assert "belongs to uid 41002, not alice's account (uid 41001)" in printed
    assert "not a folder (a symbolic link or a file)" in printed
    assert "holds symbolic links (notes.txt)" in printed
    collected = course.path("submitted", ASSIGNMENT, "alice") / f"{ASSIGNMENT}.ipynb"
    assert collected.read_bytes() == real
    assert not course.path("submitted", ASSIGNMENT, "bob").exists()
    assert not course.path("submitted", ASSIGNMENT, "carol").exists()


def test_11_zip_collection_trusts_the_archive_not_the_names_inside(tmp_path):
    course = copy_course(tmp_path / "course")
    assert release(course, ASSIGNMENT).ok
    archives = course.root / "downloaded" / ASSIGNMENT / "archive"
    archives.mkdir(parents=True)
    real = nbformat.writes(student_version(course, ASSIGNMENT)).encode()

    def archive(name: str, members: dict[str, bytes]) -> None:
        with zipfile.ZipFile(archives / name, "w") as handle:
            for member, data in members.items():
                handle.writestr(member, data)

    archive("dave.zip", {"erin/case_review_1.ipynb": real})  # names erin inside: still dave's
    archive("...zip", {"case_review_1.ipynb": real})
    archive("frank.zip", {"../../evil.ipynb": real})
    archive("gina_1.zip", {"case_review_1.ipynb": real})
    archive("gina_2.zip", {"case_review_1.ipynb": b"{}"})
    pattern = "--archive-pattern=(?P<student>[^_]+)(_.*)?"
    code, printed, error = cli(course, "collect", ASSIGNMENT, "--source=zip", pattern)
    assert code == 1, error
    assert "dave.zip -> dave (1 file(s))" in printed
    assert (
        course.path("submitted", ASSIGNMENT, "dave") / f"{ASSIGNMENT}.ipynb"
    ).read_bytes() == real
    assert not course.path("submitted", ASSIGNMENT, "erin").exists()
    assert "...zip: student id '..'" in printed
    assert "frank.zip: unsafe path inside the archive" in printed
    assert "several archives for gina; none collected" in printed
    assert not (course.root.parent / "evil.ipynb").exists()
    assert sorted(p.name for p in (course.root / "submitted").iterdir()) == ["dave"]
    archive("dave.zip", {"case_review_1.ipynb": b'{"again": 1}'})
    _, printed, _ = cli(course, "collect", ASSIGNMENT, "--source=zip", pattern)
    assert "dave already collected (use --force to replace)" in printed
    _, printed, _ = cli(course, "collect", ASSIGNMENT, "--source=zip", pattern, "--force")
    assert "dave.zip -> dave" in printed
    notebook = course.path("submitted", ASSIGNMENT, "dave") / f"{ASSIGNMENT}.ipynb"
    assert notebook.read_bytes() == b'{"again": 1}'


def test_odd_files_are_reported_and_never_lost_from_the_reports(course, graded):
    _, printed, *_ = graded
    for student, (kind, words) in ODD.items():
        assert kind in line(printed, student), student
        assert words in details(printed, student), student
    assert "late: submitted 2026-05-06 15:30 UTC, 51 h 30 min after" in details(printed, "late")
    code, _, errors = cli(course, "report", ASSIGNMENT)
    assert code == 0, errors
    with (course.root / "reports" / ASSIGNMENT / "students.csv").open() as handle:
        rows = {r["student"]: r for r in csv.DictReader(handle)}
    with (course.root / "reports" / "grades.csv").open() as handle:
        exported = {r["student_id"] for r in csv.DictReader(handle)}
    everyone = set(ATTACKS) | set(ODD) | {"late"}
    assert everyone <= set(rows) and everyone <= exported
    assert rows["late"]["seconds_late"] == str(51 * 3600 + 30 * 60)
    for student, (kind, _) in ODD.items():
        assert kind in rows[student]["status"]
    untouched(graded)


def test_without_bubblewrap_grading_refuses_unless_told(course):
    """With no ``bwrap`` on the PATH, autograde refuses and says what to do."""
    code, _, error = cli(
        course, "grade", ASSIGNMENT, "--student=honest", path=str(Path(sys.executable).parent)
    )
    assert code == 2
    assert "bubblewrap (bwrap) is not installed" in error and "--unsafe-no-sandbox" in error
