"""The course's own DOM in JupyterLab passes the axe-core audit (issue 15, item 4).

One notebook shows one of each course widget: the widget list of
``tests/unit/widgets/test_no_input_lost.py`` (``factories``), which every ``CourseWidget``
subclass must join, so a new widget is audited without a list to keep here. It runs once in the
session's JupyterLab, in one kernel, instead of walking lessons again (the laptop-size walk of
``test_ux.py`` already opens every lesson). axe-core audits only inside each outermost
``.course-widget`` root, scrolled into view (JupyterLab lays out only the cells in view):
JupyterLab's own chrome is not the course's to fix, nor is ipywidgets' own markup inside our
roots (``NOT_OURS``, left out of the audit with the reason).
"""

from __future__ import annotations

from pathlib import Path

import nbformat

from course.figures import WIDGET_CLASS
from tools import axe, browser

from ..unit.widgets.test_no_input_lost import factories

NOTEBOOK = "course_widgets_audit.ipynb"
WIDGETS = list(factories(Path("unused")))
"""The names of the widget factories (building the list makes no widget)."""

NOT_OURS: dict[str, str] = {
    ".noUi-handle": "ipywidgets' sliders are drawn with noUiSlider, whose handles (role slider) "
    "get no accessible name from the slider's description (rule aria-input-field-name); the "
    "course pairs each slider with a labelled box to type the value in",
}
"""Elements inside course widgets that are ipywidgets' or JupyterLab's own markup, not the
course's, by CSS selector, with why; the audit leaves them out."""

# The outermost course widgets on the page (a self-check's questions are widgets inside it).
_ROOTS = f"""() => [...document.querySelectorAll('.{WIDGET_CLASS}')]
  .filter(el => !el.parentElement.closest('.{WIDGET_CLASS}')).length"""


def _notebook() -> nbformat.NotebookNode:
    """One cell that makes the widget factories (progress in a scratch file), then one cell per
    widget that displays it."""
    setup = (
        "import tempfile, pathlib\n"
        "from tests.unit.widgets.test_no_input_lost import factories\n"
        "made = factories(pathlib.Path(tempfile.mkdtemp()))"
    )
    cells = [nbformat.v4.new_code_cell(setup)]
    cells += [nbformat.v4.new_code_cell(f"made[{name!r}]()") for name in WIDGETS]
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    return notebook


def test_every_course_widget_in_jupyterlab_passes_the_axe_audit(
    lab, laptop_page, axe_script, artifacts
):
    nbformat.write(_notebook(), lab.root / NOTEBOOK)
    laptop_page.open(NOTEBOOK)
    laptop_page.run_all()
    assert laptop_page.errors() == [], f"{NOTEBOOK} shows errors in the browser"
    page = laptop_page.page
    count = page.evaluate(_ROOTS)
    assert count == len(WIDGETS), f"{count} course widgets shown"
    roots = page.locator(f".{WIDGET_CLASS}:not(.{WIDGET_CLASS} .{WIDGET_CLASS})")
    problems = []
    for index in range(count):
        root = roots.nth(index)
        browser.scroll_into_place(root, "start")
        kind = root.evaluate(
            "(el, prefix) => [...el.classList].find(c => c.startsWith(prefix)) || ''",
            f"{WIDGET_CLASS}-",
        )
        found = axe.audit(page, root.element_handle(), script=axe_script, exclude=list(NOT_OURS))
        problems += [f"widget {index} ({kind}): {violation}" for violation in found]
    laptop_page.screenshot(artifacts / "access-lab.png")
    assert problems == [], "\n".join(problems)
