"""The grading pipeline's pure parts: digests, literal answers, leak scan,
and the two nbgrader preprocessors, each on small hand-made inputs."""

from __future__ import annotations

import base64
import codecs
import hashlib
import os
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from course.grading import integrity, leaks
from course.grading.cleanroom import free_names, literal_answers
from course.grading.preprocessors import CapOutputBytes, WithholdHiddenTestFailures, output_bytes


# ------------------------------------------------------------------------------------ digests
def test_snapshot_sees_every_change(tmp_path):
    (tmp_path / "a" / "x").mkdir(parents=True)
    (tmp_path / "a" / "x" / "nb.ipynb").write_bytes(b"{}")
    (tmp_path / "a" / "x" / "timestamp.txt").write_text("t")
    before = integrity.snapshot(tmp_path)
    assert before["a/x/nb.ipynb"] == hashlib.sha256(b"{}").hexdigest()
    assert not integrity.difference(before, integrity.snapshot(tmp_path))
    (tmp_path / "a" / "x" / "nb.ipynb").write_bytes(b"{} ")
    (tmp_path / "a" / "x" / "timestamp.txt").unlink()
    (tmp_path / "a" / "x" / "new.py").write_text("")
    diff = integrity.difference(before, integrity.snapshot(tmp_path))
    assert (diff.changed, diff.removed, diff.added) == (
        ["a/x/nb.ipynb"],
        ["a/x/timestamp.txt"],
        ["a/x/new.py"],
    )
    assert "changed: a/x/nb.ipynb" in str(diff)
    assert integrity.of_assignment(before, "x") == before
    assert integrity.of_assignment(before, "y") == {}


# ------------------------------------------------------------------------------ clean room
def notebook_of(*sources: str) -> nbformat.NotebookNode:
    return new_notebook(cells=[new_code_cell(s) for s in sources])


def test_literal_answers_take_the_last_assignment_in_order():
    nb = notebook_of(
        '%matplotlib inline\nanswer_q1 = "A"',
        "answer_q1 = 'b'\nanswer_q2: str = \"hip_osteoarthritis\"",
        "def broken(:",  # a cell that is not Python is ignored, as the kernel would fail on it
        "answer_q3 = 3.5",
    )
    found = literal_answers(nb, {"answer_q1", "answer_q2", "answer_q3", "answer_q4"})
    assert found.literal == {"answer_q1": "b", "answer_q2": "hip_osteoarthritis", "answer_q3": 3.5}
    assert found.not_literal == set()


def test_anything_but_a_literal_is_not_a_literal_answer():
    nb = notebook_of(
        'answer_q1 = "B"',
        "class Anything:\n    def __eq__(self, other):\n        return True\n\n"
        "answer_q1 = Anything()",
        'answer_q2 = "c".upper()',
        'for answer_q3 in ["A"]:\n    pass',
        # A globals() write is invisible to the file: the literal stands (and the kernel's "E"
        # scores at most what the clean room gives "D").
        'answer_q4 = "D"\nglobals()["answer_q4"] = "E"',
    )
    found = literal_answers(nb, {"answer_q1", "answer_q2", "answer_q3", "answer_q4"})
    assert found.literal == {"answer_q4": "D"}
    assert found.not_literal == {"answer_q1", "answer_q2", "answer_q3"}


def test_free_names_are_what_a_test_reads_from_the_student():
    test = (
        'import hashlib\n_text = "".__class__\n'
        "assert type(answer_q1) is _text\nprint(len(answer_q2))"
    )
    assert free_names(test) == {"answer_q1", "answer_q2"}


# ------------------------------------------------------------------------------- leak scan
SOURCE = new_notebook(
    cells=[
        new_markdown_cell("Choose one of: `hip_osteoarthritis`, `gluteal_tendinopathy`."),
        new_code_cell(
            "# answer here\n### BEGIN SOLUTION\n"
            'answer_q1 = "gluteal_tendinopathy"\n### END SOLUTION',
            metadata={
                "nbgrader": {"solution": True, "grade": False, "grade_id": "a", "locked": False}
            },
        ),
        new_code_cell(
            "assert type(answer_q1) is str\n### BEGIN HIDDEN TESTS\n"
            'assert answer_q1.strip() == "gluteal_tendinopathy"\n### END HIDDEN TESTS',
            metadata={"nbgrader": {"grade": True, "solution": False, "grade_id": "t", "points": 1}},
        ),
        new_markdown_cell(
            "Model answer: trochanteric tenderness is sensitive.",
            metadata={"nbgrader": {"grade": True, "solution": True, "grade_id": "m", "points": 3}},
        ),
    ]
)
SHOWN = (
    "Choose one of: `hip_osteoarthritis`, `gluteal_tendinopathy`.\nassert type(answer_q1) is str"
)


def test_secrets_are_the_solution_hidden_and_model_answer_lines():
    found = leaks.secrets(SOURCE)
    assert found.answers == (("answer_q1", "gluteal_tendinopathy"),)
    assert set(found.lines) == {
        'answer_q1 = "gluteal_tendinopathy"',
        'assert answer_q1.strip() == "gluteal_tendinopathy"',
        "Model answer: trochanteric tenderness is sensitive.",
    }
    # The options and the visible test are shown to students, so they are no secret.
    assert leaks.scan_text("student.ipynb", [SHOWN], found) == []


@pytest.mark.parametrize(
    "planted",
    [
        'answer_q1="gluteal_tendinopathy"',
        base64.b64encode(b'answer_q1 = "gluteal_tendinopathy"').decode(),
        base64.b64encode(b"gluteal_tendinopathy").decode(),
        "gluteal_tendinopathy"[::-1],
        b"answer_q1=gluteal_tendinopathy".hex(),
        codecs.encode("answer_q1:gluteal_tendinopathy", "rot13"),
        hashlib.sha256(b"gluteal_tendinopathy").hexdigest(),
        hashlib.md5(b"GLUTEAL_TENDINOPATHY").hexdigest(),
        hashlib.sha256(b"salt:gluteal_tendinopathy").hexdigest(),  # salted: an unexplained token
        base64.b64encode(b'{"q1": "a secret key the scanner has never seen"}').decode(),
        'assert   answer_q1.strip()  ==  "gluteal_tendinopathy"',
        "Model answer: trochanteric tenderness is sensitive.",
    ],
    ids=lambda s: s[:20],
)
def test_scan_finds_a_planted_secret_in_any_encoding(planted):
    found = leaks.scan_text("student.ipynb", [SHOWN + "\n" + planted], leaks.secrets(SOURCE))
    assert found, f"{planted!r} was not found"


def test_html_text_reads_a_page_as_a_person_does():
    page = '<style>p{}</style><p><span class="k">assert</span> x &gt; 1</p><script>var s;</script>'
    assert leaks.normalise(leaks.html_text(page)) == "assert x > 1"


# ----------------------------------------------------------------------------- preprocessors
def test_cap_output_bytes_cuts_bytes_and_keeps_errors():
    flood = new_output("stream", name="stdout", text=("x" * 1_000_000 + "\n") * 50)
    error = new_output(
        "error", ename="AssertionError", evalue="", traceback=["\x1b[0;31mboom"] * 200
    )
    nb = new_notebook(cells=[new_code_cell("print()", outputs=[flood, error]), new_code_cell("1")])
    capper = CapOutputBytes(max_bytes=20_000)
    nb, _ = capper.preprocess(nb, {})
    outputs = nb.cells[0].outputs
    assert sum(output_bytes(o) for o in outputs) < 30_000
    assert [o.output_type for o in outputs] == ["stream", "error", "stream"]
    assert outputs[1].ename == "AssertionError" and len(outputs[1].traceback) == 20
    assert "\x1b" not in "".join(outputs[1].traceback)
    assert "printed 50,00" in outputs[-1].text and outputs[-1].name == "stderr"
    (record,) = nb.metadata["course_grading"]["capped_cells"]
    assert record["cell"] == 0 and record["bytes"] > 50_000_000


def test_withhold_hidden_test_failures_keeps_visible_ones():
    source = SOURCE.cells[2].source
    hidden_tb = [
        "\x1b[0;31mAssertionError\x1b[0m Traceback",
        "----> 3 \x1b[38;5;28;01massert\x1b[39;00m answer_q1\x1b[38;5;241m.\x1b[39mstrip() "
        '\x1b[38;5;241m==\x1b[39m \x1b[38;5;124m"gluteal_tendinopathy"\x1b[39m',
    ]
    visible_tb = ["----> 1 assert type(answer_q1) is str", "AssertionError: must be text"]
    failing = new_code_cell(
        source,
        outputs=[new_output("error", ename="AssertionError", evalue="", traceback=hidden_tb)],
    )
    visible = new_code_cell(
        source,
        outputs=[
            new_output("error", ename="AssertionError", evalue="must be text", traceback=visible_tb)
        ],
    )
    step = WithholdHiddenTestFailures()
    failing, _ = step.preprocess_cell(failing, {}, 0)
    visible, _ = step.preprocess_cell(visible, {}, 1)
    (out,) = failing.outputs
    assert out.ename == "AssertionError" and "gluteal" not in " ".join(out.traceback)
    assert "hidden test" in out.traceback[0]
    assert visible.outputs[0].traceback == visible_tb


# ------------------------------------------------------------------- issue 14: hardening parts
@pytest.mark.parametrize(
    "student, problem",
    [
        ("alice", None),
        ("a.b-c_d@uni", None),
        ("josé", None),
        (".hidden", "starts with a dot"),
        ("..", "starts with a dot"),
        ("a..b", "contains '..'"),
        ("a*", "may hold only"),
        ("[ab]", "may hold only"),
        ("a/b", "may hold only"),
        ("alice+case_review_1", "may hold only"),
        ("-rf", "may hold only"),
        ("", "may hold only"),
        ("jose\u0301", "normal form"),
    ],
)
def test_student_ids_are_validated(student, problem):
    from course.grading.course_dir import GradingError, check_student, student_id_problem

    found = student_id_problem(student)
    assert (found is None) if problem is None else (problem in found)
    if problem:
        with pytest.raises(GradingError, match="student id"):
            check_student(student)


def test_sanitise_outputs_removes_active_content_and_escapes_student_prose():
    from course.grading.preprocessors import SanitiseOutputs

    code = new_code_cell("x", metadata={"nbgrader": {"solution": True, "grade_id": "q1"}})
    code.outputs = [
        new_output(
            "display_data",
            data={"text/html": "<script>fetch('/api')</script>", "text/plain": "<HTML>"},
        ),
        new_output("display_data", data={"application/javascript": "alert(1)"}),
        new_output("execute_result", data={"image/png": "iVBOR", "image/svg+xml": "<svg/>"}),
    ]
    prose = new_markdown_cell(
        "My <script>alert(1)</script> [link](javascript:alert(1))",
        metadata={"nbgrader": {"solution": True, "grade": True, "grade_id": "m1"}},
    )
    locked = new_markdown_cell("Read **this**: <b>x</b>", metadata={"nbgrader": {"locked": True}})
    nb = new_notebook(cells=[code, prose, locked], metadata={"widgets": {"state": {}}})
    nb, _ = SanitiseOutputs().preprocess(nb, {})
    assert [sorted(o.data) for o in nb.cells[0].outputs] == [
        ["text/plain"],
        ["text/plain"],
        ["image/png"],
    ]
    assert "application/javascript" in nb.cells[0].outputs[1].data["text/plain"]
    assert "<script>" not in nb.cells[1].source and "&lt;script&gt;" in nb.cells[1].source
    assert "javascript:" not in nb.cells[1].source
    assert nb.cells[2].source == "Read **this**: <b>x</b>"  # the course's own cell is kept
    assert "widgets" not in nb.metadata
    again, _ = SanitiseOutputs().preprocess(nbformat.from_dict(nb), {})
    assert again.cells[1].source == nb.cells[1].source  # a second pass changes nothing


def test_hidden_test_clearing_leaves_a_students_own_phrase_alone():
    from course.grading.preprocessors import ClearHiddenTestsInTests

    test = new_code_cell(
        "assert x\n### BEGIN HIDDEN TESTS\nassert x == 'B'\n### END HIDDEN TESTS",
        metadata={"nbgrader": {"grade": True, "locked": True, "grade_id": "t", "points": 1}},
    )
    answer = new_markdown_cell(
        "I expected a BEGIN HIDDEN TESTS marker.",
        metadata={"nbgrader": {"solution": True, "grade": True, "grade_id": "m", "points": 1}},
    )
    nb, _ = ClearHiddenTestsInTests().preprocess(new_notebook(cells=[test, answer]), {})
    assert "assert x == 'B'" not in nb.cells[0].source
    assert nb.cells[1].source == "I expected a BEGIN HIDDEN TESTS marker."


def test_a_packed_secret_is_found_in_a_page():
    import zlib

    secret = "assert answer_q9 == 'middle_cluneal'"
    packed = base64.b64encode(zlib.compress(secret.encode())).decode()
    hexed = zlib.compress(secret.encode()).hex()
    for page in (f"<pre>{packed}</pre>", f"<p>{hexed}</p>", f"<p>{secret[::-1]}</p>"):
        assert leaks.scan_page("p.html", page, [secret]), page
    assert leaks.scan_page("p.html", "<p>&lt;b&gt;nothing here&lt;/b&gt;</p>", [secret]) == []


def test_archives_with_unsafe_members_are_refused(tmp_path):
    import zipfile

    from course.grading.collect import _unpack

    def archive(members):
        path = tmp_path / "a.zip"
        with zipfile.ZipFile(path, "w") as handle:
            for name, data in members.items():
                handle.writestr(name, data)
        return path

    files, _ = _unpack(archive({"alice/case_review_1.ipynb": b"{}", "alice/data/x.csv": b"1"}))
    assert files == {"case_review_1.ipynb": b"{}", "data/x.csv": b"1"}
    for bad, why in (
        ({"../../x.ipynb": b""}, "unsafe path"),
        ({"/etc/x": b""}, "unsafe path"),
        ({"a\\..\\..\\x": b""}, "unsafe path"),
        ({"x.ipynb": b"1", "./x.ipynb": b"2"}, "unsafe path|twice"),
    ):
        with pytest.raises(ValueError, match=why):
            _unpack(archive(bad))
    link = zipfile.ZipInfo("link")
    link.external_attr = 0o120777 << 16
    with zipfile.ZipFile(tmp_path / "l.zip", "w") as handle:
        handle.writestr(link, "/etc/passwd")
    with pytest.raises(ValueError, match="symbolic link"):
        _unpack(tmp_path / "l.zip")


def test_owners_file_errors_name_the_line(tmp_path):
    from course.grading.collect import read_owners
    from course.grading.course_dir import GradingError

    path = tmp_path / "owners.csv"
    path.write_text("student,uid\nalice,1001\n\nbob, 1002\n")
    assert read_owners(path) == {"alice": 1001, "bob": 1002}
    path.write_text("student,uid\nalice,1001\n.eve,1003\n")
    with pytest.raises(GradingError, match="owners.csv, line 3"):
        read_owners(path)


def test_release_and_feedback_look_for_every_secret_of_the_course():
    from course.grading import CourseDir
    from course.grading.feedback import feedback_secrets
    from course.grading.release import assignment_secrets, course_secrets

    course = CourseDir()
    other = assignment_secrets(course, "case_review_2").lines
    rubric = (course.root / "rubrics" / "case_review_2.md").read_text(encoding="utf-8")
    fragments = leaks.rubric_fragments(rubric)
    assert other and fragments
    for found in (
        set(course_secrets(course, "case_review_1").lines),
        set(feedback_secrets(course)),
    ):
        assert set(fragments) <= found
        assert {line.lstrip("-*#> ") for line in other if not leaks.ANSWER_LINE.match(line)} <= {
            line.lstrip("-*#> ") for line in found
        }
    page = "<p>" + base64.b64encode(fragments[0].encode()).decode() + "</p>"
    assert leaks.scan_page("f.html", page, [fragments[0]])


# ------------------------------------------------------------------- the gradebook's address
def course_with_db_url(folder, db_url: str):
    from course.grading import CourseDir

    folder.mkdir()
    (folder / "nbgrader_config.py").write_text(
        "c = get_config()\n"
        'c.CourseDirectory.course_id = "c"\n'
        f"c.CourseDirectory.db_url = {db_url!r}\n"
    )
    return CourseDir(folder)


def test_the_gradebook_address_comes_from_db_url(tmp_path):
    course = course_with_db_url(tmp_path / "course", f"sqlite:///{tmp_path}/elsewhere.db")
    assert course.db_url == f"sqlite:///{tmp_path}/elsewhere.db"
    with course.gradebook() as gb:
        assert gb.students == []
    assert (tmp_path / "elsewhere.db").is_file()
    assert not (tmp_path / "course" / "gradebook.db").exists()


def test_a_new_gradebook_opens_when_the_environment_is_not_activated(tmp_path, monkeypatch):
    """``.venv/bin/course`` run without activating the environment: nbgrader starts ``alembic``
    by name when it creates a gradebook, and the course puts the environment's scripts on PATH
    first, once."""
    import sys

    monkeypatch.setenv("PATH", "/usr/bin:/bin")
    course = course_with_db_url(tmp_path / "course", f"sqlite:///{tmp_path}/new.db")
    with course.gradebook() as gb:
        assert gb.students == []
    scripts = str(Path(sys.executable).parent)
    assert os.environ["PATH"].split(os.pathsep) == [scripts, "/usr/bin", "/bin"]
    with course.gradebook():
        assert os.environ["PATH"].split(os.pathsep).count(scripts) == 1


def test_a_postgresql_gradebook_that_cannot_be_reached_is_named_without_its_password(tmp_path):
    from course.grading.course_dir import GradingError
    from tools.browser import free_port

    url = f"postgresql://grader:s3cret-word@127.0.0.1:{free_port()}/gradebook"
    course = course_with_db_url(tmp_path / "course", url)
    with pytest.raises(GradingError) as raised:
        course.gradebook()
    message = str(raised.value)
    assert "cannot open the gradebook at postgresql://grader:***@127.0.0.1" in message
    assert "nbgrader_config.py" in message
    assert "s3cret-word" not in message


def test_a_missing_database_driver_is_named(tmp_path):
    from course.grading.course_dir import GradingError, shown_url

    course = course_with_db_url(tmp_path / "course", "postgresql+pg8000://u:pw@127.0.0.1/g")
    with pytest.raises(GradingError, match="needs the database driver 'pg8000'"):
        course.gradebook()
    assert (
        shown_url("postgresql+pg8000://u:pw@127.0.0.1/g") == "postgresql+pg8000://u:***@127.0.0.1/g"
    )
    assert shown_url("not a url") == "not a url:..."
