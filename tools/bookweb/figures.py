"""The course's figures interactive in the offline book: inline SVG restyled by a small script.

Each figure is drawn by the course's own drawing code, exported once as SVG
(:func:`tools.assets.svg_text`, where an artist's ``gid`` becomes its element's id) and made
compact and page-safe by :func:`compact_svg`: no metadata, coordinates to 0.1 pt, the gids
turned into ``data-gid`` attributes and every id the SVG refers to (hatch patterns, clip paths)
prefixed, so that several figures can share a page. Beside the SVG the page carries, as JSON,
what the script needs to do what the widget's ``render`` does, worked out here by the widget's
own code (``describe_state`` for every state the page can reach, so the page says the same
words as the notebook). The widget's static page stays inside, for a reader with scripts off.

* ``anatomy`` (:class:`course.anatomy.explorer.Explorer`): peel the layers, show labels and
  zones, select a structure by click, keyboard or list (``js/40_explorer.js``);
* ``hypothesis`` (:class:`course.hypothesis.widget.HypothesisExplorer`): the Fagan nomogram's
  line follows the pre-test probability and the test results (``js/41_nomogram.js``);
* ``painmap-compare`` (:class:`course.painmap.widgets.CompareWidget`): two body charts whose
  regions are restyled to the maps chosen (``js/42_compare.js``).

The DOM contract (what the book's benchmark and tests click) is in each renderer's docstring.
"""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from functools import lru_cache
from html import escape
from typing import Any

from course.style import (
    BOOK_FIGURE_CLASS,
    BOOK_FIGURE_CONTROLS_CLASS,
    BOOK_FIGURE_DESCRIPTION_CLASS,
    BOOK_FIGURE_INFO_CLASS,
    BOOK_FIGURE_LIVE_CLASS,
    BOOK_FIGURE_PANELS_CLASS,
    BOOK_NOTE_CLASS,
)

from . import renderer, widget_html

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
ET.register_namespace("", SVG_NS)
ET.register_namespace("xlink", XLINK_NS)

GEOMETRY_ATTRIBUTES = ("d", "x", "y", "width", "height", "points", "transform")
"""The attributes whose numbers :func:`compact_svg` rounds."""
DECIMALS = 1
"""Decimals kept in the SVG's coordinates (points: 0.1 pt is far below a screen pixel)."""
_NUMBER = re.compile(r"-?\d+\.\d+")
_REFERENCE = re.compile(r"url\(#([^)]+)\)")
_ids = itertools.count(1)


def _round(text: str) -> str:
    def short(match: re.Match[str]) -> str:
        value = f"{float(match.group(0)):.{DECIMALS}f}".rstrip("0").rstrip(".")
        return "0" if value in ("-0", "") else value

    return " ".join(_NUMBER.sub(short, text).split())


_PATH_TOKEN = re.compile(r"[A-Za-z]|-?\d+(?:\.\d+)?(?:e-?\d+)?")
_PATH_ARGS = {"M": 2, "L": 2, "Q": 4, "C": 6, "Z": 0, "z": 0}
"""The absolute commands matplotlib writes, with how many numbers each takes."""


def _number(value: float) -> str:
    """``value`` to :data:`DECIMALS`, as short as SVG reads it ("0.5" is ".5", "2.0" is "2")."""
    text = f"{value:.{DECIMALS}f}".rstrip("0").rstrip(".")
    if text in ("-0", "", "-"):
        return "0"
    return text.replace("0.", ".", 1) if text.lstrip("-").startswith("0.") else text


def _path_data(d: str) -> str:
    """SVG path data as short as it reads the same: coordinates rounded to :data:`DECIMALS`,
    then written relative to the point before (from the rounded points, so no error adds up),
    a command letter only where it changes ("M 10 20 L 13 24 L 16 28" is "M10 20l3 4 3 4").
    Data with a command matplotlib does not write is only rounded."""
    tokens = _PATH_TOKEN.findall(d)
    if any(t.isalpha() and t not in _PATH_ARGS for t in tokens):
        return _round(d)
    scale = 10**DECIMALS
    out: list[str] = []
    x = y = start_x = start_y = 0  # in units of 10**-DECIMALS, so the sums are exact
    last = ""
    index = 0
    while index < len(tokens):
        command = tokens[index]
        index += 1
        if command in ("Z", "z"):
            out.append("z")
            x, y, last = start_x, start_y, "z"
            continue
        count = _PATH_ARGS[command]
        values = [round(float(v) * scale) for v in tokens[index : index + count]]
        index += count
        first = not out
        letter = command if first else command.lower()
        if letter == "m" or letter != last:
            out.append(letter)
        elif out and not out[-1].isalpha():
            out.append(" ")
        numbers = []
        for k, value in enumerate(values):
            base = 0 if first else (x if k % 2 == 0 else y)
            numbers.append(_number((value - base) / scale))
        text = " ".join(numbers).replace(" -", "-")
        out.append(text)
        x, y = values[-2], values[-1]
        if command == "M":
            start_x, start_y = x, y
        # after a move the implied command is a line: relative after "m", absolute after "M"
        last = {"m": "l", "M": "L"}.get(letter, letter)
    return "".join(out)


def compact_svg(svg: str, prefix: str) -> str:
    """``svg`` (matplotlib's output) ready to sit inline in a page, several on one page.

    Drops the XML prolog, the doctype and the metadata; rounds coordinates to
    :data:`DECIMALS`; turns each ``gid`` (an id with a ``/`` in it, such as
    ``anatomy/sacrum``) into ``data-gid`` on its element; drops the ids matplotlib makes up
    for every artist (``patch_12``) and prefixes with ``prefix`` those the SVG refers to
    (patterns, clip paths, reused glyphs), so that no two figures on a page share an id.
    """
    root = ET.fromstring(svg)
    for parent in list(root.iter()):
        for child in list(parent):
            if child.tag == f"{{{SVG_NS}}}metadata":
                parent.remove(child)
    referred = set(_REFERENCE.findall(svg))
    referred |= {ref[1:] for ref in re.findall(r'href="(#[^"]+)"', svg)}
    href = f"{{{XLINK_NS}}}href"
    for element in root.iter():
        ident = element.get("id")
        if ident is not None:
            del element.attrib["id"]
            if "/" in ident:
                element.set("data-gid", ident)
            elif ident in referred:
                element.set("id", prefix + ident)
        for name in GEOMETRY_ATTRIBUTES:
            if name in element.attrib:
                value = element.get(name)
                element.set(name, _path_data(value) if name == "d" else _round(value))
        style = element.get("style")
        if style and "url(#" in style:
            element.set("style", _REFERENCE.sub(lambda m: f"url(#{prefix}{m.group(1)})", style))
        for name in ("clip-path", "fill", "mask"):
            value = element.get(name)
            if value and value.startswith("url(#"):
                element.set(name, f"url(#{prefix}{value[5:]}")
        link = element.get(href)
        if link and link.startswith("#"):
            element.set(href, f"#{prefix}{link[1:]}")
    root.set("aria-hidden", "true")  # the description beside it says what it shows
    root.set("focusable", "false")
    text = ET.tostring(root, encoding="unicode")
    return text.replace("\n", "")


def next_prefix(name: str) -> str:
    """A fresh id prefix for one figure of widget ``name`` on a page."""
    return f"{name}{next(_ids)}-"


def to_svg_points(figure: Any, axes: Any) -> tuple[float, float, float, float]:
    """The affine map from ``axes``' data coordinates to the SVG's user units (points, y down):
    ``(ax, bx, ay, by)`` with ``svg_x = ax * x + bx`` and ``svg_y = ay * y + by``."""
    figure.canvas.draw()  # fixes the axes' box (an equal aspect shrinks it at draw time)
    (x0, y0), (x1, y1) = axes.transData.transform([(0.0, 0.0), (1.0, 1.0)])
    scale = 72.0 / figure.dpi
    height = figure.bbox.height * scale
    return (
        float((x1 - x0) * scale),
        float(x0 * scale),
        float(-(y1 - y0) * scale),
        float(height - y0 * scale),
    )


def _point(transform: tuple[float, float, float, float], x: float, y: float) -> list[float]:
    ax, bx, ay, by = transform
    return [round(ax * x + bx, 2), round(ay * y + by, 2)]


def lines_table(texts: Mapping[Any, str]) -> tuple[list[str], dict[Any, list[int]]]:
    """Descriptions keyed by state, shared line by line: (every distinct line, each state's
    line numbers). ``"\\n".join(lines[i] for i in table[key]) == texts[key]`` for every key."""
    lines: list[str] = []
    number: dict[str, int] = {}
    table: dict[Any, list[int]] = {}
    for key, text in texts.items():
        row = []
        for line in text.split("\n"):
            if line not in number:
                number[line] = len(lines)
                lines.append(line)
            row.append(number[line])
        table[key] = row
    return lines, table


def interactive_part(
    name: str, data: Mapping[str, Any], controls: str, svg: str, static_html: str, note: str
) -> str:
    """The interactive figure as the page holds it: hidden until the script starts it, the
    widget's static page (shown until then, and with scripts off) beside it."""
    live = (
        f'<div class="{BOOK_FIGURE_LIVE_CLASS}" role="status" aria-live="polite" '
        f'data-role="description"></div>'
    )
    body = (
        f'<div class="{BOOK_FIGURE_CLASS}" data-role="interactive" hidden>'
        f'<div class="{BOOK_FIGURE_CONTROLS_CLASS}">{controls}</div>'
        f'<div data-role="figure">{svg}</div>'
        # the panel scrolls when a structure's text is long: focusable, so keys can scroll it
        f'<div class="{BOOK_FIGURE_INFO_CLASS}" data-role="info" tabindex="0" role="region" '
        f'aria-label="About the selected structure"></div>'
        f'<div class="{BOOK_FIGURE_DESCRIPTION_CLASS}">{live}</div>'
        f'<p class="{BOOK_NOTE_CLASS}">{escape(note)}</p></div>'
        f'<div data-role="static">{static_html}</div>'
    )
    return widget_html(name, data, body)


# --------------------------------------------------------------------------- anatomy explorer

EXPLORER_NOTE = (
    "This copy of the explorer peels the layers, shows labels, zones and procedure sites and "
    "names any structure you click or pick. The quiz, the pick-the-site check and the other "
    "side run in the notebook: open this lesson in JupyterLab (or Binder) to use them."
)

EXPLORER_STATIC_NOTE = (
    "This explorer asks questions on the figure, which the book's copy cannot do: the picture "
    "and its description above are what it shows. Open this lesson in JupyterLab (or Binder) "
    "to use it."
)


def _explorer(side: str) -> Any:
    from course.anatomy.explorer import Explorer

    return Explorer(side=side, interactive=False)


@lru_cache(maxsize=4)
def anatomy_book(side: str) -> dict[str, Any]:
    """Everything the page's explorer needs for ``side`` (worked out once per side): the SVG
    (every structure drawn, the zones on, no labels), each structure's name, layer, kind of
    element, label and anchor, which structures each depth shows and exposes, the labels'
    places, the info panels, and ``describe_state`` for every reachable state."""
    from matplotlib.colors import to_hex
    from matplotlib.lines import Line2D

    from course.anatomy.drawing import LABEL_COLUMNS, LABEL_PT
    from course.anatomy.explorer import ExplorerState
    from course.anatomy.view import LABEL_LINE_CM, label_text
    from course.records import LAYERS
    from course.style import GREY, HIGHLIGHT
    from tools.assets import svg_text

    explorer = _explorer(side)
    scene, drawing = explorer.scene, explorer.drawing
    drawing.apply(ExplorerState(depth=LAYERS[0], side=side, labels=False, zones=True).view)
    for patch, name in drawing.sites.values():  # every site and key, the names left to the page
        patch.set_visible(True)
        name.set_visible(False)
    for stamp in drawing.site_keys.values():
        stamp.set_visible(True)
    transform = to_svg_points(drawing.figure, drawing.axes)
    svg = svg_text(drawing.figure)
    sites = {}
    for ident, (_patch, name) in drawing.sites.items():
        sites[ident] = {
            "kind": scene.sites.records[ident].kind,
            "name": name.get_text().split("\n"),
            "at": _point(transform, *name.get_position()),
            "align": {"left": "start", "center": "middle", "right": "end"}[
                name.get_horizontalalignment()
            ],
            "colour": to_hex(name.get_color()),
        }
    ax = transform[0]
    left = side == "left"
    structures = {}
    for ident in scene.ids:
        outline = scene.geometry.shapes[ident].outline
        column = outline.label
        medial = column == "medial"
        structures[ident] = {
            "name": scene.names[ident],
            "layer": scene.layers[ident],
            "line": isinstance(drawing.artists[ident], Line2D),
            "width": outline.width,
            "reach": round(scene.geometry.shapes[ident].reach * ax, 2),
            "label": label_text(scene.names[ident]).split("\n"),
            "labelX": _point(transform, LABEL_COLUMNS[column], 0)[0],
            "anchor": _point(transform, *outline.anchor),
            "align": "end" if medial != left else "start",
            "info": explorer._panel_html(ident),
        }
    depths = {}
    layouts: dict[str, dict[str, float]] = {}
    for depth in LAYERS:
        shown, exposed = scene.shown(depth), scene.exposed(depth)
        depths[depth] = {"shown": shown, "exposed": [i for i in scene.ids if i in exposed]}
        base = scene.labelled(ExplorerState(depth=depth, side=side))
        for extra in [None, *(i for i in shown if i not in exposed)]:
            wanted = base | ({extra} if extra else set())
            placed = scene.layout(wanted)
            layouts[f"{depth}|{extra or ''}"] = {
                i: round(_point(transform, 0, y)[1], 1) for i, y in placed.items()
            }
    texts = {}
    for depth in LAYERS:
        for highlight in [None, *scene.ids]:
            for overlay, labels, zones in VIEW_SWITCHES:
                state = ExplorerState(
                    depth=depth,
                    side=side,
                    highlight=highlight,
                    labels=labels,
                    zones=zones,
                    overlay=overlay,
                )
                texts[(depth, highlight, overlay, labels, zones)] = explorer.describe_state(state)
    lines, table = lines_table(texts)
    # descriptions[depth][0 or 1 + the selection's place in ids][the switches' place]
    descriptions = [
        [
            [table[(depth, highlight, *switches)] for switches in VIEW_SWITCHES]
            for highlight in [None, *scene.ids]
        ]
        for depth in LAYERS
    ]
    return {
        "svg": svg,
        "data": {
            "side": side,
            "layers": list(LAYERS),
            "order": _focus_order(scene),
            "structures": structures,
            "depths": depths,
            "layouts": layouts,
            "lineHeight": round(LABEL_LINE_CM * ax, 3),
            "fontSize": LABEL_PT,
            "highlight": HIGHLIGHT,
            "leader": GREY[20],
            "noSelection": _no_selection(),
            "ids": list(scene.ids),
            "sites": sites,
            "overlays": [overlay for overlay, _, _ in VIEW_SWITCHES[::4]],
            "lines": lines,
            "descriptions": descriptions,
        },
    }


VIEW_SWITCHES: tuple[tuple[str, bool, bool], ...] = tuple(
    (overlay, labels, zones)
    for overlay in ("", "injection", "pressure")
    for labels in (False, True)
    for zones in (False, True)
)
"""The (overlay, labels, zones) switches of the explorer, in the order of a description's last
index: ``4 * overlay's place + 2 * labels + zones``."""


def _no_selection() -> str:
    from course.anatomy.explorer import NO_SELECTION

    return NO_SELECTION


def _focus_order(scene: Any) -> list[str]:
    """The order the keyboard walks the structures in: superficial layers first, then top to
    bottom and medial to lateral by each structure's anchor (a reading order)."""
    from course.records import LAYERS

    def key(ident: str) -> tuple[int, float, float]:
        x, y = scene.geometry.shapes[ident].outline.anchor
        return (LAYERS.index(scene.layers[ident]), -round(y, 0), x)

    return sorted(scene.ids, key=key)


def _explorer_controls(data: Mapping[str, Any]) -> str:
    from course import words

    buttons = "".join(
        f'<button type="button" data-depth="{layer}" aria-pressed="false" '
        f'title="{escape(words.LAYER[layer])}">{escape(words.LAYER_BUTTON[layer])}</button>'
        for layer in data["layers"]
    )
    overlays = "".join(
        f'<button type="button" data-overlay="{kind}" aria-pressed="false">'
        f"{escape(words.SITE_KIND[kind].capitalize() if kind else 'Off')}</button>"
        for kind in data["overlays"]
    )
    names = sorted(data["structures"].items(), key=lambda item: item[1]["name"].casefold())
    options = "".join(
        f'<option value="{escape(ident)}">{escape(record["name"])}</option>'
        for ident, record in names
    )
    return (
        f'<div role="group" aria-label="Peel to" data-role="depths"><b>Peel to</b> {buttons}</div>'
        '<div role="group" aria-label="Procedure sites" data-role="overlays"><b>Procedure '
        f"sites</b> {overlays}</div>"
        '<div><label><input type="checkbox" data-role="labels"> Labels</label> '
        '<label><input type="checkbox" data-role="zones"> Zones: upper / lower / lateral'
        "</label></div>"
        '<div><label>Structure <select data-role="picker">'
        f'<option value="">(none)</option>{options}</select></label> '
        '<button type="button" data-role="clear">Clear</button></div>'
    )


@renderer("anatomy")
def anatomy_html(spec: Mapping[str, Any], static_html: str) -> str:
    """The anatomy explorer in the book.

    DOM contract, inside ``[data-course-widget="anatomy"]``: the depth buttons
    ``button[data-depth="<layer>"]`` (``aria-pressed`` on the one shown), the checkboxes
    ``input[data-role="labels"]`` and ``input[data-role="zones"]``, the list
    ``select[data-role="picker"]`` and ``button[data-role="clear"]``; the figure
    ``[data-role="figure"] svg``, each structure ``g[data-structure="<id>"]`` (focusable,
    ``aria-pressed`` when selected, ``display: none`` when peeled away), the labels
    ``g[data-role="labels"]``; the description ``[data-role="description"]`` (an
    ``aria-live`` region, the same text as the widget's ``describe_state``) and the info panel
    ``[data-role="info"]``.
    """
    if spec.get("quiz"):
        # the quiz and the checks asked on the figure are not in the book's copy
        return static_html + f'<p class="{BOOK_NOTE_CLASS}">{escape(EXPLORER_STATIC_NOTE)}</p>'
    book = anatomy_book(str(spec.get("side", "right")))
    data = dict(book["data"])
    data["state"] = {
        "depth": spec.get("depth", data["layers"][0]),
        "highlight": spec.get("highlight") or "",
        "labels": bool(spec.get("labels", True)),
        "zones": bool(spec.get("zones", False)),
        "overlay": str(spec.get("overlay") or ""),
    }
    svg = compact_svg(book["svg"], next_prefix("anatomy"))
    return interactive_part(
        "anatomy", data, _explorer_controls(data), svg, static_html, EXPLORER_NOTE
    )


# --------------------------------------------------------------------------- nomogram

NOMOGRAM_NOTE = (
    "This copy of the nomogram moves its line as you change the pre-test probability and the "
    "test results, and says in words what it shows. Choosing another presentation, moving the "
    "thresholds and the full reasoning run in the notebook: open this lesson in JupyterLab "
    "(or Binder) to use them."
)
MAX_COMBINATIONS = 4096
"""The most result combinations the page carries; a presentation with more offers only the
pre-test probability in the book."""


def _hypothesis(presentation: str, thresholds: tuple[float, float]) -> Any:
    from course.hypothesis.widget import HypothesisExplorer

    return HypothesisExplorer(start=presentation, thresholds=thresholds, interactive=False)


@lru_cache(maxsize=8)
def nomogram_book(presentation: str, thresholds: tuple[float, float]) -> dict[str, Any]:
    """What the page's nomogram needs for one presentation and thresholds (percent), worked out
    once: the SVG (the line and markers with gids, the moving labels left for the script),
    the maps from the nomogram's and the bar's data to SVG points, the presentation's
    published figure, its findings and every combination of their results (the combined LR,
    the weakest evidence among them, or that they cannot be combined), and the words
    :func:`course.hypothesis.nomogram.describe` uses."""
    import math

    from course import words
    from course.hypothesis import nomogram as fagan
    from course.hypothesis.findings import NOT_DONE, assess, weakest
    from tools.assets import svg_text

    widget = _hypothesis(presentation, (thresholds[0] / 100, thresholds[1] / 100))
    drawn = widget.nomogram
    moving = (drawn.pre_label, drawn.lr_label, drawn.post_label, drawn.post_bar_label)
    spans = (*drawn.span_lines, *drawn.span_marks)
    shown = [artist.get_visible() for artist in spans]
    for label in moving:
        label.set_visible(False)  # the script writes them
    for artist in spans:
        artist.set_visible(True)  # in the SVG, for the script to move, show or hide
    axes = to_svg_points(drawn.figure, drawn.axes)
    bar = to_svg_points(drawn.figure, drawn.bar_axes)
    svg = svg_text(drawn.figure)
    for label in moving:
        label.set_visible(True)
    for artist, visible in zip(spans, shown, strict=True):
        artist.set_visible(visible)
    entry = widget.entry
    offered = widget.offered(presentation)
    findings = [{"id": f.id, "name": f.name, "keys": list(f.keys)} for f in offered.values()]
    combinations: dict[str, list[Any]] | None = None
    if math.prod(len(f.keys) for f in offered.values()) <= MAX_COMBINATIONS:
        combinations = {}
        for keys in itertools.product(*(f.keys for f in offered.values())):
            chosen = list(zip(offered.values(), keys, strict=True))
            try:
                found = assess(0.5, chosen)
            except ValueError:  # one examination counted twice: the widget draws LR 1
                combinations["|".join(keys)] = [1.0, "confirmed", True]
                continue
            level = weakest(o.evidence for _, o in found.chosen)
            combinations["|".join(keys)] = [found.combined_lr, level, False]
    return {
        "svg": svg,
        "data": {
            "presentation": entry.name,
            "typical": entry.typical,
            "span": list(entry.span) if entry.span else None,
            "entryEvidence": entry.evidence,
            "findings": findings,
            "notDone": NOT_DONE,
            "combinations": combinations,
            "axes": [round(v, 4) for v in axes],
            "bar": [round(v, 4) for v in bar],
            "x": [fagan.X_PRE, fagan.X_LR, fagan.X_POST],
            "evidenceOrder": ["confirmed", "secondary", "unverified"],
            "evidenceMarker": dict(words.EVIDENCE),
            "evidenceWord": {level: words.evidence_word(level) for level in words.EVIDENCE},
            "zones": [[key, long.replace("\n", " ")] for key, long, _ in fagan.ZONES],
            "caption": fagan.CAPTION,
            "highlight": _highlight(),
            "range": [0.1, 99.9],
        },
    }


def _highlight() -> str:
    from course.style import HIGHLIGHT

    return HIGHLIGHT


def _nomogram_controls(data: Mapping[str, Any], state: Mapping[str, Any]) -> str:
    low, high = data["range"]
    rows = [
        f"<div><b>Presentation:</b> {escape(data['presentation'])}</div>",
        '<div><label>Pre-test % <input type="range" data-role="pretest" '
        f'min="{low}" max="{high}" step="0.1" value="{state["pretest"]}"></label> '
        '<label>or type it <input type="number" data-role="pretest-typed" '
        f'min="{low}" max="{high}" step="0.1" value="{state["pretest"]}"></label></div>',
    ]
    if data["combinations"] is not None:
        for finding in data["findings"]:
            options = "".join(
                f'<option value="{escape(key)}">{escape(key)}</option>' for key in finding["keys"]
            )
            rows.append(
                f"<div><label>{escape(finding['name'])} "
                f'<select data-finding="{escape(finding["id"])}">{options}</select></label></div>'
            )
    return "".join(rows)


@renderer("hypothesis")
def hypothesis_html(spec: Mapping[str, Any], static_html: str) -> str:
    """The hypothesis widget's Fagan nomogram in the book.

    DOM contract, inside ``[data-course-widget="hypothesis"]``: the pre-test probability
    ``input[data-role="pretest"]`` (a range, percent, step 0.1) and
    ``input[data-role="pretest-typed"]``, one ``select[data-finding="<finding id>"]`` per
    offered finding (its options the result keys); the figure ``[data-role="figure"] svg``
    with the line ``g[data-gid="nomogram/line"]``, the markers ``nomogram/pre-marker`` and
    ``nomogram/post-marker`` and the figures ``text[data-role="pre"]``, ``"lr"``,
    ``"post"``; the description ``[data-role="description"]`` (the words of
    :func:`course.hypothesis.nomogram.describe` for the state shown).
    """
    low, high = (float(v) for v in spec.get("thresholds", (10.0, 70.0)))
    book = nomogram_book(str(spec["presentation"]), (low, high))
    data = dict(book["data"])
    state = {
        "pretest": float(spec["pretest"]),
        "thresholds": [low, high],
        "results": dict(spec.get("results", [])),
    }
    data["state"] = state
    svg = compact_svg(book["svg"], next_prefix("nomogram"))
    return interactive_part(
        "hypothesis", data, _nomogram_controls(data, state), svg, static_html, NOMOGRAM_NOTE
    )


# --------------------------------------------------------------------------- pain-map compare

COMPARE_NOTE = (
    "This copy of the comparison switches the two maps, says what each shows and contrasts "
    "them in the table. Zooming into the maps runs in the notebook: open this lesson in "
    "JupyterLab (or Binder) for it."
)


@lru_cache(maxsize=1)
def compare_book() -> dict[str, Any]:
    """What the page's compare view needs, worked out once: the SVG of one body chart whose
    shading, hatching and key outlines hold a path for every region copy the maps shade (the
    script restyles them), the hatch patterns of every source, and per source its look, the
    opacity of each region, its key areas, its printed percentages, its legend's words and
    its map in words (:func:`course.painmap.drawing.describe_map`)."""
    from matplotlib.colors import to_hex, to_rgba
    from matplotlib.patches import Rectangle

    from course import words
    from course.painmap.drawing import (
        DERMATOME_FOOTNOTE,
        DERMATOME_NOTE,
        HATCH_RGBA,
        SCALE_UNIT,
        SCALE_WEIGHTS,
        SCALE_WORDS,
        SIDE_NOTE,
        chart_figure,
        describe_map,
        fill_alpha,
        scale_note,
        source_choices,
        source_style,
    )
    from course.painmap.regions import VIEWS
    from course.painmap.sources import pain_sources
    from course.painmap.widgets import CONTRAST_ROWS, contrast_value
    from course.style import HATCHES
    from tools.assets import svg_text

    panel = chart_figure()
    chart = panel.chart
    mapped = {v: [s for s in chart.shapes if s.view == v and s.side != "left"] for v in VIEWS}
    transforms = {}
    for view in VIEWS:
        transforms[view] = to_svg_points(panel.figure, chart.axes[view])
        shapes = [s.points for s in mapped[view]]
        for role, collection in (("shade", chart.shade[view]), ("keys", chart.keys[view])):
            collection.set_verts(shapes)
            collection.set_gid(f"painmap/{role}/{view}")
        chart.shade[view].set_facecolor([(1.0, 1.0, 1.0, 0.0)] * len(shapes))
        hatch = type(chart.shade[view])(shapes, facecolors="none", edgecolors="none")
        hatch.set_hatch(HATCHES[1])
        hatch.set_hatchcolor(HATCH_RGBA)
        hatch.set_zorder(chart.hatch[view].get_zorder())
        hatch.set_gid(f"painmap/hatch/{view}")
        chart.axes[view].add_collection(hatch, autolim=False)
        chart.hatch[view].set_visible(False)
    samples = chart.axes[VIEWS[0]]
    for number, pattern in enumerate(HATCHES[1:]):  # every hatch's pattern in the SVG
        sample = Rectangle((0, 0), 1e-3, 1e-3, facecolor="none", edgecolor="none", hatch=pattern)
        sample.set_hatchcolor(HATCH_RGBA)
        sample.set_gid(f"painmap/hatch-sample/{number}")
        samples.add_patch(sample)
    for label in chart.labels.values():
        label.set_text("")
    panel.legend.ax.set_visible(False)
    panel.title.set_visible(False)
    panel.footer.set_visible(False)
    svg = svg_text(panel.figure)
    top = min(ax.get_position().y1 for ax in chart.axes.values())
    bottom = min(ax.get_position().y0 for ax in chart.axes.values())
    width, height = (float(v) * 72 for v in panel.figure.get_size_inches())
    sources = {}
    for source in pain_sources():
        chart.paint(source)
        colour, hatch_pattern = source_style(source)
        weights = {s.region: s.frequency for s in source.regions}
        labels = []
        for (view, _region, _side), label in chart.labels.items():
            if label.get_text():
                x, y = _point(transforms[view], *label.get_position())
                labels.append([x, y, label.get_text()])
        sources[source.id] = {
            "title": source.short,
            "colour": to_hex(colour),
            "hatch": HATCHES[1:].index(hatch_pattern),
            "alpha": {
                view: [round(fill_alpha(weights.get(s.region, 0.0)), 4) for s in mapped[view]]
                for view in VIEWS
            },
            "keys": {
                view: [
                    i
                    for i, s in enumerate(mapped[view])
                    if s.region in source.key_regions and weights.get(s.region, 0) > 0
                ]
                for view in VIEWS
            },
            "labels": labels,
            "legend": [
                f"{source.short} — {words.PAIN_SOURCE_KIND[source.kind]}",
                f"Evidence: {words.evidence_named(source.evidence)}",
                SCALE_UNIT[source.measure],
            ],
            "scale": [
                [word, to_hex(colour), round(to_rgba(colour, fill_alpha(w))[3], 4)]
                for word, w in zip(SCALE_WORDS[source.measure], SCALE_WEIGHTS, strict=True)
            ],
            "measure": source.measure,
            "dermatome": source.kind == "dermatome",
            "words": describe_map(source),
            "name": source.name,
            "contrast": [contrast_value(source, key) for _, key in CONTRAST_ROWS],
        }
    measures = sorted({s.measure for s in pain_sources()})
    notes = {f"{a}|{b}": scale_note((a, b)) for a in measures for b in measures}
    return {
        "svg": svg,
        "viewBox": [0.0, round((1 - top) * height, 1), width, round((top - bottom) * height, 1)],
        "data": {
            "choices": source_choices(),
            "sources": sources,
            "sideNote": SIDE_NOTE,
            "dermatomeFootnote": DERMATOME_FOOTNOTE,
            "dermatomeNote": DERMATOME_NOTE,
            "scaleNotes": notes,
            "noSecond": "Choose a second source to compare",
            "contrastRows": [title for title, _ in CONTRAST_ROWS],
        },
    }


def _cropped(svg: str, box: list[float]) -> str:
    """``svg`` (compact) showing only ``box`` (x, y, width, height in points)."""
    x, y, width, height = box
    head, rest = svg.split(">", 1)
    head = re.sub(r'\swidth="[^"]*"', f' width="{width:g}pt"', head)
    head = re.sub(r'\sheight="[^"]*"', f' height="{height:g}pt"', head)
    head = re.sub(r'\sviewBox="[^"]*"', f' viewBox="{x:g} {y:g} {width:g} {height:g}"', head)
    return f"{head}>{rest}"


def _compare_controls(data: Mapping[str, Any]) -> str:
    def options(extra: str) -> str:
        return extra + "".join(
            f'<option value="{escape(ident)}">{escape(label)}</option>'
            for label, ident in data["choices"]
        )

    none = '<option value="">(none)</option>'
    return (
        f'<div><label>Map A <select data-role="first">{options("")}</select></label> '
        f'<label>Map B <select data-role="second">{options(none)}</select></label></div>'
    )


def _compare_panel(letter: str, svg: str) -> str:
    return (
        f'<figure data-panel="{letter}"><figcaption data-role="title"></figcaption>{svg}'
        '<div data-role="legend"></div><p data-role="footer"></p></figure>'
    )


@renderer("painmap-compare")
def compare_html(spec: Mapping[str, Any], static_html: str) -> str:
    """The pain-map comparison in the book.

    DOM contract, inside ``[data-course-widget="painmap-compare"]``: the lists
    ``select[data-role="first"]`` and ``select[data-role="second"]`` (options: pain-source
    ids, ``""`` for no map B); the maps ``figure[data-panel="A"]`` and ``figure[data-panel="B"]``,
    each an ``svg`` whose region paths sit in ``g[data-gid="painmap/shade/<view>"]``,
    ``painmap/hatch/<view>`` and ``painmap/keys/<view>`` (``<view>`` posterior or anterior), its
    title, legend and footer; the contrast table ``[data-role="contrast"] table``; the
    description ``[data-role="description"]`` (the widget's ``describe_state`` for the pair).
    """
    book = compare_book()
    data = dict(book["data"])
    data["state"] = {"first": spec["first"], "second": spec.get("second") or ""}
    # one copy of the chart: the script gives map B its own copy (with its own ids)
    svg = _cropped(compact_svg(book["svg"], next_prefix("painmap")), book["viewBox"])
    panels = _compare_panel("A", svg) + _compare_panel("B", "")
    return interactive_part(
        "painmap-compare",
        data,
        _compare_controls(data),
        f'<div class="{BOOK_FIGURE_PANELS_CLASS}">{panels}</div><div data-role="contrast"></div>',
        static_html,
        COMPARE_NOTE,
    )
