"""The anatomy of the buttock, layer by layer: a posterior view drawn from data, and an explorer.

>>> import course.anatomy
>>> explorer = course.anatomy.explore(side="right")   # display it in a notebook

- :mod:`.geometry` turns the catalogue's ``outlines``, ``backdrop`` and ``zones`` (read from
  ``content/anatomy_posterior.yaml``) into :class:`course.shapes.Shape` (outlines in cm, the
  shape type the body charts use too) and does the pure
  geometry: what a click hits, what hides what, where a structure lies from bony landmarks.
- :mod:`.view` holds the view state and the text description.
- :mod:`.drawing` builds the one figure and restyles its artists (labels on
  :class:`course.labels.LabelLayer`).
- :mod:`.quiz` is 'find the structure' without any widget: each round an ``identify_structure``
  question (:mod:`course.quiz.kinds`) recorded in the self-checks' progress file.
- :mod:`.explorer` is the widget, on the :class:`course.widgets.CourseWidget` base: a frozen
  :class:`~.explorer.ExplorerState`, a pure ``apply`` and a ``render`` that restyles the figure.
"""

from __future__ import annotations

from .explorer import Explorer, explore
from .geometry import Geometry, geometry_of, posterior
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
    "geometry_of",
    "posterior",
    "posterior_scene",
]
