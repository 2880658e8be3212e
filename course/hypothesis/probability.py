"""Diagnostic probability as pure functions: odds, likelihood ratios, pre- to post-test.

Every probability here is a proportion strictly between 0 and 1 (0.2 means 20 %). Odds are
``p / (1 - p)``. A likelihood ratio (LR) is how many times more likely a test result is in people
with the condition than in people without it; it multiplies the odds:

    post-test odds = pre-test odds x LR                       (Bayes' theorem in odds form)

Nothing here knows about widgets, figures or YAML. Taught in lesson 08.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

__all__ = [
    "InfiniteLikelihoodRatio",
    "check_lr",
    "check_probability",
    "combined_lr",
    "lr_negative",
    "lr_positive",
    "odds",
    "post_test_probability",
    "probability_from_odds",
    "rules_in_better",
    "rules_out_better",
    "shift",
    "sn_n_out",
    "sp_p_in",
    "study_lr",
]


class InfiniteLikelihoodRatio(ValueError):
    """Sensitivity or specificity of exactly 0 or 1 makes a likelihood ratio infinite or zero."""


def check_probability(p: float, what: str = "probability") -> float:
    """Return ``p`` as a float if 0 < p < 1; otherwise raise a ValueError that says why.

    0 and 1 are refused as well: they are certainty, their odds are 0 or infinite, and no test
    result can move them (which is never true of a clinical hypothesis).
    """
    p = _proportion(p, what)
    if p in (0.0, 1.0):
        odds_word = "zero" if p == 0.0 else "infinite"
        raise ValueError(
            f"{what} of exactly {p:g} is certainty: its odds are {odds_word}, so no test result "
            "could change it. Use a value strictly between 0 and 1."
        )
    return p


def check_lr(lr: float, what: str = "likelihood ratio") -> float:
    """Return ``lr`` as a float if it is a finite number above 0; else raise a ValueError."""
    if isinstance(lr, bool) or not isinstance(lr, int | float):
        raise TypeError(f"{what} must be a positive number, got {lr!r}")
    lr = float(lr)
    if math.isnan(lr) or math.isinf(lr) or lr <= 0.0:
        raise ValueError(
            f"{what} must be a finite number above 0, got {lr!r} "
            "(an LR of 0 or infinity would make the result certain)"
        )
    return lr


def odds(p: float) -> float:
    """Odds of a probability: ``p / (1 - p)``. 0.2 -> 0.25 ('1 to 4')."""
    p = check_probability(p)
    return p / (1.0 - p)


def probability_from_odds(o: float) -> float:
    """Probability of odds ``o`` (a finite number above 0): ``o / (1 + o)``."""
    o = check_lr(o, "odds")
    return o / (1.0 + o)


def lr_positive(sensitivity: float, specificity: float) -> float:
    """LR of a positive result: sensitivity / (1 - specificity).

    Raises InfiniteLikelihoodRatio when specificity is 1 (no false positives in the study: the
    LR is infinite) or sensitivity is 0 (no true positives: the LR is zero).
    """
    sens = _proportion(sensitivity, "sensitivity")
    spec = _proportion(specificity, "specificity")
    if spec == 1.0:
        raise InfiniteLikelihoodRatio(
            "specificity 1.0 makes LR+ = sensitivity / (1 - specificity) infinite: the study saw "
            "no false positives, usually because it was small. Use the published LR or a "
            "confidence limit instead of 1.0."
        )
    if sens == 0.0:
        raise InfiniteLikelihoodRatio(
            "sensitivity 0 makes LR+ zero: no one with the condition tested positive, so a "
            "positive result would rule it out with certainty, which no real test does."
        )
    return sens / (1.0 - spec)


def lr_negative(sensitivity: float, specificity: float) -> float:
    """LR of a negative result: (1 - sensitivity) / specificity.

    Raises InfiniteLikelihoodRatio when sensitivity is 1 (no false negatives: the LR is zero)
    or specificity is 0 (the LR is infinite).
    """
    sens = _proportion(sensitivity, "sensitivity")
    spec = _proportion(specificity, "specificity")
    if spec == 0.0:
        raise InfiniteLikelihoodRatio(
            "specificity 0 makes LR- = (1 - sensitivity) / specificity infinite: everyone "
            "without the condition tested positive."
        )
    if sens == 1.0:
        raise InfiniteLikelihoodRatio(
            "sensitivity 1.0 makes LR- = (1 - sensitivity) / specificity zero: the study saw no "
            "false negatives, usually because it was small, and a negative result would seem to "
            "rule the condition out with certainty. Use the published LR or a confidence limit."
        )
    return (1.0 - sens) / spec


def combined_lr(lrs: Iterable[float]) -> float:
    """The product of several LRs (1 for none): what they do to the odds together.

    Multiplying is only right if the results are conditionally independent: see
    :func:`post_test_probability`.
    """
    product = 1.0
    for index, lr in enumerate(lrs):
        product *= check_lr(lr, f"likelihood ratio #{index + 1}")
    return product


def post_test_probability(pretest: float, *lrs: float) -> float:
    """Probability after one or more test results, from the pre-test probability and their LRs.

    ``post_test_probability(0.2, 4.29)`` is 0.517: a 20 % pre-test probability and a positive
    result with LR+ 4.29 give about 52 %.

    With several LRs the odds are multiplied by each in turn. That assumes the results are
    **conditionally independent**: among people who have the condition (and, separately, among
    people who do not) one result tells you nothing about the next. Clinical tests that stress
    the same structure in similar ways are not independent, so multiplying their LRs overstates
    the shift; use a cluster's own published accuracy instead (``course.hypothesis.clusters``).
    """
    p = check_probability(pretest, "pre-test probability")
    return probability_from_odds(odds(p) * combined_lr(lrs))


def shift(pretest: float, lr: float) -> float:
    """How far one result moves the probability, in probability units (post minus pre)."""
    return post_test_probability(pretest, lr) - check_probability(pretest, "pre-test probability")


def sn_n_out(sensitivity: float, specificity: float, pretest: float) -> tuple[float, float]:
    """SnNout in numbers: (fall after a negative result, rise after a positive result).

    For a highly sensitive test the first is larger than the second: a negative result rules
    the condition out more than a positive one rules it in. Both are in probability units.
    """
    fall = -shift(pretest, lr_negative(sensitivity, specificity))
    rise = shift(pretest, lr_positive(sensitivity, specificity))
    return fall, rise


def sp_p_in(sensitivity: float, specificity: float, pretest: float) -> tuple[float, float]:
    """SpPin in numbers: (rise after a positive result, fall after a negative result).

    For a highly specific test the first is larger than the second.
    """
    fall, rise = sn_n_out(sensitivity, specificity, pretest)
    return rise, fall


def rules_out_better(sensitivity: float, specificity: float) -> bool:
    """True if a negative result moves the odds more than a positive one (|log LR-| > log LR+).

    For any test better than chance (sensitivity + specificity > 1) this holds exactly when
    sensitivity exceeds specificity: the SnNout direction. It does not say the test is good: a
    test with LR+ 1.1 and LR- 0.8 'rules out better' than it rules in, yet does little either way.
    """
    return -math.log(lr_negative(sensitivity, specificity)) > math.log(
        lr_positive(sensitivity, specificity)
    )


def rules_in_better(sensitivity: float, specificity: float) -> bool:
    """True if a positive result moves the odds more than a negative one: the SpPin direction."""
    return math.log(lr_positive(sensitivity, specificity)) > -math.log(
        lr_negative(sensitivity, specificity)
    )


def study_lr(
    result: str,
    sensitivity: float | None = None,
    specificity: float | None = None,
    published: float | None = None,
) -> float:
    """The LR one study gives for a ``"positive"`` or ``"negative"`` result.

    The study's published LR is used where there is one (it comes from the raw counts); otherwise
    it is computed from sensitivity and specificity. Raises ValueError if neither is available,
    and InfiniteLikelihoodRatio if the figures make the LR infinite or zero.
    """
    if result not in ("positive", "negative"):
        raise ValueError(f"result must be 'positive' or 'negative', got {result!r}")
    if published is not None:
        return check_lr(published, f"published LR of a {result} result")
    if sensitivity is None or specificity is None:
        raise ValueError(
            f"no LR for a {result} result: the study publishes neither that LR nor both "
            "sensitivity and specificity"
        )
    compute = lr_positive if result == "positive" else lr_negative
    return compute(sensitivity, specificity)


def _proportion(value: float, what: str) -> float:
    """``value`` as a float in 0..1 inclusive, or a TypeError/ValueError that says what it got."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"{what} must be a number between 0 and 1, got {value!r}")
    value = float(value)
    if math.isnan(value) or not 0.0 <= value <= 1.0:
        hint = " (a percentage? divide it by 100: 20 % is 0.2)" if 1.0 < value <= 100.0 else ""
        raise ValueError(f"{what} must be between 0 and 1, got {value!r}{hint}")
    return value
