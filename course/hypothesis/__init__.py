"""Testing a hypothesis: likelihood ratios, pre- and post-test probability, cluster rules and
the Fagan nomogram. Taught in lesson 08.

>>> from course.hypothesis import post_test_probability
>>> round(post_test_probability(0.20, 4.29), 3)
0.517

The pure functions live in :mod:`.probability`, cluster rules in :mod:`.clusters`, published
pre-test probabilities in :mod:`.pretest`, the nomogram drawing in :mod:`.nomogram` and the
widget in :mod:`.widget` (``course.hypothesis.explore_probability()``).
"""

from __future__ import annotations

from .clusters import ClusterRule, bands, evaluate
from .findings import NOT_DONE, Finding, assess, for_presentation, from_cluster, from_test
from .pretest import PretestProbability, presentation, presentations
from .probability import (
    InfiniteLikelihoodRatio,
    combined_lr,
    lr_negative,
    lr_positive,
    odds,
    post_test_probability,
    probability_from_odds,
    sn_n_out,
    sp_p_in,
)

__all__ = [
    "NOT_DONE",
    "ClusterRule",
    "Finding",
    "InfiniteLikelihoodRatio",
    "PretestProbability",
    "assess",
    "bands",
    "combined_lr",
    "evaluate",
    "explore_probability",
    "fagan",
    "for_presentation",
    "from_cluster",
    "from_test",
    "lr_negative",
    "lr_positive",
    "odds",
    "post_test_probability",
    "presentation",
    "presentations",
    "probability_from_odds",
    "sn_n_out",
    "sp_p_in",
]


def explore_probability(presentation: str = "pgp_in_pregnancy", **options):
    """Open the Fagan nomogram widget (see :class:`course.hypothesis.widget.HypothesisExplorer`)."""
    from .widget import HypothesisExplorer

    return HypothesisExplorer(presentation, **options)


def fagan(pretest: float, *lrs: float):
    """A Fagan nomogram for a pre-test probability and one or more LRs (a ``Nomogram``)."""
    from .nomogram import draw

    return draw(pretest, *lrs)
