"""The anatomy of the buttock, layer by layer: a posterior view drawn from data, and an explorer.

>>> import course.anatomy
>>> explorer = course.anatomy.explore(side="right")   # display it in a notebook

- :mod:`.geometry` loads ``content/anatomy_posterior.yaml`` (outlines in cm) and does the pure
  geometry: what a click hits, what hides what, where a structure lies from bony landmarks.
- :mod:`.view` holds the view state and the text description.
- :mod:`.drawing` builds the one figure and restyles its artists.
- :mod:`.quiz` is 'find the structure' without any widget: each round an ``identify_structure``
  question (:mod:`course.quiz.kinds`) recorded in the self-checks' progress file.
- :mod:`.explorer` wires ipywidgets controls to all of that.
"""

from __future__ import annotations

from .explorer import Explorer, explore
from .geometry import Geometry, load_geometry, posterior
from .quiz import Feedback, FindTheStructure
from .view import Info, Scene, ViewState, posterior_scene

__all__ = [
    "Explorer",
    "Feedback",
    "FindTheStructure",
    "Geometry",
    "Info",
    "Scene",
    "ViewState",
    "explore",
    "load_geometry",
    "posterior",
    "posterior_scene",
]
