"""Single scenarios in a real JupyterLab in Chromium: the explorer's figure is painted and
stays painted after a peel; a self-check answered in the page reaches the progress file. (That
every lesson runs and its widgets react is checked with the laptop-size walk in test_ux.py, on
the same page, so that each lesson runs once in the browser.)
"""

from __future__ import annotations

import pytest

from course.figures import WIDGET_CLASS
from tools import notebooks
from tools.browser import WIDGET_SHOWN

LESSONS = notebooks.lessons()

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
