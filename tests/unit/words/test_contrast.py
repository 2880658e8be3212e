"""Text colours the course sets are readable: WCAG 2 contrast of at least 4.5:1 on the light
backgrounds they sit on (the accents used as words, the book's code highlighting)."""

from __future__ import annotations

import colorsys
import re

import nbformat
import pytest

from course import style
from tools import book

LIGHT_BACKGROUNDS = (style.WHITE, style.CODE_BACKGROUND)


def test_the_contrast_ratio_is_wcag_s():
    assert style.contrast_ratio("#000", "#FFFFFF") == pytest.approx(21)
    assert style.contrast_ratio("#777777", "#777") == pytest.approx(1)
    # WCAG's own example pair: #767676 on white is the lightest grey that passes AA
    assert style.contrast_ratio("#767676", "#FFFFFF") == pytest.approx(4.54, abs=0.01)
    assert style.contrast_ratio("#FFFFFF", "#767676") == style.contrast_ratio("#767676", "#FFF")
    with pytest.raises(ValueError, match="not a #RGB"):
        style.contrast_ratio("blue", "#FFFFFF")


@pytest.mark.parametrize("colour", [*style.OKABE_ITO.values(), "#FFFF00", "#F5F5F5", "#123"])
def test_readable_text_darkens_only_what_falls_short_and_keeps_the_hue(colour):
    made = style.readable_text(colour)
    assert style.contrast_ratio(made, style.CODE_BACKGROUND) >= style.TEXT_CONTRAST
    if style.contrast_ratio(colour, style.CODE_BACKGROUND) >= style.TEXT_CONTRAST:
        assert made == colour
    else:  # darkened, not replaced: the same hue, less light
        hue, light, _ = colorsys.rgb_to_hls(*style._rgb(colour))
        new_hue, new_light, _ = colorsys.rgb_to_hls(*style._rgb(made))
        assert new_light < light and abs(new_hue - hue) < 0.02


@pytest.mark.parametrize("kind", sorted(style.ACCENT_TEXT))
def test_every_accent_has_a_text_colour_readable_on_light_backgrounds(kind):
    for background in LIGHT_BACKGROUNDS:
        assert style.contrast_ratio(style.ACCENT_TEXT[kind], background) >= style.TEXT_CONTRAST


def test_every_code_colour_of_a_book_page_is_readable_on_the_code_background(tmp_path):
    """Every code-highlighting colour JupyterLab's theme gives a book page, after the book's own
    overrides (``style.BOOK_CODE_COLOURS``), reads at 4.5:1 on the code cell's grey: a theme
    update that brings a new or lighter colour fails here."""
    cell = nbformat.v4.new_code_cell("x = 1 + 2  # a comment\nprint('text', x is None)")
    notebook = nbformat.v4.new_notebook(cells=[cell])
    page = book.Page(99, "Test", tmp_path / "99_test.ipynb")
    html = book.page_html(notebook, page, [page])
    theme = dict(re.findall(r"--jp-mirror-editor-([a-z-]+)-color:\s*(#[0-9a-fA-F]{3,6})\b", html))
    assert len(theme) > 10, "the page no longer carries JupyterLab's code colours"
    assert "--jp-cell-editor-background: var(--md-grey-100)" in html
    assert re.search(rf"--md-grey-100:\s*{style.CODE_BACKGROUND}", html, re.I)
    assert style.BOOK_ACCESS_CSS in html
    for name, colour in theme.items():
        shown = style.BOOK_CODE_COLOURS.get(name, colour)
        ratio = style.contrast_ratio(shown, style.CODE_BACKGROUND)
        assert ratio >= style.TEXT_CONTRAST, f"code colour {name} {shown}: {ratio:.2f}:1"
