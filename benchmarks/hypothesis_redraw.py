"""How much the Fagan widget saves by moving artists instead of redrawing the nomogram.

Run: ``python benchmarks/hypothesis_redraw.py``. Prints the time per update for the widget's
way (``Nomogram.show`` then one Agg draw) and for the naive way (``draw`` a new nomogram, then
one Agg draw), and their ratio. The numbers depend on the machine; the ratio is what matters.
"""

from __future__ import annotations

import time

from course.hypothesis.nomogram import draw

UPDATES = 40
STATES = [(0.05 + 0.9 * i / UPDATES, 0.1 + 10 * i / UPDATES) for i in range(UPDATES)]


def restyle() -> float:
    """Seconds per update when the existing artists move (what the widget does)."""
    nomogram = draw(0.5)
    start = time.perf_counter()
    for pretest, lr in STATES:
        nomogram.show(pretest, lr)
        nomogram.figure.canvas.draw()
    return (time.perf_counter() - start) / UPDATES


def rebuild() -> float:
    """Seconds per update when a new nomogram is drawn for every change (the naive way)."""
    start = time.perf_counter()
    for pretest, lr in STATES:
        nomogram = draw(pretest, lr)
        nomogram.figure.canvas.draw()
    return (time.perf_counter() - start) / UPDATES


def main() -> None:
    restyle()  # warm caches (fonts, text layout) before timing either way
    fast, slow = restyle(), rebuild()
    print(f"updates timed:             {UPDATES}")
    print(f"restyle + draw (widget):   {fast * 1000:7.1f} ms per update")
    print(f"rebuild + draw (naive):    {slow * 1000:7.1f} ms per update")
    print(f"naive / widget:            {slow / fast:7.1f} x")


if __name__ == "__main__":
    main()
