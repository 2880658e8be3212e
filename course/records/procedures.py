"""Record type of ``procedure_sites.yaml``: the buttock as a procedure site.

Two kinds of site are drawn over the posterior anatomy view (:mod:`course.anatomy`): the
intramuscular injection sites (ventrogluteal, dorsogluteal) and the zones where pressure injuries
form over bone (sacrum and coccyx, ischial tuberosities, greater trochanters). Outlines use the
anatomy's coordinates: centimetres on the right buttock seen from behind, x from the midline
towards the right hip, y upwards from the centre of the femoral head. Each outline is derived
from the bones already drawn; ``landmarks`` names them, and ``python -m course validate`` checks
that the outline really touches each one (:func:`course.anatomy.sites.check_sites`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .anatomy import Point, Ring
from .core import ref

SiteKind = Literal["injection", "pressure"]
"""``injection``: an intramuscular injection site; ``pressure``: a pressure-injury zone."""

SITE_KINDS: tuple[str, ...] = SiteKind.__args__

SiteChoice = Literal["first", "second", ""]
"""For an injection site: the first-choice site or a second choice; '' for a pressure zone."""


@dataclass(frozen=True)
class ProcedureSite:
    """One injection site or pressure-injury zone, with its outline and what it means."""

    id: str
    name: str
    kind: SiteKind
    description: str
    """Where it lies and how it is found on a person, in words (landmarks, not coordinates)."""
    meaning: str
    """What the site means for care: why it is chosen or avoided, why skin breaks down there."""
    polygon: Ring
    """The outline in cm, in the anatomy view's coordinates (right side; the left is mirrored)."""
    anchor: Point
    """Where the site's label is written, in cm; must lie inside the outline."""
    landmarks: tuple[str, ...] = ref("structures")
    """The bones (structure ids) the outline is derived from; the outline must touch each."""
    sources: tuple[str, ...] = ref("sources")
    choice: SiteChoice = ""
    """Injection sites only: ``first`` (the site to prefer) or ``second``."""
    at_risk: tuple[str, ...] = ref("structures", default=())
    """Injection sites: the nerves and vessels a misplaced needle can reach (structure ids)."""
    cautions: tuple[str, ...] = ()
    """Injection sites: when a clinician may choose another approach (skin infection over the
    site, bleeding risk, unclear anatomy); each a sentence."""
    posture: str = ""
    """Pressure zones: the position that loads the zone ('lying on the back', 'sitting'...)."""
    smooth: int = 0
    """Rounds of corner cutting applied to the outline (0 keeps the corners)."""
    midline: bool = False
    """The outline spans the midline (the sacral zone); other outlines stay at x >= 0."""
