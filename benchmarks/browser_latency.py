"""Latency in a real browser: from a control change to the updated figure in the page.

Starts JupyterLab on a scratch notebook that shows the anatomy explorer and the pain-map compare
widget and drives Debian's Chromium with Playwright. For each widget it makes 50 changes to a
control (the explorer's layer buttons, the pain map's source drop-down), each timed in the page
from the change event to the moment the figure (image source or canvas pixels) differs, polled
on every animation frame. Prints p50/p95 per widget for the PNG view and the ipympl canvas, and
for the ipympl canvas redrawn the naive way (ipympl's draw_idle() round trip) with the ratio.

    .venv/bin/python benchmarks/browser_latency.py            # goal: p50 <= 100 ms
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tools.browser import LabPage, chromium, lab_server

WIDGETS = {
    "anatomy explorer": "course.anatomy.explore(interactive={interactive})",
    "pain-map compare": "course.painmap.compare(interactive={interactive})",
}
DEFAULT_VIEW = {"anatomy explorer": True, "pain-map compare": False}
"""What each widget shows by default: the explorer needs clicks (ipympl), the maps do not."""

# Time one change in the page: pick the next option of the widget's first drop-down, then wait
# (one animation frame at a time) until the figure shown differs. Returns milliseconds.
_TIME_ONE_CHANGE = """async ([root, step]) => {
  const figure = () => {
    const fig = root.querySelector('.course-figure');
    const canvas = fig && fig.querySelector('canvas');
    if (canvas && canvas.width > 0) return canvas.toDataURL();
    const img = fig && (fig.tagName === 'IMG' ? fig : fig.querySelector('img'));
    return img ? img.src : '';
  };
  // the first drop-down, or else the first row of toggle buttons (the explorer's layers)
  const select = root.querySelector('.course-control select');
  const buttons = [...root.querySelectorAll('.course-control.widget-toggle-buttons')][0];
  const before = figure();
  const start = performance.now();
  if (select) {
    select.selectedIndex = (select.selectedIndex + step) % select.options.length;
    select.dispatchEvent(new Event('change', {bubbles: true}));
  } else {
    const all = [...buttons.querySelectorAll('button')];
    const now = all.findIndex(b => b.classList.contains('mod-active'));
    all[(now + step) % all.length].click();
  }
  while (figure() === before) {
    await new Promise(r => requestAnimationFrame(r));
    if (performance.now() - start > 20000) return -1;
  }
  return performance.now() - start;
}"""


MODES = {
    "PNG image": (False, True),
    "ipympl canvas": (True, True),
    "ipympl, naive": (True, False),
}
"""View modes: (interactive, push_when_ready). "naive" is ipympl's own draw_idle() round trip."""


def scratch_notebook(folder: Path, mode: str) -> str:
    """A notebook that shows each benchmarked widget in one view mode; returns its file name."""
    interactive, push = MODES[mode]
    nb = nbformat.v4.new_notebook(
        metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
        }
    )
    setup = "import course, course.anatomy, course.painmap, course.figures\n"
    setup += f"course.figures.FigureView.push_when_ready = {push}"
    nb.cells = [nbformat.v4.new_code_cell(setup)]
    for call in WIDGETS.values():
        nb.cells.append(nbformat.v4.new_code_cell(call.format(interactive=interactive)))
    name = f"latency_{mode.replace(' ', '_').replace(',', '')}.ipynb"
    nbformat.write(nb, folder / name)
    return name


def time_changes(page, root, changes: int) -> list[float]:
    """Milliseconds from each of ``changes`` changes of the course widget ``root`` (a Playwright
    locator) to its updated figure, after one change to warm up (-1: never reached the page)."""
    root.scroll_into_view_if_needed()
    handle = root.element_handle()
    page.evaluate(_TIME_ONE_CHANGE, [handle, 1])
    return [page.evaluate(_TIME_ONE_CHANGE, [handle, 1]) for _ in range(changes)]


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) by linear interpolation."""
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        notebooks = Path(tmp) / "notebooks"
        notebooks.mkdir()
        names = {mode: scratch_notebook(notebooks, mode) for mode in MODES}
        results = []
        with lab_server(Path(tmp) / "lab", notebooks) as server, chromium() as browser:
            for mode, name in names.items():
                page = browser.new_page(viewport={"width": 1280, "height": 1000})
                lab = LabPage(page, server)
                lab.open(name)
                lab.run_all()
                if lab.errors():
                    print("errors:", lab.errors())
                    return 1
                roots = page.locator(".course-widget")
                for index, label in enumerate(WIDGETS):
                    times = time_changes(page, roots.nth(index), args.changes)
                    if min(times) < 0:
                        print(f"{label}: a change never reached the page")
                        return 1
                    results.append((label, mode, percentile(times, 50), percentile(times, 95)))
                page.close()
    for label, mode, p50, p95 in results:
        print(f"{label:>18} ({mode:>13}): p50 {p50:6.1f} ms   p95 {p95:6.1f} ms", end="")
        print(f"   ({args.changes} changes)")
    defaults = [
        f"{label} {p50:.1f} ms"
        for label, mode, p50, _ in results
        if mode == ("ipympl canvas" if DEFAULT_VIEW[label] else "PNG image")
    ]
    print("p50 as students get them by default (goal <= 100 ms): " + "; ".join(defaults))
    by = {(label, mode): (p50, p95) for label, mode, p50, p95 in results}
    for label in WIDGETS:
        (fast50, fast95), (slow50, slow95) = by[label, "ipympl canvas"], by[label, "ipympl, naive"]
        print(
            f"{label}: pushing the image vs ipympl's draw_idle round trip: "
            f"{slow50 / fast50:.2f}x at p50, {slow95 / fast95:.2f}x at p95"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
