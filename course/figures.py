"""Figures shared by every diagram and widget: how a figure is shown and how text is drawn.

Library code never touches pyplot's global state: it builds ``matplotlib.figure.Figure`` objects
and wraps them in a :class:`FigureView`, which shows them either as an interactive ipympl canvas
(clickable, where a widget front end exists) or as a PNG image widget (everywhere else: plain
kernels, exported HTML, the static book). Widgets restyle existing artists and call
:meth:`FigureView.refresh`, which never rebuilds the figure.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from functools import lru_cache
from typing import Any

import numpy as np
from matplotlib.backend_bases import MouseButton, MouseEvent
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties, findfont, get_font
from matplotlib.ft2font import Kerning, LoadFlags
from matplotlib.path import Path
from matplotlib.textpath import TextPath, text_to_path

from .style import (
    CONTROL_CLASS,
    DESCRIPTION_CLASS,
    FIGURE_CLASS,
    FIGURE_TEXT_CLASS,
    HATCHES,
    HIGHLIGHT,
    OKABE_ITO,
    PALETTE,
    SMALLEST_TEXT_KEY,
    STATIC_CLASS,
    STATIC_DESCRIPTION_CLASS,
    WIDGET_CLASS,
)

__all__ = [
    # the palette and the widget class names live in course.style; widgets take them from here
    "CONTROL_CLASS",
    "DESCRIPTION_CLASS",
    "FIGURE_CLASS",
    "HATCHES",
    "HIGHLIGHT",
    "LINE_SPACING",
    "MIN_TEXT_PT",
    "MIN_TEXT_PX",
    "OKABE_ITO",
    "PALETTE",
    "SMALLEST_TEXT_KEY",
    "WIDGET_CLASS",
    "FigureView",
    "figure_texts",
    "glyph_path",
    "ipympl_available",
    "new_figure",
    "png_bytes",
    "shown_texts",
    "smallest_text_px",
    "static_bundle",
    "tag",
    "text_px",
    "text_sizes_pt",
]


MIN_TEXT_PX = 10.0
"""The smallest text a course figure may show, in CSS pixels at 100 % zoom (issue 17)."""
MIN_TEXT_PT = 7.5
"""The smallest font size the course draws with, in points: at the course's 100 dpi and a
figure shown at its own size, 7.5 pt is 10.4 px (see :func:`text_px`)."""


def text_px(size_pt: float, dpi: float, scale: float = 1.0) -> float:
    """The height in CSS pixels of text ``size_pt`` points tall in a figure of ``dpi`` dots per
    inch shown at ``scale`` times its own size (1: one figure pixel per CSS pixel at 100 %
    zoom, as the PNG view and the ipympl canvas show it)."""
    return size_pt * dpi / 72 * scale


def new_figure(width: float = 6.0, height: float = 6.0, dpi: int = 100) -> Figure:
    """A new figure with its own Agg canvas and nothing registered with pyplot."""
    figure = Figure(figsize=(width, height), dpi=dpi)
    FigureCanvasAgg(figure)
    return figure


def shown_texts(figure: Figure) -> list[tuple[str, float]]:
    """Every piece of text ``figure`` shows now, each with its size in points: the visible,
    non-blank texts, titles, tick labels and legends of the figure and of its visible axes, and
    the visible labels of each glyph-label layer (``course.labels``, whose collections carry
    their ``layer``), in that order.

    The one way the course measures figure text. It walks the artists and draws nothing (tens
    of microseconds), so every widget render can afford it: the PNG metadata and the ipympl CSS
    class (:func:`smallest_text_px`) and the readability tests (``figure_texts``) all use it.
    """
    texts: list[Any] = list(figure.texts)
    for legend in figure.legends:
        if legend.get_visible():
            texts += [*legend.get_texts(), legend.get_title()]
    holders: list[Any] = list(figure.artists)
    for ax in figure.axes:
        if not ax.get_visible():
            continue
        texts += [*ax.texts, ax.title, ax._left_title, ax._right_title]
        for axis in (ax.xaxis, ax.yaxis) if ax.axison else ():
            if axis.get_visible():
                texts += [axis.label, *axis.get_ticklabels()]
        legend = ax.get_legend()
        if legend is not None and legend.get_visible():
            texts += [*legend.get_texts(), legend.get_title()]
        holders += [*ax.collections, *ax.artists]
    found = [
        (t.get_text(), float(t.get_fontsize()))
        for t in texts
        if t.get_visible() and t.get_text().strip()
    ]
    layers: set[int] = set()
    for artist in holders:
        layer = getattr(artist, "layer", None)
        labels = getattr(layer, "labels", None)
        if labels is not None and artist.get_visible() and id(layer) not in layers:
            layers.add(id(layer))
            found += [
                (lab.get_text(), float(lab.size))
                for lab in labels
                if lab.get_visible() and lab.get_text().strip()
            ]
    return found


def figure_texts(figure: Figure, scale: float = 1.0) -> list[tuple[str, float]]:
    """Every text ``figure`` shows now (:func:`shown_texts`), each with its height in CSS
    pixels at 100 % zoom when the figure is shown at ``scale`` times its own size (see
    :func:`text_px`)."""
    return [(text, text_px(size, figure.dpi, scale)) for text, size in shown_texts(figure)]


def text_sizes_pt(figure: Figure) -> list[float]:
    """The size in points of every piece of text ``figure`` shows now (:func:`shown_texts`)."""
    return [size for _text, size in shown_texts(figure)]


def smallest_text_px(figure: Figure, dpi: float | None = None) -> float | None:
    """The smallest text ``figure`` shows, in pixels of a picture rendered at ``dpi`` (the
    figure's own by default); None when it shows no text."""
    sizes = text_sizes_pt(figure)
    return min(sizes) * (dpi or figure.dpi) / 72 if sizes else None


def _text_metadata(figure: Figure, dpi: float | None = None) -> dict[str, str]:
    smallest = smallest_text_px(figure, dpi)
    return {} if smallest is None else {SMALLEST_TEXT_KEY: f"{smallest:.2f}"}


def png_bytes(figure: Figure, dpi: int | None = None) -> bytes:
    """Render ``figure`` as PNG bytes (with its smallest text size, see ``SMALLEST_TEXT_KEY``)."""
    buffer = io.BytesIO()
    dpi = dpi or figure.dpi
    figure.savefig(buffer, format="png", dpi=dpi, metadata=_text_metadata(figure, dpi))
    return buffer.getvalue()


def screen_png(figure: Figure) -> bytes:
    """``figure`` drawn on its own Agg canvas and encoded as a PNG quickly, for a widget's view.

    Skips ``savefig``'s set-up and compresses lightly (zlib level 3): about 10 ms less per
    image than :func:`png_bytes` for a widget-sized figure, for a file a few percent larger.
    """
    from PIL import Image
    from PIL.PngImagePlugin import PngInfo

    canvas = figure.canvas
    if not isinstance(canvas, FigureCanvasAgg):
        canvas = FigureCanvasAgg(figure)
    FigureCanvasAgg.draw(canvas)
    width, height = canvas.get_width_height(physical=True)
    image = Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    info = PngInfo()
    for key, value in _text_metadata(figure).items():
        info.add_text(key, value)
    buffer = io.BytesIO()
    image.save(buffer, format="png", compress_level=3, pnginfo=info)
    return buffer.getvalue()


def ipympl_available() -> bool:
    """True where the ipympl widget canvas can be imported (it needs ipywidgets too)."""
    try:
        import ipympl.backend_nbagg  # noqa: F401
    except ImportError:
        return False
    return True


class FigureView:
    """Shows one figure in a widget layout and redraws it after its artists change.

    ``interactive=None`` picks the ipympl canvas where ipympl is installed, else a PNG image.
    The ipympl canvas also embeds a PNG in its output, so exported notebooks show a static
    picture of the last state.
    """

    push_when_ready: bool = True
    """Send each new ipympl image straight to a ready browser view (see :meth:`refresh`); False
    keeps ipympl's own ``draw_idle()`` round trip (``benchmarks/browser_latency.py`` compares)."""

    def __init__(self, figure: Figure, interactive: bool | None = None):
        import ipywidgets as widgets

        self.figure = figure
        self.interactive = ipympl_available() if interactive is None else interactive
        if self.interactive:
            from ipympl.backend_nbagg import Canvas, FigureManager

            canvas = Canvas(figure)
            FigureManager(canvas, 0)  # gives the canvas its toolbar and message handling
            canvas.header_visible = False
            canvas.footer_visible = False
            canvas.toolbar_visible = False
            canvas.resizable = False
            self.widget = canvas
            self._text_class: str | None = None
            self._tag_text_size()
        else:
            if not isinstance(figure.canvas, FigureCanvasAgg):
                FigureCanvasAgg(figure)
            self.widget = widgets.Image(format="png", value=png_bytes(figure))
        self.canvas = figure.canvas
        self.widget.add_class(FIGURE_CLASS)
        # The course hit-tests clicks itself (``on_click``) and sets no pickers: matplotlib's
        # own pick walk over every artist on each press (about 2 ms in the explorer) is dropped.
        pick_id = getattr(figure, "_button_pick_id", None)
        if pick_id is not None:
            self.canvas.mpl_disconnect(pick_id)

    @property
    def front_end_ready(self) -> bool:
        """True once a browser view of the ipympl canvas has said it is ready for image diffs.

        ipympl sets ``syncing_data_url`` to False when the view sends "initialized"; before that
        (run-all still building outputs, or no browser at all, as under nbclient) it is True.
        """
        return self.interactive and not getattr(self.canvas, "syncing_data_url", True)

    def refresh(self) -> None:
        """Redraw after artists changed: a new PNG, or the ipympl canvas.

        On ipympl, ``draw()`` renders now and sends the image at once, but an image sent before
        the browser view exists is lost and later diffs then paint onto a blank canvas (seen
        during run-all). So ``draw()`` is used only once the view is ready; until then
        ``draw_idle()`` lets the view ask for the image itself (one round trip, ~40 ms more).
        """
        if self.front_end_ready and self.push_when_ready:
            self.canvas.draw()
        elif self.interactive:
            self.canvas.draw_idle()
        if self.interactive:
            self._tag_text_size()
        else:
            self.widget.value = screen_png(self.figure)

    def _tag_text_size(self) -> None:
        """Carry the smallest text of the canvas in a CSS class (``FIGURE_TEXT_CLASS-<tenths of
        a pixel>``), as the PNG view carries it in the image; changed only when it changes."""
        smallest = smallest_text_px(self.figure)
        name = None if smallest is None else f"{FIGURE_TEXT_CLASS}-{int(smallest * 10)}"
        if name != self._text_class:
            if self._text_class is not None:
                self.widget.remove_class(self._text_class)
            if name is not None:
                self.widget.add_class(name)
            self._text_class = name

    def on_click(self, callback: Callable[[Any, float, float], None]) -> int:
        """Call ``callback(axes, x, y)`` (data coordinates) when the figure is clicked."""

        def handle(event: MouseEvent) -> None:
            if event.inaxes is not None and event.xdata is not None:
                callback(event.inaxes, event.xdata, event.ydata)

        return self.canvas.mpl_connect("button_press_event", handle)

    def click(self, axes: Any, x: float, y: float) -> None:
        """Synthesise a left click at data point (x, y) of ``axes``, as a mouse would."""
        px, py = axes.transData.transform((x, y))
        event = MouseEvent("button_press_event", self.canvas, px, py, button=MouseButton.LEFT)
        self.canvas.callbacks.process("button_press_event", event)

    def png(self) -> bytes:
        """The figure as it looks now, as the PNG bytes the view shows (see :func:`screen_png`)."""
        return screen_png(self.figure)

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)


# --------------------------------------------------------------------------- text as outlines
# Matplotlib 3.11 rasterises Text glyph by glyph on every draw (about 1 ms a label); widgets that
# redraw often draw their labels as cached glyph outlines instead (anatomy, pain maps).

_VA_SHIFT = {"baseline": 0.0, "center": -0.36, "top": -0.76, "bottom": 0.24}
"""Baseline offsets (in ems) that put a line's cap height centre, top or descender at y."""
LINE_SPACING = 1.3


@lru_cache(maxsize=4096)
def glyph_path(text: str, size: float, ha: str, va: str, weight: str) -> Path:
    """``text`` as one path in points, aligned on (0, 0) as ``ha``/``va`` say (multi-line ok).

    Each line is put together from cached outlines of its characters, spaced by their advances
    and kerning, so a new string (a number that changed) costs no FreeType layout: about 0.05 ms
    instead of 2 ms. The result matches ``TextPath`` to within a tenth of a point.
    """
    lines = text.split("\n")
    parts = []
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        vertices, codes, width = _glyph_line(line, size, weight)
        dx = {"left": 0.0, "center": -width / 2, "right": -width}[ha]
        dy = -index * size * LINE_SPACING + _VA_SHIFT[va] * size
        if va == "bottom":
            dy += (len(lines) - 1) * size * LINE_SPACING
        parts.append(Path(vertices + np.array([dx, dy]), codes))
    return Path.make_compound_path(*parts) if parts else Path(np.zeros((1, 2)))


def _glyph_line(line: str, size: float, weight: str) -> tuple[np.ndarray, np.ndarray, float]:
    """One line's outline (vertices in points, path codes) from its left end on the baseline,
    and its width in points (the sum of advances and kerning, as matplotlib lays text out)."""
    vertices, codes, x, previous = [], [], 0.0, None
    for char in line:
        outline, outline_codes, advance, index = _glyph(char, size, weight)
        if previous is not None:
            x += _kerning(previous, index, size, weight)
        if len(outline):
            vertices.append(outline + np.array([x, 0.0]))
            codes.append(outline_codes)
        x += advance
        previous = index
    if not vertices:
        return np.zeros((0, 2)), np.zeros(0, dtype=Path.code_type), x
    return np.concatenate(vertices), np.concatenate(codes), x


def _font(size: float, weight: str) -> Any:
    """The FT2Font of the default family at ``weight``, set to matplotlib's path scale."""
    font = get_font(findfont(FontProperties(size=size, weight=weight)))
    font.set_size(text_to_path.FONT_SCALE, text_to_path.DPI)
    return font


@lru_cache(maxsize=2048)
def _glyph(char: str, size: float, weight: str) -> tuple[np.ndarray, np.ndarray, float, int]:
    """One character: outline vertices (points, origin on the baseline), codes, advance in
    points, and its glyph index (for kerning)."""
    font = _font(size, weight)
    glyph = font.load_char(ord(char), flags=LoadFlags.NO_HINTING)
    advance = glyph.linearHoriAdvance / 65536 * size / text_to_path.FONT_SCALE
    index = font.get_char_index(ord(char))
    if not char.strip():
        return np.zeros((0, 2)), np.zeros(0, dtype=Path.code_type), advance, index
    outline = TextPath((0, 0), char, size=size, prop=FontProperties(size=size, weight=weight))
    return outline.vertices, outline.codes, advance, index


@lru_cache(maxsize=8192)
def _kerning(left: int, right: int, size: float, weight: str) -> float:
    """The kerning between two glyph indices, in points."""
    kern = _font(size, weight).get_kerning(left, right, Kerning.DEFAULT)
    return kern / 64 * size / text_to_path.FONT_SCALE


# --------------------------------------------------------------------------- widget conventions


def tag(widget: Any, css_class: str, name: str | None = None) -> Any:
    """Add ``css_class`` (and ``css_class-name``) to an ipywidget; returns the widget."""
    widget.add_class(css_class)
    if name:
        widget.add_class(f"{css_class}-{name}")
    return widget


def static_bundle(widget: Any, figure: Figure | None, description: str) -> dict[str, Any]:
    """A display bundle for a composite widget with a static fallback.

    Front ends with widgets render the live widget; exported HTML, the static book and plain
    terminals fall back to a PNG of the current figure with its text description underneath.
    """
    import base64
    from html import escape

    bundle = dict(widget._repr_mimebundle_() or {})
    text = escape(description).replace("\n", "<br>")
    described = f'<p class="{STATIC_DESCRIPTION_CLASS}">{text}</p>'
    html = f'<div class="{STATIC_CLASS}">{described}</div>'
    if figure is not None:
        encoded = base64.b64encode(png_bytes(figure)).decode("ascii")
        bundle["image/png"] = encoded
        html = (
            f'<div class="{STATIC_CLASS}"><img src="data:image/png;base64,{encoded}" '
            f'alt="{escape(description)}">{described}</div>'
        )
    bundle["text/html"] = html
    bundle["text/plain"] = description
    return bundle
