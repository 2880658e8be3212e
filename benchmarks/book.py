"""The offline book: its build time, its size, and a click's latency beside JupyterLab's.

In one run:

1. builds the book with ``tools.book.build`` (every lesson executed) and times it, unless
   ``--book DIR`` names one already built;
2. prints the site's size: every file, the total and each page;
3. in Debian's Chromium, opens the book from ``file://`` and, for the anatomy explorer and the
   pain-map compare view, times ``--changes`` control changes from the click (or the change
   event) to the updated picture: a MutationObserver on the widget sees its inline ``<svg>``
   change, then one animation frame (the new picture is painted). The interactive widgets come
   from the book's renderers (``tools/bookweb``); a widget the book does not make interactive
   (no ``[data-course-widget=NAME]`` element with an ``<svg>`` and a control that changes it)
   is reported as "not interactive yet";
4. in JupyterLab, the same change on the same widgets as students get them by default (the
   explorer's ipympl canvas, the compare view's PNG), timed as ``browser_latency.py`` does
   (its ``time_changes``), and
   the ratio: how many times longer the kernel round trip takes than the book's own script.

    .venv/bin/python benchmarks/book.py                   # build, then measure (minutes)
    .venv/bin/python benchmarks/book.py --book build/book # measure a built book
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import nbformat

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]

from browser_latency import time_changes  # noqa: E402
from timing import percentile  # noqa: E402

from tools import book  # noqa: E402
from tools.browser import LabPage, block_offsite, chromium, lab_server  # noqa: E402

WIDGETS = {"anatomy explorer": "anatomy", "pain-map compare": "painmap-compare"}
"""Each benchmarked widget's label and its name in the book (``data-course-widget``)."""

LAB_CELLS = {
    "anatomy explorer": "course.anatomy.explore()",
    "pain-map compare": "course.painmap.compare()",
}
"""How a lesson shows each widget in JupyterLab, with its default view."""

NO_CHANGE_MS = 2_000
"""How long a control may take to change the picture before it counts as changing nothing."""

GIVE_UP_AFTER = 10
"""Control changes tried before a widget none of whose changes alters its picture counts as
not interactive."""

# The controls of a book widget a reader changes (not the SVG's own focusable shapes), in
# document order, and one change: a drop-down moves to its next option, a slider one step, a
# box or button is clicked. Then wait until the widget's <svg> changes (a MutationObserver on
# the widget: an attribute, a text or a child of an <svg> inside it, or an <svg> put in), and
# one animation frame more. Returns milliseconds, or -1 when nothing changed in time.
_BOOK_CHANGE = """async ([root, index, limit]) => {
  const controls = [...root.querySelectorAll(
      'select, button, input[type=radio], input[type=checkbox], input[type=range]')]
    .filter(c => !c.disabled && !c.closest('svg') && c.getClientRects().length > 0);
  if (!controls.length) return -2;
  const control = controls[index % controls.length];
  const inSvg = (node) => node && (node.nodeName.toLowerCase() === 'svg'
    || (node.parentElement || node).closest && (node.parentElement || node).closest('svg'));
  return await new Promise(resolve => {
    let done = false;
    const finish = (value) => { if (!done) { done = true; watch.disconnect(); resolve(value); } };
    const watch = new MutationObserver(records => {
      if (records.some(r => inSvg(r.target) || [...r.addedNodes].some(inSvg)))
        requestAnimationFrame(() => finish(performance.now() - start));
    });
    watch.observe(root, {attributes: true, childList: true, subtree: true, characterData: true});
    setTimeout(() => finish(-1), limit);
    const start = performance.now();
    if (control.tagName === 'SELECT') {
      control.selectedIndex = (control.selectedIndex + 1) % control.options.length;
      control.dispatchEvent(new Event('input', {bubbles: true}));
      control.dispatchEvent(new Event('change', {bubbles: true}));
    } else if (control.type === 'range') {
      const next = Number(control.value) + Number(control.step || 1);
      control.value = next > Number(control.max) ? control.min : String(next);
      control.dispatchEvent(new Event('input', {bubbles: true}));
      control.dispatchEvent(new Event('change', {bubbles: true}));
    } else {
      control.click();
    }
  });
}"""


def build(outdir: Path) -> float:
    """Build the whole book into ``outdir`` (every lesson executed); seconds of wall time."""
    started = time.perf_counter()
    book.build(outdir, log=lambda line: print(f"  {line}", flush=True))
    return time.perf_counter() - started


def site_size(folder: Path) -> None:
    """Print the size of every file in the site and the total, in kB (1000 bytes)."""
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    total = sum(p.stat().st_size for p in files)
    print(f"site size: {total / 1000:,.0f} kB in {len(files)} files")
    for path in files:
        print(f"  {path.relative_to(folder)}: {path.stat().st_size / 1000:,.0f} kB")


def book_page_with(folder: Path, name: str) -> Path | None:
    """The first page of the book that holds widget ``name`` interactive, or None."""
    marker = f'data-course-widget="{name}"'
    for page in sorted(folder.glob("*.html")):
        if marker in page.read_text(encoding="utf-8"):
            return page
    return None


def time_book(browser, folder: Path, changes: int) -> dict[str, tuple[float, float] | str]:
    """p50/p95 (ms) of ``changes`` changes per widget in the book from file://, or why not."""
    results: dict[str, tuple[float, float] | str] = {}
    for label, name in WIDGETS.items():
        page_file = book_page_with(folder, name)
        if page_file is None:
            results[label] = "not interactive yet (no page holds it)"
            continue
        context = browser.new_context(viewport={"width": 1280, "height": 1000})
        blocked = block_offsite(context, ("file://",))
        page = context.new_page()
        page.goto(page_file.as_uri(), wait_until="load")
        page.wait_for_function("() => typeof CourseBook === 'object'")
        root = page.locator(f'[data-course-widget="{name}"]').first
        root.scroll_into_view_if_needed()
        handle = root.element_handle()
        if not root.evaluate("(el) => !!el.querySelector('svg')"):
            results[label] = f"not interactive yet ({page_file.name}: no <svg> in the widget)"
            context.close()
            continue
        times: list[float] = []
        attempt = 0
        while len(times) < changes and attempt < changes * 4:
            took = page.evaluate(_BOOK_CHANGE, [handle, attempt, NO_CHANGE_MS])
            attempt += 1
            if took == -2 or (attempt >= GIVE_UP_AFTER and not times):
                break  # no control, or none of the first ones changes the picture
            if took >= 0:
                times.append(took)
        context.close()
        if blocked:
            print(f"  {label}: blocked off-site requests: {blocked}")
        if len(times) < changes:
            results[label] = (
                f"not interactive yet ({page_file.name}: {len(times)} of {attempt} control "
                "changes changed the picture)"
            )
        else:
            results[label] = (percentile(times, 0.5), percentile(times, 0.95))
    return results


def time_lab(browser, changes: int) -> dict[str, tuple[float, float] | str]:
    """p50/p95 (ms) of ``changes`` changes per widget in JupyterLab (default views)."""
    results: dict[str, tuple[float, float] | str] = {}
    with tempfile.TemporaryDirectory() as scratch:
        notebooks = Path(scratch) / "notebooks"
        notebooks.mkdir()
        notebook = nbformat.v4.new_notebook(
            metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}}
        )
        cells = ["import course, course.anatomy, course.painmap", *LAB_CELLS.values()]
        notebook.cells = [nbformat.v4.new_code_cell(source) for source in cells]
        nbformat.write(notebook, notebooks / "book_benchmark.ipynb")
        with lab_server(Path(scratch) / "lab", notebooks) as server:
            page = browser.new_page(viewport={"width": 1280, "height": 1000})
            lab = LabPage(page, server)
            lab.open("book_benchmark.ipynb")
            lab.run_all()
            if lab.errors():
                raise RuntimeError(f"the JupyterLab notebook failed: {lab.errors()}")
            roots = page.locator(".course-widget")
            for index, label in enumerate(LAB_CELLS):
                times = time_changes(page, roots.nth(index), changes)
                if min(times) < 0:
                    results[label] = "a change never reached the page"
                else:
                    results[label] = (percentile(times, 0.5), percentile(times, 0.95))
            lab.command("kernelmenu:shutdown")
            page.close()
    return results


def _words(result: tuple[float, float] | str) -> str:
    return result if isinstance(result, str) else f"{result[0]:.1f} / {result[1]:.1f} ms"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--book", type=Path, help="a built book to measure (skips the build)")
    parser.add_argument("--out", type=Path, help="where to build the book (default: a temp dir)")
    parser.add_argument("--changes", type=int, default=50, help="changes timed per widget")
    parser.add_argument("--no-lab", action="store_true", help="skip the JupyterLab side")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        if args.book is not None:
            folder = args.book
            if not (folder / "index.html").is_file():
                print(f"{folder} holds no built book (no index.html)", file=sys.stderr)
                return 2
            print(f"book: {folder} (built before; no build timed)")
        else:
            folder = args.out or Path(scratch) / "book"
            print(f"building the book into {folder} ...", flush=True)
            seconds = build(folder)
            print(f"build time: {seconds:.1f} s (tools.book.build, every lesson executed)")
        site_size(folder)
        with chromium() as browser:
            in_book = time_book(browser, folder, args.changes)
            in_lab = {} if args.no_lab else time_lab(browser, args.changes)
    print(f"click to updated picture, {args.changes} changes each (p50 / p95):")
    for label in WIDGETS:
        book_side, lab_side = in_book[label], in_lab.get(label, "not measured (--no-lab)")
        book_words, lab_words = _words(book_side), _words(lab_side)
        print(f"  {label:>16}: book {book_words};  JupyterLab {lab_words}")
        if not isinstance(book_side, str) and not isinstance(lab_side, str):
            print(
                f"  {'':>16}  JupyterLab / book: {lab_side[0] / book_side[0]:.1f}x at p50, "
                f"{lab_side[1] / book_side[1]:.1f}x at p95"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
