"""Keys a keyboard user presses in a self-check, in a real JupyterLab at 1366×900 (issue 17).

The UX suite (``test_ux.py``) walks every widget with arrows and Tab without pressing Check, so
it never sees a question settle under the keyboard. Here a keyboard user answers lesson 09's
worked case right and presses Space on Check: Check rests, and the focus must land on the answer
they gave (not on the page body), Tab must go on inside the question, the arrows must stay inside
that question's radio group, and Escape must give the focus to the cell.
"""

from __future__ import annotations

import contextlib

from playwright.sync_api import TimeoutError as PlaywrightTimeout

import course.quiz as quiz
from course.figures import WIDGET_CLASS
from course.management.widget import ExerciseProgramme
from course.quiz import kinds
from tools import browser, notebooks

# Where the focus is, relative to one question's root and its radio group.
_WHERE = """(root) => {
  const el = document.activeElement;
  const group = root.querySelector('[role=radiogroup]');
  return {inside: root.contains(el), tag: el ? el.tagName : null,
          radio: !!el && el.type === 'radio', checked: !!el && !!el.checked,
          inGroup: !!group && group.contains(el),
          cell: !!el && el.classList.contains('jp-Cell') && el.contains(root)};
}"""


def _wait_for(page, root, test: str) -> dict:
    """Wait (up to 5 s) until ``test`` holds of _WHERE's answer; return the answer then (the
    caller asserts on it, so a focus that never arrives reads as where the focus is)."""
    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_function(
            f"(root) => {{ const w = ({_WHERE})(root); return {test}; }}",
            arg=root.element_handle(),
            timeout=5_000,
        )
    return root.evaluate(_WHERE)


def test_a_question_settled_from_the_keyboard_keeps_the_keyboard_place(laptop_page):
    lesson = next(p for p in notebooks.lessons() if p.stem.startswith("09_"))
    laptop_page.open(lesson.name)
    browser.show_file_browser(laptop_page.page)
    laptop_page.run_all()
    page = laptop_page.page
    question = next(q for q in quiz.vignette("case_01").questions if q.kind == "single_choice")
    right = kinds.reveal(question).answer
    text = next(o.text for o in question.options if o.id == right)
    root = page.locator(f".{WIDGET_CLASS}-question", has_text=question.prompt).first
    root.scroll_into_view_if_needed()

    # the arrows walk this question's options, round and round, and never leave its group
    root.get_by_role("radio").first.focus()
    for _ in range(len(question.options) + 1):
        page.keyboard.press("ArrowDown")
        where = _wait_for(page, root, "w.radio")
        assert where["inGroup"], f"ArrowDown left the question's radio group: {where}"
    # the group is one named radio group, labelled by the question
    group = root.get_by_role("radiogroup", name=question.prompt)
    assert group.count() == 1
    assert len(set(group.evaluate("(g) => [...g.querySelectorAll('input')].map(i => i.name)"))) == 1

    # answer right from the keyboard: Tab to Check, Space on it
    root.get_by_role("radio", name=text, exact=True).focus()
    page.keyboard.press("Space")
    check = root.get_by_role("button", name="Check")
    check.focus()
    page.keyboard.press("Space")
    page.wait_for_function("(b) => b.disabled", arg=check.element_handle(), timeout=10_000)
    where = _wait_for(page, root, "w.radio")
    assert where["inside"] and where["checked"], f"after Check rested the focus is at {where}"

    page.keyboard.press("Tab")
    page.wait_for_timeout(150)
    where = root.evaluate(_WHERE)
    assert where["inside"], f"Tab from the settled question's answer left it: {where}"

    page.keyboard.press("Escape")
    where = _wait_for(page, root, "w.cell")
    assert where["cell"]
    assert laptop_page.errors() == []


def test_a_control_that_rests_under_the_focus_hands_it_on_in_its_widget(laptop_page):
    """The same rule for every widget, kept by the course's page script (``course.controls``):
    Undo pressed from the keyboard until nothing is left to undo rests, and the focus stays in
    the widget on the nearest open control before it (lesson 11's exercise programme)."""
    lesson = next(p for p in notebooks.lessons() if p.stem.startswith("11_"))
    laptop_page.open(lesson.name)
    browser.show_file_browser(laptop_page.page)
    laptop_page.run_all()
    page = laptop_page.page
    root = page.locator(f".{WIDGET_CLASS}-{ExerciseProgramme.name}").first
    root.scroll_into_view_if_needed()
    undo = root.get_by_role("button", name="Undo", exact=True)
    # one change to undo: Add the exercise picked, or Remove it when the programme holds it
    for name in ("Add", "Remove"):
        root.get_by_role("button", name=name, exact=True).focus()
        page.keyboard.press("Space")
        with contextlib.suppress(PlaywrightTimeout):
            page.wait_for_function("(b) => !b.disabled", arg=undo.element_handle(), timeout=3_000)
        if undo.is_enabled():
            break
    assert undo.is_enabled(), "Add or Remove should have made a change to undo"
    undo.focus()
    page.keyboard.press("Space")
    page.wait_for_function("(b) => b.disabled", arg=undo.element_handle(), timeout=10_000)
    where = _wait_for(page, root, "w.inside")
    assert where["inside"] and where["tag"] == "BUTTON", f"after Undo rested: {where}"
    page.keyboard.press("Tab")
    page.wait_for_timeout(150)
    assert root.evaluate(_WHERE)["inside"], "Tab goes on inside the widget"
    page.keyboard.press("Escape")
    assert _wait_for(page, root, "w.cell")["cell"]
    assert laptop_page.errors() == []
