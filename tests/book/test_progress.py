"""Progress in the book, in Chromium: the browser keeps what ``ProgressFile`` keeps.

A page holds the progress widget (``course.quiz.my_progress``) from this process's display
bundle. Python's files import into the page with the same summary as ``summarise``/``totals``;
events recorded in the page export to a file Python reads as it would its own; progress
survives a reload and is shared between pages; a bad file is refused with its problem named
and the kept progress untouched; the controls work from the keyboard.
"""

from __future__ import annotations

import json
import random
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from course.quiz.progress import FILE_NAME, ProgressFile, parse_progress, summarise, totals
from course.quiz.summary import ProgressView, describe_progress, progress_sets
from tools import book, notebooks

from .conftest import write_page

pytestmark = pytest.mark.slow

TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00")


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Two book pages in one folder, each with the progress widget (opened on no progress)."""
    folder = tmp_path_factory.mktemp("book")
    bundle = ProgressView(progress_path=folder / "unused.json", interactive=False)
    first = write_page(folder, [bundle._repr_mimebundle_()], name="12_progress", title="Mine")
    second = write_page(folder, [bundle._repr_mimebundle_()], name="13_again", title="Again")
    return first, second


def open_page(tab, page: Path) -> list[str]:
    """Open ``page`` in ``tab`` and wait for the progress widget; returns the list the page's
    script errors are collected in."""
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.goto(page.as_uri())
    tab.wait_for_selector('[data-course-widget="progress"][data-course-ready]', state="attached")
    return errors


def shown_description(tab) -> str:
    """The description the page shows, one line per paragraph (as ``describe_progress``)."""
    return "\n".join(tab.locator('[data-role="lines"] p').all_inner_texts())


def shown_table(tab) -> list[list[str]]:
    rows = tab.locator('[data-role="table"] tr')
    return [rows.nth(i).locator("td").all_inner_texts() for i in range(1, rows.count())]


def python_summary(items) -> tuple[str, list[list[str]]]:
    """What the notebook widget says for ``items``: its description and its table's rows."""
    summaries = summarise(progress_sets(), items)
    rows = [
        [s.id, s.title, f"{s.done}/{s.total}", str(s.revealed), str(s.started)] for s in summaries
    ]
    return describe_progress(summaries), rows


def import_file(tab, path: Path) -> str:
    """Import ``path`` with the Import button and the file chooser; returns the message."""
    before = tab.locator('[data-role="message"]').inner_text()
    with tab.expect_file_chooser() as chooser:
        tab.click('[data-role="import"]')
    chooser.value.set_files(str(path))
    tab.wait_for_function(
        "before => document.querySelector('[data-role=\"message\"]').textContent !== before",
        arg=before,
    )
    return tab.locator('[data-role="message"]').inner_text()


def kept(tab) -> str:
    return tab.evaluate("CourseBook.progress.exportText()")


# --------------------------------------------------------------------------- Python to the page


def test_a_python_progress_file_imports_with_the_same_summary(tmp_path, pages, book_page):
    sets = progress_sets()
    progress = ProgressFile(tmp_path / FILE_NAME)
    structures, lesson = sets[0], sets[1]
    case = next(s for s in reversed(sets) if len(s.questions) >= 3)
    progress.record_attempt(lesson.questions[0].id, 1.0, True)
    progress.record_attempt(lesson.questions[1].id, 0.5, False)
    progress.record_hint(lesson.questions[1].id, 2)
    progress.record_hint(lesson.questions[2].id, 1)
    progress.record_reveal(case.questions[0].id)
    progress.record_attempt(case.questions[1].id, None, False)  # free text: answered
    progress.record_attempt(case.questions[2].id, 0.0, False)
    progress.record_reveal(case.questions[2].id)
    progress.record_attempt(structures.questions[3].id, 1.0, True)
    progress.record_reveal(structures.questions[3].id)  # solved first: still done
    progress.record_attempt("a_question_no_set_has", 1.0, True)
    errors = open_page(book_page, pages[0])

    message = import_file(book_page, progress.path)

    assert "Imported the progress of 8 questions" in message and FILE_NAME in message
    description, rows = python_summary(progress.load())
    assert shown_description(book_page) == description
    assert (
        book_page.locator('[data-role="summary"] strong').inner_text()
        == description.splitlines()[0]
    )
    assert shown_table(book_page) == rows
    counts = totals(summarise(sets, progress.load()))
    assert counts["done"] == 3 and counts["revealed"] == 2 and counts["started"] == 2
    # the page keeps the file's every field, questions outside the sets included
    assert parse_progress(json.loads(kept(book_page))) == progress.load()
    assert errors == []


def test_importing_adds_to_what_the_browser_holds(tmp_path, pages, book_page):
    open_page(book_page, pages[0])
    book_page.evaluate(
        "() => { const p = CourseBook.progress; p.recordAttempt('lesson00_q1', 0.5, false);"
        " p.recordAttempt('lesson00_q1', 0.25, false); p.recordHint('lesson00_q2', 3); }"
    )
    other = ProgressFile(tmp_path / FILE_NAME)
    other.record_attempt("lesson00_q1", 1.0, True)
    other.record_hint("lesson00_q2", 1)
    other.record_reveal("lesson00_q3")

    import_file(book_page, other.path)

    merged = parse_progress(json.loads(kept(book_page)))
    assert (merged["lesson00_q1"].attempts, merged["lesson00_q1"].best) == (2, 1.0)
    assert merged["lesson00_q1"].solved and merged["lesson00_q2"].hints == 3
    assert merged["lesson00_q3"].revealed


# --------------------------------------------------------------------------- the page to Python


def random_events(seed: int, count: int = 60) -> list[tuple]:
    """Attempts (scored, solved, free text), hints going up and down, reveals, over a few
    questions of several sets."""
    rng = random.Random(seed)
    sets = progress_sets()
    ids = [q.id for s in (sets[0], sets[2], sets[-3]) for q in s.questions[:3]]
    events = []
    for _ in range(count):
        qid = rng.choice(ids)
        kind = rng.choice(["attempt", "attempt", "free", "hint", "reveal"])
        if kind == "attempt":
            score = rng.choice([0.0, 0.25, 0.5, 1 / 3, 1.0])
            events.append(("attempt", qid, score, score == 1.0))
        elif kind == "free":
            events.append(("attempt", qid, None, False))
        elif kind == "hint":
            events.append(("hint", qid, rng.randint(0, 3)))
        else:
            events.append(("reveal", qid))
    return events


@pytest.mark.parametrize("seed", [1, 2])
def test_events_recorded_in_the_page_export_as_python_records_them(
    tmp_path, pages, book_page, seed
):
    events = random_events(seed)
    python = ProgressFile(tmp_path / "python.json")
    for event in events:
        if event[0] == "attempt":
            python.record_attempt(*event[1:])
        elif event[0] == "hint":
            python.record_hint(*event[1:])
        else:
            python.record_reveal(*event[1:])
    open_page(book_page, pages[0])
    started = datetime.now(timezone.utc).replace(microsecond=0)
    book_page.evaluate(
        """events => { const p = CourseBook.progress;
           for (const e of events) {
             if (e[0] === "attempt") p.recordAttempt(e[1], e[2], e[3]);
             else if (e[0] === "hint") p.recordHint(e[1], e[2]);
             else p.recordReveal(e[1]);
           } }""",
        [list(event) for event in events],
    )

    with book_page.expect_download() as download:
        book_page.click('[data-role="export"]')
    exported = tmp_path / FILE_NAME
    download.value.save_as(exported)

    from_page = ProgressFile(exported).load()
    from_python = python.load()
    assert set(from_page) == set(from_python)
    for qid, item in from_page.items():
        assert TIMESTAMP.fullmatch(item.updated), item.updated
        moment = datetime.fromisoformat(item.updated)
        assert started <= moment <= datetime.now(timezone.utc) + timedelta(seconds=1)
        assert item.__class__(**{**vars(item), "updated": ""}) == item.__class__(
            **{**vars(from_python[qid]), "updated": ""}
        ), qid
    data = json.loads(exported.read_text())
    assert list(data) == ["version", "items"] and data["version"] == 1
    assert list(data["items"]) == sorted(data["items"])
    assert ProgressFile(exported).problem == ""
    assert "dot" in book_page.locator('[data-role="message"]').inner_text()


# --------------------------------------------------------------------------- kept and shared


def test_progress_survives_a_reload_and_is_shared_between_pages(pages, book_page):
    open_page(book_page, pages[0])
    book_page.evaluate("CourseBook.progress.recordAttempt('lesson01_q1', 1, true)")
    book_page.reload()
    book_page.wait_for_selector("[data-course-ready]", state="attached")
    assert "1 of" in book_page.locator('[data-role="summary"] strong').inner_text()

    other = book_page.context.new_page()
    open_page(other, pages[1])
    assert "1 of" in other.locator('[data-role="summary"] strong').inner_text()
    # a change in one page shows in the other, open beside it
    other.evaluate("CourseBook.progress.recordReveal('lesson01_q2')")
    book_page.wait_for_function(
        "document.querySelector('[data-role=\"summary\"] strong').textContent.includes"
        "('1 answers shown')"
    )


def test_without_local_storage_the_page_says_so_and_still_counts(pages, book_page):
    book_page.add_init_script(
        "Object.defineProperty(window, 'localStorage', {get() {"
        " throw new DOMException('denied', 'SecurityError'); }});"
    )
    errors = open_page(book_page, pages[0])
    book_page.evaluate("CourseBook.progress.recordAttempt('lesson02_q1', 1, true)")
    summary = book_page.locator('[data-role="summary"]').inner_text()
    assert "does not let the book keep anything" in summary and "export it" in summary
    assert "1 of" in book_page.locator('[data-role="summary"] strong').inner_text()
    assert errors == []


# --------------------------------------------------------------------------- bad files

MALFORMED = {
    "not JSON": ("{ not json", "not JSON"),
    "a list": ("[1, 2]", "not a list"),
    "no items": ('{"version": 1}', 'no "items"'),
    "items a list": ('{"items": []}', '"items" should be an object'),
    "newer version": ('{"version": 9, "items": {}}', "newer version"),
    "count as text": ('{"items": {"lesson00_q1": {"attempts": "3"}}}', '"attempts"'),
    "negative hints": ('{"items": {"lesson00_q1": {"hints": -1}}}', '"hints"'),
    "flag as text": ('{"items": {"lesson00_q1": {"solved": "yes"}}}', '"solved"'),
    "score above one": ('{"items": {"lesson00_q1": {"best": 2}}}', '"best"'),
    "unknown field": ('{"items": {"lesson00_q1": {"answer": "B"}}}', 'unknown field "answer"'),
    "entry a number": ('{"items": {"lesson00_q1": 5}}', "should be an object"),
}


def test_a_malformed_file_is_refused_by_name_and_keeps_the_progress(tmp_path, pages, book_page):
    open_page(book_page, pages[0])
    book_page.evaluate("CourseBook.progress.recordAttempt('lesson03_q1', 0.5, false)")
    before = kept(book_page)
    for name, (text, problem) in MALFORMED.items():
        bad = tmp_path / f"{name.replace(' ', '_')}.json"
        bad.write_text(text)

        message = import_file(book_page, bad)

        assert bad.name in message and problem in message, (name, message)
        assert "Nothing imported" in message and "as it was" in message
        assert kept(book_page) == before, name
        with pytest.raises(ValueError):  # Python refuses the same file
            parse_progress(json.loads(text))
    # the damaged files above are refused, a good one still imports after them
    good = ProgressFile(tmp_path / FILE_NAME)
    good.record_reveal("lesson03_q2")
    assert "Imported" in import_file(book_page, good.path)


def test_a_bad_event_is_refused_and_stores_nothing(pages, book_page):
    open_page(book_page, pages[0])
    book_page.evaluate("CourseBook.progress.recordHint('lesson03_q1', 1)")
    before = kept(book_page)
    for call in (
        "recordAttempt('lesson03_q1', 1.5, true)",
        "recordAttempt('lesson03_q1', '1', true)",
        "recordHint('lesson03_q1', 2.5)",
        "recordReveal(7)",
    ):
        refused = book_page.evaluate(
            f"() => {{ try {{ CourseBook.progress.{call}; return ''; }}"
            " catch (e) { return e.message; } }"
        )
        assert refused, call
        assert kept(book_page) == before, call


# --------------------------------------------------------------------------- keyboard


def test_export_import_and_reset_work_from_the_keyboard(tmp_path, pages, book_page):
    open_page(book_page, pages[0])
    book_page.evaluate("CourseBook.progress.recordAttempt('lesson04_q1', 1, true)")
    reached = []
    for _ in range(40):
        book_page.keyboard.press("Tab")
        role = book_page.evaluate("document.activeElement.getAttribute('data-role')")
        reached.append(role)
        if role == "confirm":
            break
    assert [r for r in reached if r] == ["export", "import", "reset", "confirm"]

    book_page.focus('[data-role="export"]')
    with book_page.expect_download() as download:
        book_page.keyboard.press("Enter")
    assert json.loads(Path(download.value.path()).read_text())["items"]["lesson04_q1"]["solved"]

    good = ProgressFile(tmp_path / FILE_NAME)
    good.record_reveal("lesson04_q2")
    book_page.focus('[data-role="import"]')
    with book_page.expect_file_chooser() as chooser:
        book_page.keyboard.press("Space")
    chooser.value.set_files(str(good.path))
    book_page.wait_for_function("CourseBook.progress.items().lesson04_q2 !== undefined")

    book_page.focus('[data-role="reset"]')
    book_page.keyboard.press("Enter")  # refused: the box is not ticked
    assert "Tick the box" in book_page.locator('[data-role="message"]').inner_text()
    assert "lesson04_q1" in kept(book_page)
    book_page.focus('[data-role="confirm"]')
    book_page.keyboard.press("Space")
    book_page.focus('[data-role="reset"]')
    book_page.keyboard.press("Space")
    assert json.loads(kept(book_page))["items"] == {}
    assert "0 of" in book_page.locator('[data-role="summary"] strong').inner_text()
    labelled = book_page.evaluate(
        "[...document.querySelectorAll('[data-course-widget=progress] button,"
        " [data-course-widget=progress] input:not([hidden])')].map(e => e.labels && e.labels.length"
        " ? e.labels[0].textContent.trim() : e.textContent.trim())"
    )
    assert all(labelled) and len(labelled) == 4


def test_with_scripts_off_the_static_page_shows(pages, book_chromium):
    context = book_chromium.new_context(java_script_enabled=False)
    try:
        tab = context.new_page()
        tab.goto(pages[0].as_uri())
        assert tab.locator('[data-role="live"]').is_hidden()
        assert tab.locator('[data-role="static"] img').is_visible()
        assert "With scripts on" in tab.locator('[data-role="static"]').inner_text()
    finally:
        context.close()


# --------------------------------------------------------------------------- the front page


def test_the_front_page_links_the_progress_page_and_counts_what_is_held(tmp_path, book_page):
    lessons = book.pages(notebooks.lessons())
    shown_on = book.progress_page(lessons)
    view = ProgressView(progress_path=tmp_path / "unused.json", interactive=False)
    page = write_page(tmp_path, [view._repr_mimebundle_()], name=shown_on.notebook.stem)
    (tmp_path / "index.html").write_text(book.index_html(lessons), encoding="utf-8")
    open_page(book_page, page)
    book_page.evaluate(
        "() => { const p = CourseBook.progress; p.recordAttempt('lesson05_q1', 1, true);"
        " p.recordHint('lesson05_q2', 1); }"
    )

    book_page.goto((tmp_path / "index.html").as_uri())
    held = book_page.locator('[data-role="held"]')
    assert held.inner_text() == "This browser holds your progress on 2 questions, 1 of them done."
    book_page.click(f'a[href="{page.name}"]')
    book_page.wait_for_selector(
        '[data-course-widget="progress"][data-course-ready]', state="attached"
    )
    assert "1 of" in book_page.locator('[data-role="totals"]').inner_text()
