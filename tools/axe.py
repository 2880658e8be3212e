"""Accessibility audits with axe-core, injected into a page that Playwright drives.

axe-core comes from the npm registry, pinned in ``tools/axe/package-lock.json`` and installed
there (never globally) by ``make system`` (``npm ci --prefix tools/axe``). :func:`audit` puts
its script into a Playwright page (the book opened from ``file://``, a page served on
127.0.0.1, or JupyterLab) and returns the rule violations at the impacts that count, by
default ``serious`` and ``critical``, optionally only inside the elements a CSS selector
finds (the course's own DOM in JupyterLab).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .paths import ROOT

AXE_DIR = ROOT / "tools" / "axe"
"""The npm folder that pins axe-core (``package.json``, ``package-lock.json``)."""

AXE_SCRIPT = AXE_DIR / "node_modules" / "axe-core" / "axe.min.js"
"""axe-core's browser script, where ``npm ci --prefix tools/axe`` puts it."""

IMPACTS: tuple[str, ...] = ("minor", "moderate", "serious", "critical")
"""axe-core's impact levels, least first."""

BLOCKING: tuple[str, ...] = ("serious", "critical")
"""The impacts an audit of the course fails on."""


class AxeMissing(RuntimeError):
    """axe-core is not installed in :data:`AXE_DIR` (run ``make system``)."""


def axe_script(path: Path = AXE_SCRIPT) -> str:
    """The text of axe-core's browser script; raises :class:`AxeMissing` without it."""
    if not path.is_file():
        raise AxeMissing(
            f"axe-core is not installed ({path} is missing): run `make system`, which runs "
            "`npm ci --prefix tools/axe`"
        )
    return path.read_text(encoding="utf-8")


@dataclass(frozen=True)
class Violation:
    """One axe-core rule broken on a page, with every element that breaks it."""

    rule: str
    """axe-core's rule id, e.g. ``color-contrast``."""
    impact: str
    """One of :data:`IMPACTS`."""
    help: str
    """axe-core's one-line statement of the rule."""
    targets: tuple[str, ...]
    """A CSS selector for each element that breaks the rule."""
    summaries: tuple[str, ...]
    """axe-core's account of what is wrong with each element (same order as ``targets``)."""

    def __str__(self) -> str:
        shown = "; ".join(
            f"{target} ({summary.splitlines()[-1].strip() if summary else ''})"
            for target, summary in zip(self.targets[:4], self.summaries[:4], strict=False)
        )
        more = f" and {len(self.targets) - 4} more" if len(self.targets) > 4 else ""
        return f"{self.impact} {self.rule}: {self.help}: {shown}{more}"


# Run axe on `within`: the elements a CSS selector finds, one element, or (null) the whole
# document; only violations.
_RUN = """async ([within, exclude, options]) => {
  if (typeof within === 'string' && !document.querySelector(within)) return null;
  const include = within || document;
  const context = exclude.length ? {include: [include], exclude: exclude} : include;
  const result = await window.axe.run(context, options);
  return result.violations.map(v => ({
    rule: v.id, impact: v.impact || 'minor', help: v.help,
    targets: v.nodes.map(n => n.target.map(String).join(' ')),
    summaries: v.nodes.map(n => n.failureSummary || ''),
  }));
}"""


def inject(page: Any, script: str | None = None) -> None:
    """Put axe-core into ``page`` (a Playwright page) unless it is there already."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(content=script if script is not None else axe_script())


def audit(
    page: Any,
    within: Any = None,
    impacts: Sequence[str] = BLOCKING,
    script: str | None = None,
    exclude: Sequence[str] = (),
) -> list[Violation]:
    """The axe-core violations on ``page`` at ``impacts``, worst first.

    ``within`` limits the audit to what some elements hold: a CSS selector (every element it
    finds; a page with none has nothing to audit and gives no violation) or one Playwright
    ``ElementHandle``; None audits the whole page. ``exclude`` lists CSS selectors of
    elements left out (markup that is not ours to fix, each with its reason at the caller).
    ``script`` is axe-core's text (read from :data:`AXE_SCRIPT` when None); it is injected
    once per page.
    """
    unknown = set(impacts) - set(IMPACTS)
    if unknown:
        raise ValueError(f"unknown axe impact(s) {sorted(unknown)}; known: {IMPACTS}")
    inject(page, script)
    options = {"resultTypes": ["violations"]}
    found = page.evaluate(_RUN, [within, list(exclude), options]) or []
    violations = [
        Violation(v["rule"], v["impact"], v["help"], tuple(v["targets"]), tuple(v["summaries"]))
        for v in found
        if v["impact"] in impacts
    ]
    return sorted(violations, key=lambda v: (-IMPACTS.index(v.impact), v.rule))
