"""Every lesson in a real JupyterLab in Chromium: it runs, and its widgets react on the page.

Kernel tests prove the Python side; these prove that the widgets render in the browser and that
changing a control changes what the page shows (the figure or its text description).
"""

from __future__ import annotations

import pytest

from course.figures import CONTROL_CLASS, WIDGET_CLASS
from tools import notebooks
from tools.browser import CHANGE_CONTROL, WIDGET_SHOWN

LESSONS = notebooks.lessons()

# The first control that belongs to this widget and not to a widget nested inside it, or null.
_OWN_CONTROL = f"""(root) => [...root.querySelectorAll('.{CONTROL_CLASS}')]
  .find(c => c.closest('.{WIDGET_CLASS}') === root) || null"""


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_lesson_runs_in_jupyterlab_and_its_widgets_react(path, lab_page, artifacts):
    lab_page.open(path.name)
    lab_page.run_all()
    assert lab_page.errors() == [], f"{path.name} shows errors in the browser"
    page = lab_page.page
    widgets = page.locator(f".{WIDGET_CLASS}")
    count = widgets.count()
    lab_page.screenshot(artifacts / f"{path.stem}.png")
    for index in range(count):
        root = widgets.nth(index)
        root.scroll_into_view_if_needed()
        # the widget's own first control: one inside a nested widget (a question inside its
        # self-check) is driven when that widget's turn comes
        control = root.evaluate_handle(_OWN_CONTROL).as_element()
        if control is None:
            continue
        before = root.evaluate(WIDGET_SHOWN)
        kind = control.evaluate(CHANGE_CONTROL)
        assert "unknown" not in kind and "one option" not in kind, kind
        page.wait_for_function(
            "([root, before]) => (" + WIDGET_SHOWN + ")(root) !== before",
            arg=[root.element_handle(), before],
            timeout=30_000,
        )
        if index < 4:  # a picture of each of the first widgets after its change
            root.screenshot(path=str(artifacts / f"{path.stem}-widget{index}.png"))
    lab_page.screenshot(artifacts / f"{path.stem}-after.png")
    assert lab_page.errors() == [], f"{path.name}: driving its widgets raised errors"


# True once a figure is laid out at a readable size and carries ink (image loaded or canvas drawn).
_PAINTED = """(fig) => {
  const box = fig.getBoundingClientRect();
  if (box.width <= 200 || box.height <= 200) return false;
  const canvas = fig.querySelector('canvas');
  if (!canvas) {
    const img = fig.tagName === 'IMG' ? fig : fig.querySelector('img');
    return !!img && img.complete && img.naturalWidth > 0;
  }
  if (canvas.width === 0 || canvas.height === 0) return false;
  const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let ink = 0;
  for (let i = 0; i < data.length; i += 4 * 97) if (data[i] < 200) ink++;
  return ink > 50;
}"""


def test_lessons_with_widgets_show_them_in_the_browser(lab_page):
    """The anatomy lesson's explorer renders its figure in the page (not a blank canvas), and
    still does after a control changes it."""
    anatomy = [p for p in LESSONS if "anatomy" in p.stem]
    if not anatomy:
        pytest.skip("no anatomy lesson yet")
    lab_page.open(anatomy[0].name)
    lab_page.run_all()
    figure = lab_page.page.locator(".course-figure").first
    figure.wait_for(timeout=30_000)
    # JupyterLab 4's default windowing ("contentVisibility") skips laying out cells outside the
    # viewport, so after run-all the first figure is collapsed until a student scrolls to it.
    figure.scroll_into_view_if_needed()
    lab_page.page.wait_for_function(_PAINTED, arg=figure.element_handle(), timeout=30_000)
    box = figure.bounding_box()
    assert box and box["width"] > 200 and box["height"] > 200, box
    # Once the view is ready the explorer pushes each new image at once (course.figures
    # FigureView.refresh); peeling a layer must change the picture and leave it painted.
    explorer = lab_page.page.locator(f".{WIDGET_CLASS}").filter(has=figure).first
    before = explorer.evaluate(WIDGET_SHOWN)
    explorer.locator(".widget-toggle-buttons button:not(.mod-active)").first.click()
    lab_page.page.wait_for_function(
        "([root, before]) => (" + WIDGET_SHOWN + ")(root) !== before",
        arg=[explorer.element_handle(), before],
        timeout=30_000,
    )
    lab_page.page.wait_for_function(_PAINTED, arg=figure.element_handle(), timeout=30_000)


def test_a_self_check_answers_in_the_browser(lab_page, lab):
    """A student picks an option and presses Check: feedback and the attempt count appear, and
    the attempt reaches the progress file."""
    lesson = next(p for p in LESSONS if p.stem.startswith("03_"))
    lab_page.open(lesson.name)
    lab_page.run_all()
    page = lab_page.page
    question = page.locator(".course-widget-question").filter(has=page.locator("input[type=radio]"))
    question = question.first
    question.scroll_into_view_if_needed()
    question.locator("input[type=radio]").first.check()
    question.locator(".course-control-check").click()
    feedback = question.locator(".course-description").first
    page.wait_for_function(
        "(el) => el.textContent.trim().length > 0", arg=feedback.element_handle(), timeout=30_000
    )
    attempts = question.locator(".course-description-attempts")
    page.wait_for_function(
        "(el) => /1 attempt/.test(el.textContent)", arg=attempts.element_handle(), timeout=30_000
    )
    progress = lab.root.parent / "progress.json"
    assert progress.exists() and '"attempts": 1' in progress.read_text()
