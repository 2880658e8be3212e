"""How the hypothesis lesson writes numbers, the same in the figure, the widget and the text."""

from __future__ import annotations


def percent(p: float) -> str:
    """A probability as a percentage to one decimal, without a trailing '.0'.

    0.2 -> '20%', 0.5175 -> '51.7%', 0.016 -> '1.6%'.
    """
    text = f"{p * 100:.1f}"
    if text.endswith(".0"):
        text = text[:-2]
    return f"{text}%"


def percent_range(low: float, high: float) -> str:
    """A range of probabilities as '15–30%'."""
    return f"{percent(low)[:-1]}–{percent(high)}"


def ratio(lr: float) -> str:
    """A likelihood ratio as clinical tables print it: 0.077, 0.53, 4.00, 24.3, 1000."""
    if lr < 0.1:
        return f"{lr:.2g}"
    if lr < 10:
        return f"{lr:.2f}"
    return f"{lr:.1f}" if lr < 100 else f"{lr:.0f}"
