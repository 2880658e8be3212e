"""The course's look, kept in one place: colours, hatches, box accents and CSS class names.

Every colour a figure, card or widget uses is named here, and every CSS class the course puts on
its HTML and widgets (the browser tests and the book's stylesheet find elements by them). Colour
never carries meaning alone: a category or state is also written in words, and map colours come
with a hatch.
"""

from __future__ import annotations

# --------------------------------------------------------------------------- palette

OKABE_ITO: dict[str, str] = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "black": "#000000",
}
"""The Okabe-Ito colour-blind-safe palette (Okabe & Ito 2008). Colour never carries meaning
alone: pair it with a hatch from HATCHES or a text label."""

PALETTE: tuple[str, ...] = tuple(OKABE_ITO.values())
HATCHES: tuple[str, ...] = ("", "//", "\\\\", "..", "xx", "||", "--", "oo")
"""Hatch patterns that accompany palette colours, in the same order."""

HIGHLIGHT = OKABE_ITO["vermillion"]
"""The colour of whatever the student has selected (always with a thick outline too)."""

BLACK = OKABE_ITO["black"]
WHITE = "#FFFFFF"

GREY: dict[int, str] = {
    10: "#1A1A1A",
    20: "#333333",
    25: "#404040",
    33: "#555555",
    48: "#7A7A7A",
    60: "#999999",
    63: "#A0A0A0",
    73: "#BBBBBB",
    80: "#CCCCCC",
    86: "#DCDCDC",
    88: "#E0E0E0",
}
"""Neutral greys by lightness in percent (0 black, 100 white): outlines, label ink, borders."""

# --------------------------------------------------------------------------- box accents

ACCENT: dict[str, str] = {
    # source categories (a condition's card); the category is also written out in words
    "joint": OKABE_ITO["blue"],
    "soft_tissue": OKABE_ITO["bluish_green"],
    "bone": OKABE_ITO["sky_blue"],
    "lumbar_referred": OKABE_ITO["orange"],
    "radicular": OKABE_ITO["vermillion"],
    "peripheral_nerve": OKABE_ITO["reddish_purple"],
    "non_msk": OKABE_ITO["black"],
    # record cards
    "test": OKABE_ITO["bluish_green"],
    "structure": OKABE_ITO["sky_blue"],
    "red_flag": OKABE_ITO["vermillion"],
    "term": GREY[60],
    "case": OKABE_ITO["sky_blue"],
    "question": OKABE_ITO["sky_blue"],
    # notes and answer states; each state is also written with a symbol and words
    "note": OKABE_ITO["orange"],
    "problem": OKABE_ITO["vermillion"],
    "right": OKABE_ITO["bluish_green"],
    "partial": OKABE_ITO["orange"],
    "wrong": OKABE_ITO["vermillion"],
    "info": OKABE_ITO["blue"],
    "shown": OKABE_ITO["reddish_purple"],
}
"""The left-edge colour of a box (see ``course.html.box``) for each kind of box."""

BOX_STYLE = (
    f"border:1px solid {GREY[60]};border-left:6px solid {{accent}};border-radius:4px;"
    "padding:0.5em 0.9em;margin:0.4em 0;max-width:56em"
)
"""The inline style of every boxed card, note and feedback message (``{accent}`` to fill)."""

ANSWER_SPACE_STYLE = f"border:1px dashed {GREY[60]};max-width:30em"
"""An empty answer box on a printed or static question."""

PANEL_BORDER = f"1px solid {GREY[80]}"
"""The border of a question's widget panel."""

MUTED_TEXT = GREY[33]
"""Secondary words next to a name (a finding's kind)."""

BAR_TRACK = GREY[88]
BAR_FILL = OKABE_ITO["blue"]
"""A small horizontal bar (a map overlap): the empty track and the filled part."""

# --------------------------------------------------------------------------- CSS classes

WIDGET_CLASS = "course-widget"
"""CSS class on the root of every course widget (the browser tests find widgets by it)."""
FIGURE_CLASS = "course-figure"
"""CSS class on the widget that shows the figure (ipympl canvas or PNG image)."""
FIGURE_TEXT_CLASS = "course-figure-text"
"""Prefix of the class an ipympl figure carries with its smallest text size in tenths of a
pixel (``course-figure-text-104`` is 10.4 px at the figure's own size); a PNG figure carries
the same figure in its metadata (``course.figures.SMALLEST_TEXT_KEY``)."""
SMALLEST_TEXT_KEY = "course-smallest-text-px"
"""The PNG text chunk that records the smallest text in a figure's picture, in image pixels (the
browser tests scale it by the displayed size to check that no figure text is below 10 px)."""
DESCRIPTION_CLASS = "course-description"
"""CSS class on the widget that shows the figure's text description."""
CONTROL_CLASS = "course-control"
"""CSS class on the controls a student changes (the browser tests change the first one)."""
ANSWER_CLASS = "course-answer"
"""CSS class on a question's answer control (not a course-control: it alone changes no text)."""
RADIO_GROUP_CLASS = "course-radio-group"
"""CSS class of the named group of radio buttons :class:`course.controls.RadioGroup` draws."""
STATIC_CLASS = "course-static"
"""CSS class on the static fallback of a widget (exported HTML, the book)."""
STATIC_DESCRIPTION_CLASS = "course-static-description"
"""CSS class on the text description inside a static fallback."""
QUESTION_CLASS = "course-selfcheck-question"
"""CSS class of one question's static block; ``data-question`` holds the question id."""
OPTION_CLASS = "course-selfcheck-option"
"""CSS class of one option of a static question."""
SELFCHECK_NOTE_CLASS = "course-selfcheck-note"
"""CSS class of the note under static questions that points to the interactive version."""
BOOK_NAV_CLASS = "course-book-nav"
"""CSS class of the book's navigation bar."""
BOOK_BINDER_CLASS = "course-book-binder"
"""CSS class of the book's 'open in Binder' link."""
BOOK_NOTE_CLASS = "course-book-widget-note"
"""CSS class of the note the book shows where a widget has no static picture."""
BOOK_WIDGET_CLASS = "course-book-widget"
"""An interactive widget in the offline book (``tools.bookweb.widget_html``)."""
BOOK_PROGRESS_CLASS = "course-book-progress"
"""The live part of the progress page in the book: buttons, message, chart, description."""
BOOK_PROGRESS_BUTTONS_CLASS = "course-book-progress-buttons"
"""The row of the progress page's Export, Import and Reset controls."""
BOOK_PROGRESS_MESSAGE_CLASS = "course-book-progress-message"
"""What the last export, import or reset did (or why it could not), under the buttons."""
BOOK_PROGRESS_CHART_CLASS = "course-book-progress-chart"
"""The progress page's bar chart in HTML: one row per quiz set."""
BOOK_PROGRESS_BAR_CLASS = "course-book-progress-bar"
"""One set's bar in the chart; its segments carry a segment class each."""
BOOK_PROGRESS_SEGMENT_CLASSES: dict[str, str] = {
    "done": "course-book-progress-done",
    "revealed": "course-book-progress-revealed",
    "started": "course-book-progress-started",
    "untouched": "course-book-progress-untouched",
}
"""The chart segment of each count of ``course.quiz.progress.SetSummary`` (the segments of
``course.quiz.summary.SEGMENTS``, with their colours and hatches)."""

# --------------------------------------------------------------------------- widget stylesheet

FOCUS_RING = OKABE_ITO["blue"]
"""The outline of the focused control inside a course widget (keyboard users see where they are)."""

WIDGET_CSS = f"""
.{WIDGET_CLASS} :is(button, input, select, textarea, summary, canvas, [tabindex]):focus-visible {{
  outline: 3px solid {FOCUS_RING} !important; outline-offset: 1px; }}
.{WIDGET_CLASS} .widget-hbox {{ flex-wrap: wrap; }}
.{WIDGET_CLASS} .widget-hbox > * {{ min-width: 0; }}
.{WIDGET_CLASS} .widget-label, .{WIDGET_CLASS} .widget-label-basic,
.{WIDGET_CLASS} .widget-label-basic span, .{WIDGET_CLASS} .widget-checkbox {{
  white-space: normal; overflow: visible; text-overflow: clip; overflow-wrap: anywhere;
  height: auto; line-height: 1.3; }}
.{WIDGET_CLASS} .widget-checkbox {{ min-height: var(--jp-widgets-inline-height, 28px);
  align-items: flex-start; }}
.{WIDGET_CLASS} .widget-checkbox input {{ margin-top: 0.25em; }}
.{WIDGET_CLASS} .widget-select {{ width: auto; max-width: 100%; }}
.{WIDGET_CLASS} .widget-select > select {{ width: max-content; max-width: 100%; }}
.{WIDGET_CLASS} img.{FIGURE_CLASS}, .{WIDGET_CLASS} .{FIGURE_CLASS} img {{
  max-width: 100%; height: auto; object-fit: contain; }}
.{RADIO_GROUP_CLASS} {{ display: flex; flex-direction: column; gap: 0.2em; margin: 0.2em 0;
  font-size: var(--jp-widgets-font-size, 13px); color: var(--jp-widgets-label-color, inherit); }}
.{RADIO_GROUP_CLASS} label {{ display: flex; align-items: flex-start; gap: 0.45em;
  white-space: normal; overflow-wrap: anywhere; line-height: 1.3; cursor: pointer; }}
.{RADIO_GROUP_CLASS} input {{ flex: none; margin: 0.15em 0 0 0.1em; }}
"""
"""The one stylesheet of the live widgets, sent inside each widget (``course.html.widget_css``):
a visible focus ring on every control; rows of controls and figures wrap where the output is
narrow and a figure shrinks to its row rather than overflowing; labels wrap instead of ending in
"…".

ipywidgets cuts a description or a checkbox's label to one line (``white-space: nowrap`` with
``text-overflow: ellipsis`` on ``.widget-label`` and ``.widget-label-basic``, a fixed height on
``.widget-checkbox``); these rules let them wrap onto more lines. A list (``select``) cannot wrap
its entries, so it is made as wide as its longest entry, up to the width of the output."""

# --------------------------------------------------------------------------- virtual patient

PATIENT_STAGES_CLASS = "course-patient-stages"
"""The virtual patient's stage selector (a radio group laid out as one row of stages)."""
PATIENT_MENU_CLASS = "course-patient-menu"
"""The stage's menu of items: a radio group that scrolls within a bounded height (a stage may
offer dozens of items), so that the Ask button stays near."""
PATIENT_COUNTERS_CLASS = "course-patient-counters"
"""The virtual patient's counters: questions asked, consultation minutes, investigation cost."""
PATIENT_FOUND_CLASS = "course-patient-found"
"""The list of what the student has asked and what the patient said or the test showed."""
PATIENT_ENGINE_CLASS = "course-patient-engine"
"""The engine's ranking (a teaching aid): its table and bar chart, hidden when the instructor
hides the engine."""
PATIENT_FEEDBACK_CLASS = "course-patient-feedback"
"""The feedback after the student commits: score, comparison with the expert, the replay."""

PATIENT_CSS = f"""
.{PATIENT_STAGES_CLASS} .{RADIO_GROUP_CLASS} {{ flex-direction: row; flex-wrap: wrap;
  gap: 0.3em 1.2em; }}
.{PATIENT_MENU_CLASS} .{RADIO_GROUP_CLASS} {{ max-height: 17em; overflow-y: auto;
  border: {PANEL_BORDER}; border-radius: 4px; padding: 0.3em 0.5em; }}
.{PATIENT_COUNTERS_CLASS} {{ border: {PANEL_BORDER}; border-radius: 4px; padding: 0.2em 0.7em;
  margin: 0.3em 0; font-variant-numeric: tabular-nums; }}
.{PATIENT_FOUND_CLASS} li, .{PATIENT_FEEDBACK_CLASS} li {{ margin: 0.15em 0; }}
.{PATIENT_ENGINE_CLASS} table, .{PATIENT_FEEDBACK_CLASS} table {{ border-collapse: collapse; }}
.{PATIENT_ENGINE_CLASS} :is(td, th), .{PATIENT_FEEDBACK_CLASS} :is(td, th) {{
  border-bottom: 1px solid {GREY[80]}; padding: 0.15em 0.5em; text-align: left;
  vertical-align: top; }}
"""
"""The virtual patient's own stylesheet, sent inside the widget with :data:`WIDGET_CSS`: the
stages as one row of radio buttons, the counters in a box, tables with row rules."""

# --------------------------------------------------------------------------- book stylesheets

_BOOK_INK = "#1F2328"
_BOOK_LINK = "#0057A0"
_BOOK_PANEL = "#F4F7FA"
_BOOK_RULE = "#D0D7DE"
_BOOK_NOTE_BACKGROUND = "#F4F9FD"

# The interactive book's parts (tools.bookweb), one block each: self-checks, progress, figures,
# and what accessibility adds across them.

BOOK_SELFCHECK_CLASS = "course-book-selfcheck"
"""One self-check question answered in a book page (``js/30_selfcheck.js`` builds it)."""
BOOK_CHOICES_CLASS = "course-book-choices"
"""The group of radio buttons or tick boxes of a question in the book."""
BOOK_RANKING_CLASS = "course-book-ranking"
"""The list of places (a drop-down each) of a ranking question in the book."""
BOOK_BUTTONS_CLASS = "course-book-buttons"
"""The row of Check / hint / Show-the-answer buttons and the attempt count."""
BOOK_HINTS_CLASS = "course-book-hints"
"""The hints shown so far."""
BOOK_FEEDBACK_CLASS = "course-book-feedback"
"""The live region that shows the outcome of a check, a note or the answer."""
BOOK_FEEDBACK_STATE_CLASS: dict[str, str] = {
    state: f"{BOOK_FEEDBACK_CLASS}-{state}"
    for state in ("right", "partial", "wrong", "info", "shown")
}
"""The feedback box of each answer state: its accent (``ACCENT``); the words carry a symbol too
(``course.words.FEEDBACK_MARK``), so the state never rests on colour alone."""

_FEEDBACK_STATES = "\n".join(
    f".{BOOK_FEEDBACK_CLASS} > .{name} {{ border-left-color: {ACCENT[state]}; }}"
    for state, name in BOOK_FEEDBACK_STATE_CLASS.items()
)

BOOK_SELFCHECK_CSS = f"""
.{BOOK_SELFCHECK_CLASS} {{ border: {PANEL_BORDER}; border-radius: 6px; padding: 0.5em 0.9em;
  margin: 0.6em 0; max-width: 52em; }}
.{BOOK_SELFCHECK_CLASS} fieldset {{ border: 0; margin: 0.3em 0; padding: 0; min-width: 0; }}
.{BOOK_SELFCHECK_CLASS} legend {{ padding: 0; font-style: italic; }}
.{BOOK_CHOICES_CLASS} label {{ display: flex; align-items: flex-start; gap: 0.45em;
  margin: 0.25em 0; line-height: 1.35; cursor: pointer; }}
.{BOOK_CHOICES_CLASS} input {{ flex: none; margin-top: 0.25em; }}
.{BOOK_RANKING_CLASS} label {{ display: flex; flex-wrap: wrap; align-items: baseline; gap: 0.5em;
  margin: 0.25em 0; }}
.{BOOK_RANKING_CLASS} label > span {{ min-width: 9em; }}
.{BOOK_SELFCHECK_CLASS} select, .{BOOK_SELFCHECK_CLASS} input[type="text"],
.{BOOK_SELFCHECK_CLASS} textarea {{ font: inherit; max-width: 100%; }}
.{BOOK_SELFCHECK_CLASS} textarea {{ width: 100%; box-sizing: border-box; }}
.{BOOK_BUTTONS_CLASS} {{ display: flex; flex-wrap: wrap; align-items: center; gap: 0.5em;
  margin: 0.5em 0; }}
.{BOOK_BUTTONS_CLASS} button {{ font: inherit; padding: 0.25em 0.8em; border-radius: 4px;
  border: 1px solid {GREY[48]}; background: {WHITE}; color: {_BOOK_INK}; cursor: pointer; }}
.{BOOK_BUTTONS_CLASS} button:first-child {{ background: {OKABE_ITO["blue"]}; color: {WHITE};
  border-color: {OKABE_ITO["blue"]}; }}
.{BOOK_BUTTONS_CLASS} button:disabled {{ opacity: 0.55; cursor: default; }}
.{BOOK_SELFCHECK_CLASS} :is(button, input, select, textarea, summary):focus-visible {{
  outline: 3px solid {FOCUS_RING}; outline-offset: 1px; }}
.{BOOK_FEEDBACK_CLASS} > div {{ border: 1px solid {GREY[60]}; border-left: 6px solid {GREY[60]};
  border-radius: 4px; padding: 0.5em 0.9em; margin: 0.4em 0; }}
{_FEEDBACK_STATES}
"""
"""Self-check questions answered in the book's pages."""


def _hatch(kind: str) -> str:
    """A CSS background that draws a hatch of ``course.quiz.summary.SEGMENTS`` ('//' or 'xx')
    in dark lines over the segment's colour."""
    line = f"{GREY[20]} 0 1.5px, transparent 1.5px 6px"
    up = f"repeating-linear-gradient(45deg, {line})"
    return up if kind == "//" else f"{up}, repeating-linear-gradient(-45deg, {line})"


BOOK_PROGRESS_CSS = f"""
.{BOOK_PROGRESS_BUTTONS_CLASS} {{ display: flex; flex-wrap: wrap; gap: 0.5em 1em;
  align-items: center; margin: 0.5em 0; }}
.{BOOK_PROGRESS_BUTTONS_CLASS} button {{ font: inherit; padding: 0.3em 0.9em; border-radius: 4px;
  border: 1px solid {GREY[33]}; background: {_BOOK_PANEL}; color: {_BOOK_INK}; cursor: pointer; }}
.{BOOK_PROGRESS_CLASS} :is(button, input, summary):focus-visible {{
  outline: 3px solid {FOCUS_RING}; outline-offset: 2px; }}
.{BOOK_PROGRESS_MESSAGE_CLASS}:not(:empty) {{ border-left: 4px solid {OKABE_ITO["blue"]};
  padding: 0.3em 0.7em; background: {_BOOK_NOTE_BACKGROUND}; }}
.{BOOK_PROGRESS_CHART_CLASS} {{ display: grid; grid-template-columns: minmax(8em, 22em) 1fr 4em;
  gap: 0.25em 0.6em; align-items: center; font-size: 0.9em; margin: 0.6em 0; }}
.{BOOK_PROGRESS_BAR_CLASS} {{ display: flex; height: 1.1em; border: 1px solid {GREY[20]}; }}
.{BOOK_PROGRESS_BAR_CLASS} > span {{ display: block; height: 100%; }}
.{BOOK_PROGRESS_CLASS} > ul {{ display: flex; flex-wrap: wrap; gap: 0.3em 1.4em; list-style: none;
  padding: 0; margin: 0.4em 0; font-size: 0.9em; }}
.{BOOK_PROGRESS_CLASS} > ul > li {{ list-style: none; margin: 0; }}
.{BOOK_PROGRESS_CLASS} > ul .{BOOK_PROGRESS_BAR_CLASS} {{ display: inline-flex; width: 1.8em;
  vertical-align: middle; margin-right: 0.4em; }}
.{BOOK_PROGRESS_CLASS} > ul .{BOOK_PROGRESS_BAR_CLASS} > span {{ width: 100%; }}
.{BOOK_PROGRESS_SEGMENT_CLASSES["done"]} {{ background: {OKABE_ITO["bluish_green"]}; }}
.{BOOK_PROGRESS_SEGMENT_CLASSES["revealed"]} {{ background: {_hatch("xx")},
  {OKABE_ITO["reddish_purple"]}; }}
.{BOOK_PROGRESS_SEGMENT_CLASSES["started"]} {{ background: {_hatch("//")}, {OKABE_ITO["orange"]}; }}
.{BOOK_PROGRESS_SEGMENT_CLASSES["untouched"]} {{ background: {WHITE}; }}
"""
"""The book's progress page and its export and import controls: the chart's segments have the
notebook chart's colours and hatches, and every count is also written beside its bar."""

BOOK_FIGURE_CLASS = "course-book-figure"
"""The interactive part of a figure widget in the book (``tools.bookweb.figures``)."""
BOOK_FIGURE_CONTROLS_CLASS = "course-book-figure-controls"
"""The controls above a book figure."""
BOOK_FIGURE_INFO_CLASS = "course-book-figure-info"
"""The panel under a book figure that says what the selection is (the explorer's card)."""
BOOK_FIGURE_DESCRIPTION_CLASS = "course-book-figure-description"
"""The box around a book figure's text description."""
BOOK_FIGURE_LIVE_CLASS = "course-book-figure-live"
"""A book figure's text description, an ``aria-live`` region the script rewrites."""
BOOK_FIGURE_PANELS_CLASS = "course-book-figure-panels"
"""The row of the compare view's two maps in the book (they wrap on a narrow page)."""
BOOK_FIGURE_SWATCH_CLASS = "course-book-figure-swatch"
"""A colour box of a book figure's legend (the compare view's shading scale)."""

BOOK_FIGURES_CSS = f"""
.{BOOK_FIGURE_CLASS} {{ margin: 0.6em 0; }}
.{BOOK_FIGURE_CONTROLS_CLASS} > div {{ display: flex; flex-wrap: wrap; gap: 0.3em 0.6em;
  align-items: center; margin: 0.25em 0; }}
.{BOOK_FIGURE_CONTROLS_CLASS} button {{ font: inherit; padding: 0.2em 0.7em; border-radius: 4px;
  border: 1px solid {GREY[33]}; background: {WHITE}; color: {_BOOK_INK}; cursor: pointer; }}
.{BOOK_FIGURE_CONTROLS_CLASS} button[aria-pressed="true"] {{ background: {OKABE_ITO["blue"]};
  color: {WHITE}; border-color: {OKABE_ITO["blue"]}; font-weight: bold; }}
.{BOOK_FIGURE_CONTROLS_CLASS} select {{ font: inherit; max-width: 100%; }}
.{BOOK_FIGURE_CLASS} svg {{ max-width: 100%; height: auto; display: block; }}
.{BOOK_FIGURE_CLASS} svg [data-structure] {{ cursor: pointer; }}
.{BOOK_FIGURE_CLASS} svg [data-structure]:focus {{ outline: none; }}
.{BOOK_FIGURE_CLASS} svg [data-structure]:focus-visible {{ outline: 3px solid {FOCUS_RING}; }}
.{BOOK_FIGURE_INFO_CLASS} {{ max-height: 12em; overflow: auto; border-left: 3px solid
  {_BOOK_RULE}; padding: 0 0.8em; margin: 0.4em 0; }}
.{BOOK_FIGURE_DESCRIPTION_CLASS} {{ background: {_BOOK_PANEL}; border: 1px solid {_BOOK_RULE};
  border-radius: 6px; padding: 0.4em 0.8em; }}
.{BOOK_FIGURE_LIVE_CLASS} p {{ margin: 0.2em 0; }}
.{BOOK_FIGURE_CLASS} :is(td, th) {{ text-align: left; vertical-align: top; }}
.{BOOK_FIGURE_PANELS_CLASS} {{ display: flex; flex-wrap: wrap; gap: 0.5em 1em; }}
.{BOOK_FIGURE_PANELS_CLASS} figure {{ margin: 0; flex: 1 1 18em; max-width: 26em; }}
.{BOOK_FIGURE_PANELS_CLASS} figcaption {{ font-weight: bold; }}
.{BOOK_FIGURE_PANELS_CLASS} p {{ font-size: 0.85em; margin: 0.2em 0; }}
.{BOOK_FIGURE_SWATCH_CLASS} {{ display: inline-block; width: 1.2em; height: 0.9em;
  border: 1px solid {GREY[33]}; vertical-align: middle; margin: 0 0.2em 0 0.5em; }}
"""
"""The anatomy explorer, the pain-map comparison and the nomogram, interactive in the book."""

BOOK_SKIP_CLASS = "course-book-skip"
"""CSS class of the book's skip link: the first thing Tab reaches on a lesson page, it jumps
past the navigation to the lesson; hidden until it has the keyboard focus."""
BOOK_CONTENT_ID = "course-book-content"
"""The ``id`` of the start of the lesson on a book page, where the skip link jumps to."""
SCREEN_READER_CLASS = "course-sr-only"
"""CSS class of text that screen readers read and the page does not show."""

CODE_BACKGROUND = "#F5F5F5"
"""The background of a code cell in the book (JupyterLab light theme's ``--md-grey-100``)."""

TEXT_CONTRAST = 4.5
"""The least contrast ratio of text on its background (WCAG 2 AA, normal-size text)."""

_THEME_CODE_COLOURS = {
    "atom": "#8888FF",
    "bracket": "#999977",
    "comment": "#408080",
    "error": "#FF0000",
    "hr": "#999999",
    "meta": "#AA22FF",
    "number": "#008800",
    "operator": "#AA22FF",
    "quote": "#009900",
}
# JupyterLab light theme's code colours (``--jp-mirror-editor-<name>-color``) that fall short
# of TEXT_CONTRAST on CODE_BACKGROUND.


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2's contrast ratio of two colours (``#RGB`` or ``#RRGGBB``), from 1 (the same
    luminance) to 21 (black on white); text needs :data:`TEXT_CONTRAST`, outlines 3."""

    def luminance(colour: str) -> float:
        channels = _rgb(colour)
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _rgb(colour: str) -> tuple[float, float, float]:
    digits = colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    if len(digits) != 6 or not colour.startswith("#"):
        raise ValueError(f"not a #RGB or #RRGGBB colour: {colour!r}")
    red, green, blue = (int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return red, green, blue


def readable_text(colour: str, background: str = CODE_BACKGROUND) -> str:
    """``colour`` as text can use it on ``background`` (light): itself when it has
    :data:`TEXT_CONTRAST` there, else the same hue and saturation darkened, in steps of 1 %
    of lightness, until it has (``#RRGGBB``)."""
    import colorsys

    hue, lightness, saturation = colorsys.rgb_to_hls(*_rgb(colour))
    found = colour
    while contrast_ratio(found, background) < TEXT_CONTRAST and lightness > 0:
        lightness = max(0.0, lightness - 0.01)
        rgb = colorsys.hls_to_rgb(hue, lightness, saturation)
        found = "#" + "".join(f"{round(c * 255):02X}" for c in rgb)
    return found


BOOK_CODE_COLOURS: dict[str, str] = {
    name: readable_text(colour) for name, colour in _THEME_CODE_COLOURS.items()
}
"""Code highlighting colours of the book's pages, by JupyterLab's theme variable
(``--jp-mirror-editor-<name>-color``), where the light theme's own falls short of
:data:`TEXT_CONTRAST` on the code cell's grey: each is the theme's hue, darkened
(:func:`readable_text`)."""

ACCENT_TEXT: dict[str, str] = {kind: readable_text(colour) for kind, colour in ACCENT.items()}
"""Each :data:`ACCENT` colour as words may use it (a verdict, a state): darkened where the
palette colour itself is too light for text on a white or light grey background."""

_CODE_VARIABLES = "\n".join(
    f"  --jp-mirror-editor-{name}-color: {colour};" for name, colour in BOOK_CODE_COLOURS.items()
)

BOOK_ACCESS_CSS = f"""body {{
{_CODE_VARIABLES} }}
:is(a, button, input, select, textarea, summary, [tabindex]):focus-visible {{
  outline: 3px solid {FOCUS_RING}; outline-offset: 2px; }}
a.{BOOK_SKIP_CLASS} {{ position: absolute; left: -10000px; top: auto; width: 1px; height: 1px;
  overflow: hidden; }}
a.{BOOK_SKIP_CLASS}:focus {{ position: fixed; left: 0.5em; top: 0.5em; width: auto; height: auto;
  z-index: 1000; padding: 0.5em 1em; background: #FFFFFF; color: {_BOOK_LINK};
  font-weight: bold; border: 2px solid {FOCUS_RING}; border-radius: 4px; }}
#{BOOK_CONTENT_ID}:focus {{ outline: none; }}
.{SCREEN_READER_CLASS} {{ position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px;
  overflow: hidden; clip: rect(0, 0, 0, 0); white-space: nowrap; border: 0; }}
"""
"""Focus rings, the skip link and screen-reader-only text across the book; the code
highlighting made readable (:data:`BOOK_CODE_COLOURS`)."""


BOOK_CSS = f"""
main {{ max-width: 62em; margin: 0 auto; }}
.jp-RenderedHTMLCommon img, .jp-OutputArea-output img {{ max-width: 100%; height: auto; }}
/* The course's tables hold words, not numbers: JupyterLab's right alignment reads badly. */
.jp-RenderedHTMLCommon td, .jp-RenderedHTMLCommon th {{ text-align: left; vertical-align: top; }}
nav.{BOOK_NAV_CLASS} {{ display: flex; flex-wrap: wrap; gap: 0.4em 1.6em; align-items: baseline;
  font: 14px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; padding: 0.6em 1em;
  margin: 0.5em 0; background: {_BOOK_PANEL}; border: 1px solid {_BOOK_RULE}; border-radius: 6px; }}
nav.{BOOK_NAV_CLASS} a {{ color: {_BOOK_LINK}; text-decoration: none; }}
nav.{BOOK_NAV_CLASS} a:hover, nav.{BOOK_NAV_CLASS} a:focus {{ text-decoration: underline; }}
nav.{BOOK_NAV_CLASS} .{BOOK_BINDER_CLASS} {{ margin-left: auto; }}
p.{BOOK_NOTE_CLASS} {{ border: 1px dashed {OKABE_ITO["blue"]}; border-radius: 4px;
  padding: 0.5em 0.8em; color: {GREY[20]}; background: {_BOOK_NOTE_BACKGROUND}; }}
{BOOK_SELFCHECK_CSS}
{BOOK_PROGRESS_CSS}
{BOOK_FIGURES_CSS}
{BOOK_ACCESS_CSS}
"""
"""Layout of the book's own parts (navigation, notes); the lesson content keeps its styles."""

BOOK_INDEX_CSS = f"""
body {{ font: 16px/1.55 system-ui, -apple-system, "Segoe UI", sans-serif; color: {_BOOK_INK};
  margin: 0; padding: 1em; }}
main {{ max-width: 62em; margin: 0 auto; }}
h1 {{ font-size: 1.9em; margin: 0.4em 0; }}
table {{ margin: 0.5em 0; }}
th, td {{ padding: 0.35em 0.6em; border-bottom: 1px solid {_BOOK_RULE}; }}
a {{ color: {_BOOK_LINK}; }}
code {{ background: {_BOOK_PANEL}; padding: 0.1em 0.3em; border-radius: 3px; }}
"""
"""The stylesheet of the book's front page."""
