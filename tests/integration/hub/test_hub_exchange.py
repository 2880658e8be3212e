"""The grading cycle through a real JupyterHub and nbgrader's exchange (see ``conftest.py``).

The instructor's course directory releases an assignment into the exchange; each student's
server is started through the hub's REST API, and the student fetches the assignment through
nbgrader's ``assignment_list`` server extension on that server (through the proxy, at
``/user/<name>/assignments/...``), writes answers with the Jupyter contents API and submits
through the extension. The instructor collects from the exchange, autogrades in the sandbox,
generates and releases feedback; each student fetches feedback and gets their own only.
"""

from __future__ import annotations

import json
import pwd

import nbformat
import pytest

from course.grading import CourseDir, autograde, collect, feedback, release
from course.grading.leaks import hidden_test_lines, html_text, normalise

from ..grading.test_grading import ASSIGNMENT, MANUAL, WRONG, copy_course, key
from .conftest import COURSE_ID, run_as

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("hub")]

NOTEBOOK = f"{ASSIGNMENT}/{ASSIGNMENT}.ipynb"
"""Where nbgrader's fetch puts the assignment in a student's home (contents API path)."""

RIGHT_FROM = {0: 4, 1: 0, 2: 2}
"""For each student (by index), how many of the four autograded questions they answer right
(the first ones; the rest get :data:`WRONG` answers)."""

POINTS = {"q1_answer": 2.0, "q2_answer": 1.0, "q3_answer": 2.0, "q4_answer": 1.0}
"""Points of each autograded question, by its answer cell."""


def signature(student: str) -> str:
    """A sentence only ``student`` writes, to find their work in feedback pages."""
    return f"Reasoning written by {student} alone."


def extension(hub, student: str, action: str) -> dict:
    """POST an action (fetch, submit, fetch_feedback) to nbgrader's extension on the
    student's server; its JSON reply, which must report success."""
    status, reply = hub.as_user(
        student,
        "POST",
        f"/assignments/{action}",
        params={"course_id": COURSE_ID, "assignment_id": ASSIGNMENT},
    )
    assert status == 200, (action, student, status, reply, hub.tail())
    assert reply["success"], (action, student, reply)
    return reply


def statuses(reply: dict) -> set[str]:
    return {a["status"] for a in reply["value"] if a["assignment_id"] == ASSIGNMENT}


def answer_through_contents_api(hub, student: str, answers: dict[str, str]) -> None:
    """Open the fetched notebook with the contents API, fill in answers, save it back."""
    status, model = hub.as_user(student, "GET", f"/api/contents/{NOTEBOOK}")
    assert status == 200, (student, status, model)
    notebook = model["content"]
    filled = set()
    for cell in notebook["cells"]:
        grade_id = cell["metadata"].get("nbgrader", {}).get("grade_id")
        if grade_id in answers:
            cell["source"] = answers[grade_id]
            filled.add(grade_id)
        elif grade_id in MANUAL:
            cell["source"] = signature(student)
            filled.add(grade_id)
    assert filled == {*answers, *MANUAL}, f"{student}: cells missing from the fetched notebook"
    body = {"type": "notebook", "format": "json", "content": notebook}
    status, saved = hub.as_user(student, "PUT", f"/api/contents/{NOTEBOOK}", body=body)
    assert status == 200, (student, status, saved)


def feedback_pages(hub, student: str) -> dict[str, str]:
    """Every feedback page in the student's fetched assignment folder: path -> its text."""
    pages = {}
    status, folder = hub.as_user(student, "GET", f"/api/contents/{ASSIGNMENT}/feedback")
    assert status == 200, (student, status, folder)
    for stamp in folder["content"]:
        status, inner = hub.as_user(student, "GET", f"/api/contents/{stamp['path']}")
        for page in inner["content"]:
            status, model = hub.as_user(
                student, "GET", f"/api/contents/{page['path']}", params={"format": "text"}
            )
            assert status == 200, (student, status, model)
            pages[page["path"]] = model["content"]
    return pages


def attempts_as(hub, user: str, paths: dict[str, str]) -> dict[str, str]:
    """Run as ``user``: try each action on its path (``list`` or ``read``); what happened."""
    script = (
        "import json, os, sys\n"
        "out = {}\n"
        "for what, path in json.loads(sys.argv[1]).items():\n"
        "    try:\n"
        "        os.listdir(path) if what.startswith('list') else open(path).read()\n"
        "        out[what] = 'allowed'\n"
        "    except PermissionError:\n"
        "        out[what] = 'denied'\n"
        "print(json.dumps(out))\n"
    )
    done = run_as(user, [hub.python, "-c", script, json.dumps(paths)])
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def cycle(hub, tmp_path_factory):
    """The whole cycle, once: release, fetch, answer, submit, collect, grade, feedback."""
    course = copy_course(tmp_path_factory.mktemp("hub-course") / "course")
    with (course.root / "nbgrader_config.py").open("a") as config:
        config.write(f"\nc.Exchange.root = {str(hub.exchange)!r}\n")
    course = CourseDir(course.root)
    assert release(course, ASSIGNMENT).ok
    released = course.run("release_assignment", ASSIGNMENT, "--force", timeout=600)
    assert released.ok, released.log

    for student in hub.students:
        hub.issue_token(student)
    hub.start_servers(hub.students)
    solutions = key(course, ASSIGNMENT)
    for index, student in enumerate(hub.students):
        assert "fetched" in statuses(extension(hub, student, "fetch"))
        right = list(POINTS)[: RIGHT_FROM[index]]
        answers = {g: solutions[g] if g in right else WRONG[g] for g in POINTS}
        answer_through_contents_api(hub, student, answers)
        assert "submitted" in statuses(extension(hub, student, "submit"))

    collected = collect(course, ASSIGNMENT, source="exchange")
    graded = autograde(course, ASSIGNMENT)
    feedback_run = feedback(course, ASSIGNMENT)
    sent = course.run("release_feedback", ASSIGNMENT, timeout=600)
    assert sent.ok, sent.log
    fetched = {}
    for student in hub.students:
        extension(hub, student, "fetch_feedback")
        fetched[student] = feedback_pages(hub, student)
    return course, collected, graded, feedback_run, fetched


def test_every_student_submission_arrives_through_the_hub_and_is_graded(hub, cycle):
    course, collected, graded, feedback_run, _ = cycle
    assert collected.ok and sorted(collected.students) == sorted(hub.students)
    inbound = sorted((hub.exchange / COURSE_ID / "inbound").iterdir())
    assert len(inbound) == len(hub.students)
    for entry in inbound:  # each written by the student's own server, running as that user
        student = entry.name.split("+")[0]
        assert entry.stat().st_uid == pwd.getpwnam(student).pw_uid, entry.name
    assert graded.ok and feedback_run.ok
    assert {r.student: r.status for r in graded.results} == dict.fromkeys(hub.students, "ok")
    with course.gradebook() as gb:
        for index, student in enumerate(hub.students):
            submission = gb.find_submission(ASSIGNMENT, student)
            expected = sum(list(POINTS.values())[: RIGHT_FROM[index]])
            assert submission.score == expected, student


def test_each_student_fetches_only_their_own_feedback(hub, cycle):
    *_, fetched = cycle
    source = nbformat.read(cycle[0].path("source", ASSIGNMENT) / f"{ASSIGNMENT}.ipynb", 4)
    hidden = [line for cell in source.cells for line in hidden_test_lines(cell.source)]
    assert hidden
    for student in hub.students:
        pages = fetched[student]
        assert len(pages) == 1, (student, sorted(pages))
        (text,) = (normalise(html_text(page)) for page in pages.values())
        assert signature(student) in text
        others = [s for s in hub.students if s != student]
        assert not [s for s in others if signature(s) in text], student
        assert not [line for line in hidden if line in text], f"a hidden test leaked: {student}"


def test_a_student_cannot_reach_another_students_server_or_files(hub, cycle):
    first, second = hub.students[:2]
    status, reply = hub.request(
        "GET", f"/user/{second}/api/contents/{NOTEBOOK}", token=hub.tokens[first]
    )
    assert status == 403, (status, reply)
    (page,) = cycle[-1][second]  # its path in the other student's home
    tried = attempts_as(
        hub,
        first,
        {
            "list the exchange's feedback": str(hub.exchange / COURSE_ID / "feedback"),
            "list the exchange's inbound": str(hub.exchange / COURSE_ID / "inbound"),
            "read the other's feedback": str(hub.home / second / page),
            "list the other's home": str(hub.home / second),
        },
    )
    assert tried == dict.fromkeys(tried, "denied")
