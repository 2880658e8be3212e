"""The course's own front-end controls, where ipywidgets' do not keep the keyboard in place.

Two small ``anywidget`` widgets (their JavaScript is the ``_esm`` string each carries; the
``anywidget`` package ships the JupyterLab extension that runs it, offline):

* :class:`RadioGroup`: one choice among options, drawn as ``<input type=radio>`` buttons that
  share a ``name`` inside an element with ``role="radiogroup"`` and an accessible name.
  ipywidgets' ``RadioButtons`` draws its radios without a name, so Chromium treats every
  nameless radio on the page as one group and an arrow key walks on into the next question's
  answers (issue 17, finding 2a). With a named group the arrows stay inside one question, and
  Tab enters and leaves the group as one stop. The Python side reads and sets ``value`` (the
  chosen option's value, None for none) and ``index`` as ``RadioButtons`` does.
* :class:`KeyboardScope`: an invisible part of every course widget (``CourseWidget`` adds it)
  whose script makes Escape, pressed on any control inside a course widget, hand the focus to the
  notebook cell that holds the widget, and gives a control that rests while focused (a pressed
  Check after a right answer, Undo with nothing left to undo) a successor: the nearest open
  control before it in the widget, where the browser would drop the focus to the page body.
  JupyterLab's own shortcut for Escape (``tools.labsettings.LEAVE_WIDGET``) never sees one
  pressed in a text or number box or on a figure's canvas: ipywidgets' boxes and ipympl's canvas
  stop every key event before it reaches JupyterLab. It also gives each figure the widget
  shows as a picture its alternative text (:data:`FIGURE_ALT`).

Both degrade to nothing where no widget front end runs (the static book, exported pages): the
course widgets show their static pages there.
"""

from __future__ import annotations

import json
from typing import Any

import anywidget
import traitlets

from .style import FIGURE_CLASS, RADIO_GROUP_CLASS, WIDGET_CLASS

_PAGE_LISTENERS = """
// Two listeners for the whole page, however many course widgets load this module.
//
// Escape: in the capture phase, before the focused control's own handlers (ipywidgets' text
// boxes and ipympl's canvas stop every key event they get) and before JupyterLab's shortcuts.
function leaveOnEscape(event) {
  if (event.key !== "Escape" || event.defaultPrevented) return;
  const target = event.target;
  if (!(target instanceof Element)) return;
  const root = target.closest(".$WIDGET");
  const cell = root && root.closest(".jp-Cell");
  if (!cell) return;
  event.preventDefault();
  event.stopPropagation();
  if (target instanceof HTMLElement) target.blur();
  // a cell that gets the focus puts its notebook in command mode with that cell active
  cell.focus();
}

// A focused control that rests (a pressed Check after a right answer, Undo with nothing left
// to undo) loses the focus to the page body, and the next Tab starts at the top of the page:
// the focus goes instead to the nearest open control before it in the same widget (the
// chosen radio of a group), else the first open one.
const FOCUSABLE = "button, input, select, textarea, summary, [tabindex]:not([tabindex='-1'])";
function keepPlace(event) {
  const lost = event.target;
  if (event.relatedTarget || !(lost instanceof HTMLElement) || !lost.disabled) return;
  const root = lost.closest(".$WIDGET");
  if (!root || !root.closest(".jp-Cell")) return;
  setTimeout(() => {
    const now = document.activeElement;
    if (now && now !== document.body) return; // the focus went somewhere on purpose
    const open = [...root.querySelectorAll(FOCUSABLE)].filter(
      (el) => !el.disabled && el.getClientRects().length > 0,
    );
    const before = open.filter(
      (el) => el.compareDocumentPosition(lost) & Node.DOCUMENT_POSITION_FOLLOWING,
    );
    let next = before.length ? before[before.length - 1] : open[0];
    if (next && next.type === "radio" && next.name) {
      const group = `input[type=radio][name="${CSS.escape(next.name)}"]:checked`;
      next = root.querySelector(group) || next;
    }
    if (next) next.focus();
  }, 0);
}

if (!globalThis.__courseKeyboard) {
  globalThis.__courseKeyboard = true;
  document.addEventListener("keydown", leaveOnEscape, true);
  document.addEventListener("focusout", keepPlace, true);
}
""".replace("$WIDGET", WIDGET_CLASS)

FIGURE_ALT = "The figure; the description beside it says in words what it shows."
"""The alternative text :class:`KeyboardScope` gives a course figure shown as a picture
(ipywidgets' ``Image`` draws an ``<img>`` with none, and takes no ``alt``): every course widget
writes out in words what its figure shows, so the picture's name points there."""

_SCOPE_ESM = (
    _PAGE_LISTENERS
    + """
// A figure shown as a picture gets its alternative text, now and whenever it is drawn anew.
function nameFigures(root) {
  for (const img of root.querySelectorAll("img.$FIGURE:not([alt])")) img.alt = $ALT;
}

function render({ el }) {
  el.style.display = "none";
  let watch = null;
  let frames = 0;
  // the view is put in the page after render returns: look for its widget from the next frames
  const attach = () => {
    const root = el.closest(".$WIDGET");
    if (!root) {
      if (frames++ < 600) requestAnimationFrame(attach);
      return;
    }
    nameFigures(root);
    watch = new MutationObserver(() => nameFigures(root));
    watch.observe(root, { childList: true, subtree: true });
  };
  attach();
  return () => watch && watch.disconnect();
}
export default { render };
""".replace("$FIGURE", FIGURE_CLASS)
    .replace("$WIDGET", WIDGET_CLASS)
    .replace("$ALT", json.dumps(FIGURE_ALT))
)

_RADIO_ESM = (
    _PAGE_LISTENERS
    + """
let groups = 0;

function render({ model, el }) {
  // one name per view: two views of one model are two groups, each keeping its own arrows
  groups += 1;
  const name = `$GROUP-${groups}-${Math.random().toString(36).slice(2, 8)}`;
  const group = document.createElement("div");
  group.className = "$GROUP";
  group.setAttribute("role", "radiogroup");
  el.appendChild(group);
  let inputs = [];

  function draw() {
    group.replaceChildren();
    inputs = model.get("labels").map((text, index) => {
      const label = document.createElement("label");
      const input = document.createElement("input");
      input.type = "radio";
      input.name = name;
      input.value = String(index);
      input.addEventListener("change", () => {
        if (!input.checked) return;
        model.set("index", index);
        model.save_changes();
      });
      const span = document.createElement("span");
      span.textContent = text;
      label.append(input, span);
      group.appendChild(label);
      return input;
    });
    update();
  }

  function update() {
    const chosen = model.get("index");
    const disabled = model.get("disabled");
    inputs.forEach((input, index) => {
      input.checked = index === chosen;
      input.disabled = disabled;
    });
    group.setAttribute("aria-label", model.get("label"));
    group.setAttribute("aria-disabled", disabled ? "true" : "false");
  }

  function focus() {
    const target = inputs.find((i) => i.checked) || inputs[0];
    if (target) target.focus();
  }

  model.on("change:labels", draw);
  model.on("change:index", update);
  model.on("change:disabled", update);
  model.on("change:label", update);
  model.on("msg:custom", (content) => {
    if (content && content.do === "focus") focus();
  });
  draw();
  return () => {
    model.off("change:labels", draw);
    model.off("change:index", update);
    model.off("change:disabled", update);
    model.off("change:label", update);
  };
}
export default { render };
""".replace("$GROUP", RADIO_GROUP_CLASS)
)


class KeyboardScope(anywidget.AnyWidget):
    """Invisible; its script makes Escape on a control inside a course widget focus the widget's
    notebook cell, and keeps the focus in a widget whose focused control rests (see the module
    docstring). Every course widget carries one."""

    _esm = traitlets.Unicode(_SCOPE_ESM).tag(sync=True)


class RadioGroup(anywidget.AnyWidget):
    """One choice among ``options``: a named group of radio buttons (see the module docstring).

    ``options`` is a sequence of ``(label, value)`` pairs (or plain labels, each its own value),
    as ``ipywidgets.RadioButtons`` takes them; ``value`` is the chosen option's value and
    ``index`` its position, both None while nothing is chosen, each kept in step with the other;
    ``label`` is the group's accessible name (what a screen reader says for the group).
    """

    _esm = traitlets.Unicode(_RADIO_ESM).tag(sync=True)
    labels = traitlets.List(traitlets.Unicode()).tag(sync=True)
    """The options' labels, in order (what the front end draws)."""
    index = traitlets.Int(None, allow_none=True).tag(sync=True)
    """Position of the chosen option in ``options``, or None."""
    label = traitlets.Unicode("").tag(sync=True)
    """The group's accessible name (``aria-label``)."""
    disabled = traitlets.Bool(False).tag(sync=True)
    """True greys the radios out and ignores clicks."""
    options = traitlets.Any(())
    """``(label, value)`` pairs, as given (kernel side only; the front end gets ``labels``)."""
    value = traitlets.Any(None, allow_none=True)
    """The chosen option's value, or None (kernel side only; the front end sends ``index``)."""

    def __init__(self, options: Any = (), value: Any = None, **kwargs: Any) -> None:
        """``options`` as ``(label, value)`` pairs or labels; ``value`` one of their values or
        None; other keywords go to the widget (``label``, ``layout``, ``disabled``)."""
        super().__init__(**kwargs)
        self.options = options
        self.value = value

    @staticmethod
    def _pairs(options: Any) -> tuple[tuple[str, Any], ...]:
        pairs = []
        for position, option in enumerate(options):
            if isinstance(option, str):
                pairs.append((option, option))
            elif isinstance(option, tuple | list) and len(option) == 2:
                pairs.append((str(option[0]), option[1]))
            else:
                raise traitlets.TraitError(
                    f"RadioGroup option {position} must be a label or a (label, value) pair, "
                    f"got {option!r}"
                )
        return tuple(pairs)

    @traitlets.validate("options")
    def _valid_options(self, proposal: dict[str, Any]) -> tuple[tuple[str, Any], ...]:
        return self._pairs(proposal["value"])

    @traitlets.validate("value")
    def _valid_value(self, proposal: dict[str, Any]) -> Any:
        value = proposal["value"]
        if value is not None and value not in self.values:
            raise traitlets.TraitError(
                f"RadioGroup value {value!r} is not one of its options' values {self.values!r}"
            )
        return value

    @traitlets.validate("index")
    def _valid_index(self, proposal: dict[str, Any]) -> int | None:
        index = proposal["value"]
        if index is not None and not 0 <= index < len(self.options):
            raise traitlets.TraitError(
                f"RadioGroup index {index} is outside its {len(self.options)} options"
            )
        return index

    @property
    def values(self) -> tuple[Any, ...]:
        """The options' values, in order."""
        return tuple(value for _label, value in self.options)

    @traitlets.observe("options")
    def _new_options(self, change: dict[str, Any]) -> None:
        self.labels = [label for label, _value in change["new"]]
        values = self.values
        if self.value is not None and self.value not in values:
            self.value = None
        self.index = None if self.value is None else values.index(self.value)

    @traitlets.observe("value")
    def _value_to_index(self, change: dict[str, Any]) -> None:
        new = change["new"]
        self.index = None if new is None else self.values.index(new)

    @traitlets.observe("index")
    def _index_to_value(self, change: dict[str, Any]) -> None:
        new = change["new"]
        self.value = None if new is None else self.options[new][1]
