"""Self-check widgets as a page without a kernel shows them: the questions, never the answers.

Exported notebooks and the static book (:mod:`tools.book`) cannot check an answer, so a
self-check there shows the case (for a vignette), each prompt with what kind of answer it wants,
and its options, then points to the interactive version. Nothing of the answer key goes in: no
option key, no feedback, no explanation, no model answer, no hint; every option of a question is
marked up exactly alike, so the markup cannot single out the right one.
"""

from __future__ import annotations

from html import escape
from typing import Any

from ..figures import static_bundle
from ..style import (
    ACCENT,
    ANSWER_SPACE_STYLE,
    BOX_STYLE,
    OPTION_CLASS,
    QUESTION_CLASS,
    SELFCHECK_NOTE_CLASS,
)
from .kinds import KIND
from .questions import Question

INTERACTIVE_NOTE = (
    "Check your answers, with hints and feedback, in the interactive version of this lesson "
    "(JupyterLab or Binder)."
)


def question_html(question: Question, number: int | None = None) -> str:
    """One question as static HTML: its number, prompt, what to do, and blank options."""
    label = f"Question {number}. " if number else ""
    kind = KIND[question.kind]
    parts = [
        f"<p><strong>{escape(label)}{escape(question.prompt)}</strong></p>",
        f"<p><em>{escape(kind.ask_for(question))}</em></p>",
    ]
    # an identify_structure question lists nothing: the figure is where the student answers
    if kind.lists_options and question.options:
        items = "".join(
            f'<li class="{OPTION_CLASS}">{kind.mark} {escape(o.text)}</li>'
            for o in question.options
        )
        parts.append(f"<ul style='list-style:none;padding-left:0.5em'>{items}</ul>")
    elif kind.lists_options:  # numeric or free text: an empty answer box
        parts.append(
            f"<div style='{ANSWER_SPACE_STYLE};height:{kind.box_height}' "
            "role='img' aria-label='space for your answer'></div>"
        )
    style = BOX_STYLE.format(accent=ACCENT["question"])
    return (
        f'<div class="{QUESTION_CLASS}" data-question="{escape(question.id)}" '
        f"style='{style}'>{''.join(parts)}</div>"
    )


def question_text(question: Question, number: int | None = None) -> str:
    """One question as plain text, options as a bulleted list."""
    label = f"Question {number}. " if number else ""
    kind = KIND[question.kind]
    lines = [f"{label}{question.prompt} ({kind.ask})"]
    if kind.lists_options:
        lines += [f"  {kind.mark} {o.text}" for o in question.options]
    return "\n".join(lines)


def _numbered(asked: list[Question]) -> list[tuple[Question, int | None]]:
    return [(q, i if len(asked) > 1 else None) for i, q in enumerate(asked, start=1)]


def selfcheck_text(title: str, asked: list[Question]) -> str:
    """A self-check as plain text (a terminal, a text-only export): its title, then each
    question with its options, without answers."""
    texts = [question_text(q, n) for q, n in _numbered(asked)]
    return "\n\n".join([f"Self-check: {title}", *texts])


def selfcheck_html(header: str, asked: list[Question]) -> str:
    """A self-check as a page without a kernel shows it: ``header`` (the case, or the set's
    title, as HTML), then each question numbered when there are several, without answers, and a
    pointer to the interactive version."""
    return (
        header
        + "".join(question_html(q, n) for q, n in _numbered(asked))
        + f"<p class='{SELFCHECK_NOTE_CLASS}'><em>{escape(INTERACTIVE_NOTE)}</em></p>"
    )


def case_browser_bundle(browser: Any) -> dict[str, Any]:
    """The display bundle of a :class:`~course.quiz.widget.CaseBrowser`: the live widget, or the
    list of cases it offers (neutral titles) where no widget front end runs."""
    labels = [label for label, _ in browser.picker.options]
    intro = (
        f"Case browser: in the interactive version, pick any of these {len(labels)} cases "
        "and work through it here."
    )
    items = "".join(f"<li>{escape(label)}</li>" for label in labels)
    html = f"<p><strong>{escape(intro)}</strong></p><ul>{items}</ul>"
    text = "\n".join([intro, *(f"- {label}" for label in labels)])
    return {**static_bundle(browser.widget, None, text), "text/html": html}
