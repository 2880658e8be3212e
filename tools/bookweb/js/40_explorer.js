/* The anatomy explorer in the book: restyles the inline SVG the course's drawing code exported
   (tools/bookweb/figures.py), as the widget's render restyles its matplotlib artists.
   State: depth, highlight (a structure id or ""), labels, zones. Every word shown comes from
   the spec, worked out in Python by the widget's own describe_state. */
(function () {
  "use strict";
  var svgElement = CourseBook.svgElement;

  function paragraphs(target, lines) {
    target.textContent = "";
    for (var i = 0; i < lines.length; i++) {
      var p = document.createElement("p");
      p.textContent = lines[i];
      target.appendChild(p);
    }
  }

  CourseBook.register("anatomy", function (element, spec) {
    var part = element.querySelector('[data-role="interactive"]');
    var still = element.querySelector('[data-role="static"]');
    var svg = part.querySelector('[data-role="figure"] svg');
    var description = part.querySelector('[data-role="description"]');
    var info = part.querySelector('[data-role="info"]');
    var picker = part.querySelector('select[data-role="picker"]');
    var labelsBox = part.querySelector('input[data-role="labels"]');
    var zonesBox = part.querySelector('input[data-role="zones"]');
    var depthButtons = part.querySelectorAll("button[data-depth]");
    var state = {
      depth: spec.state.depth,
      highlight: spec.state.highlight || "",
      labels: !!spec.state.labels,
      zones: !!spec.state.zones,
      overlay: spec.state.overlay || ""
    };
    var overlayButtons = part.querySelectorAll("button[data-overlay]");
    var groups = {};
    var looks = {};
    var ids = Object.keys(spec.structures);
    var patterns = {};

    // the structures: named, focusable one at a time (a roving tab stop), their look kept
    // only the structures take clicks (the skin line, the labels and the key let them through)
    svg.style.pointerEvents = "none";
    svg.removeAttribute("aria-hidden");
    svg.setAttribute("role", "group");
    svg.setAttribute(
      "aria-label",
      "Structures of the figure: arrow keys move between them, Enter or Space selects"
    );
    for (var i = 0; i < ids.length; i++) {
      var group = svg.querySelector('[data-gid="anatomy/' + ids[i] + '"]');
      if (!group) {
        continue;
      }
      group.setAttribute("data-structure", ids[i]);
      group.setAttribute("tabindex", "-1");
      group.setAttribute("role", "button");
      group.setAttribute("aria-label", spec.structures[ids[i]].name);
      group.setAttribute("aria-pressed", "false");
      group.style.pointerEvents = "visiblePainted";
      var paths = group.querySelectorAll("path");
      var kept = [];
      for (var k = 0; k < paths.length; k++) {
        kept.push(paths[k].getAttribute("style") || "");
      }
      groups[ids[i]] = group;
      looks[ids[i]] = { paths: paths, styles: kept };
      if (spec.structures[ids[i]].line && paths.length) {
        // as the notebook's hit test: a click within the line's reach picks it
        var reach = paths[paths.length - 1].cloneNode(false);
        reach.setAttribute("style", "fill: none; stroke: #000000; stroke-opacity: 0");
        reach.setAttribute("stroke-width", String(2 * spec.structures[ids[i]].reach));
        reach.style.strokeWidth = String(2 * spec.structures[ids[i]].reach);
        reach.style.pointerEvents = "stroke";
        group.insertBefore(reach, group.firstChild);
      }
    }
    var zoneParts = svg.querySelectorAll('[data-gid^="anatomy-zone"]');
    var outline = svgElement("path", {
      fill: "none",
      stroke: "#000000",
      "stroke-width": "2",
      "stroke-dasharray": "8,4",
      "data-role": "outline"
    });
    var labelLayer = svgElement("g", { "data-role": "labels" });
    var siteNames = svgElement("g", { "data-role": "site-names" });
    svg.appendChild(siteNames);
    svg.appendChild(outline);
    svg.appendChild(labelLayer);
    // the procedure sites: their outlines and keys are in the SVG, their names written here
    var sitePatches = {};
    var siteIds = Object.keys(spec.sites);
    for (var t = 0; t < siteIds.length; t++) {
      var site = spec.sites[siteIds[t]];
      sitePatches[siteIds[t]] = svg.querySelector('[data-gid="anatomy-site/' + siteIds[t] + '"]');
      var name = svgElement("text", {
        x: site.at[0],
        y: site.at[1],
        "font-size": "9",
        "font-weight": "bold",
        "font-family": "DejaVu Sans, Bitstream Vera Sans, Arial, sans-serif",
        "text-anchor": site.align,
        fill: site.colour,
        stroke: "#FFFFFF",
        "stroke-width": "2.5",
        "paint-order": "stroke",
        "data-kind": site.kind
      });
      for (var line = 0; line < site.name.length; line++) {
        var piece = svgElement("tspan", {
          x: site.at[0], dy: (line === 0 ? 0.35 - (site.name.length - 1) / 2 : 1) * 10.5
        });
        piece.textContent = site.name[line];
        name.appendChild(piece);
      }
      siteNames.appendChild(name);
    }
    var siteKeys = svg.querySelectorAll('[data-gid^="anatomy-site-key/"]');

    function highlightFill(fill) {
      // a hatched structure keeps its hatch over the highlight colour: a copy of its pattern
      var match = /^url\(["']?#([^"')]+)["']?\)$/.exec(fill || "");
      if (!match) {
        return spec.highlight;
      }
      if (!patterns[match[1]]) {
        var pattern = svg.getElementById ? svg.getElementById(match[1]) : null;
        pattern = pattern || document.getElementById(match[1]);
        if (!pattern) {
          return spec.highlight;
        }
        var copy = pattern.cloneNode(true);
        copy.setAttribute("id", match[1] + "-selected");
        var background = copy.querySelector("rect");
        if (background) {
          background.setAttribute("fill", spec.highlight);
        }
        pattern.parentNode.appendChild(copy);
        patterns[match[1]] = "url(#" + match[1] + "-selected)";
      }
      return patterns[match[1]];
    }

    function restyle(ident, selected) {
      var look = looks[ident];
      var record = spec.structures[ident];
      for (var p = 0; p < look.paths.length; p++) {
        look.paths[p].setAttribute("style", look.styles[p]);
      }
      groups[ident].setAttribute("aria-pressed", selected ? "true" : "false");
      if (!selected) {
        return;
      }
      if (record.line) {
        // the casing under the line, then the line: the highlight colour, 2 pt wider
        var width = record.width + 2;
        var last = look.paths.length - 1;
        for (var q = 0; q < last; q++) {
          look.paths[q].style.strokeWidth = String(width + 1.6);
        }
        look.paths[last].style.stroke = spec.highlight;
        look.paths[last].style.strokeWidth = String(width);
      } else {
        var first = look.paths[0];
        first.style.fill = highlightFill(first.style.fill);
        first.style.opacity = "1";
        first.style.strokeWidth = "3";
      }
    }

    function shownSet() {
      var set = {};
      var shown = spec.depths[state.depth].shown;
      for (var s = 0; s < shown.length; s++) {
        set[shown[s]] = true;
      }
      return set;
    }

    function drawLabels(shown) {
      labelLayer.textContent = "";
      if (!state.labels) {
        return;
      }
      var extra = state.highlight && shown[state.highlight] ? state.highlight : "";
      var layout = spec.layouts[state.depth + "|" + extra] || spec.layouts[state.depth + "|"];
      for (var ident in layout) {
        if (!Object.prototype.hasOwnProperty.call(layout, ident)) {
          continue;
        }
        var record = spec.structures[ident];
        var y = layout[ident];
        labelLayer.appendChild(
          svgElement("line", {
            x1: record.labelX, y1: y, x2: record.anchor[0], y2: record.anchor[1],
            stroke: spec.leader, "stroke-width": "0.6"
          })
        );
        labelLayer.appendChild(
          svgElement("circle", {
            cx: record.anchor[0], cy: record.anchor[1], r: "1.25", fill: spec.leader
          })
        );
        var text = svgElement("text", {
          x: record.labelX,
          y: y,
          "font-size": spec.fontSize,
          "font-family": "DejaVu Sans, Bitstream Vera Sans, Arial, sans-serif",
          "text-anchor": record.align,
          "font-weight": ident === state.highlight ? "bold" : "normal",
          fill: "#000000"
        });
        var lines = record.label;
        for (var n = 0; n < lines.length; n++) {
          var span = svgElement("tspan", {
            x: record.labelX,
            dy: n === 0 ? (0.35 - (lines.length - 1) / 2) * spec.lineHeight : spec.lineHeight
          });
          span.textContent = lines[n];
          text.appendChild(span);
        }
        labelLayer.appendChild(text);
      }
    }

    var selectedBefore = null;

    function render() {
      var shown = shownSet();
      var exposed = {};
      var list = spec.depths[state.depth].exposed;
      for (var e = 0; e < list.length; e++) {
        exposed[list[e]] = true;
      }
      for (var g = 0; g < ids.length; g++) {
        if (groups[ids[g]]) {
          groups[ids[g]].style.display = shown[ids[g]] ? "" : "none";
        }
      }
      if (selectedBefore && selectedBefore !== state.highlight) {
        restyle(selectedBefore, false);
      }
      if (state.highlight) {
        restyle(state.highlight, !!shown[state.highlight]);
      }
      selectedBefore = state.highlight || null;
      // a dashed outline where the selection is peeled away or lies under others
      var dashed = state.highlight && (!shown[state.highlight] || !exposed[state.highlight]);
      if (dashed) {
        var shape = looks[state.highlight].paths[0];
        outline.setAttribute("d", shape.getAttribute("d"));
        var clip = shape.getAttribute("clip-path");
        if (clip) {
          outline.setAttribute("clip-path", clip);
        }
      }
      outline.style.display = dashed ? "" : "none";
      for (var z = 0; z < zoneParts.length; z++) {
        zoneParts[z].style.display = state.zones ? "" : "none";
      }
      for (var s = 0; s < siteIds.length; s++) {
        var on = spec.sites[siteIds[s]].kind === state.overlay;
        if (sitePatches[siteIds[s]]) {
          sitePatches[siteIds[s]].style.display = on ? "" : "none";
        }
        siteNames.childNodes[s].style.display = on ? "" : "none";
      }
      for (var k = 0; k < siteKeys.length; k++) {
        var kind = siteKeys[k].getAttribute("data-gid").split("/").pop();
        siteKeys[k].style.display = kind === state.overlay ? "" : "none";
      }
      for (var o = 0; o < overlayButtons.length; o++) {
        var chosen = overlayButtons[o].getAttribute("data-overlay") === state.overlay;
        overlayButtons[o].setAttribute("aria-pressed", chosen ? "true" : "false");
      }
      drawLabels(shown);
      for (var b = 0; b < depthButtons.length; b++) {
        var pressed = depthButtons[b].getAttribute("data-depth") === state.depth;
        depthButtons[b].setAttribute("aria-pressed", pressed ? "true" : "false");
      }
      labelsBox.checked = state.labels;
      zonesBox.checked = state.zones;
      picker.value = state.highlight;
      var key = [
        state.depth, state.highlight, state.labels ? 1 : 0, state.zones ? 1 : 0, state.overlay
      ];
      var numbers = spec.descriptions[spec.layers.indexOf(state.depth)][
        state.highlight ? spec.ids.indexOf(state.highlight) + 1 : 0
      ][4 * spec.overlays.indexOf(state.overlay) + (state.labels ? 2 : 0) + (state.zones ? 1 : 0)];
      var words = [];
      for (var w = 0; w < numbers.length; w++) {
        words.push(spec.lines[numbers[w]]);
      }
      paragraphs(description, words);
      info.innerHTML = state.highlight ? spec.structures[state.highlight].info : spec.noSelection;
      element.setAttribute("data-state", key.join("|"));
      rove(null);
    }

    function send(changes) {
      var changed = false;
      for (var key in changes) {
        if (Object.prototype.hasOwnProperty.call(changes, key) && state[key] !== changes[key]) {
          state[key] = changes[key];
          changed = true;
        }
      }
      if (changed) {
        render();
      }
    }

    // ---------------------------------------------------------------- the keyboard's walk
    function walkable() {
      var shown = shownSet();
      var order = [];
      for (var o = 0; o < spec.order.length; o++) {
        if (shown[spec.order[o]] && groups[spec.order[o]]) {
          order.push(spec.order[o]);
        }
      }
      return order;
    }

    var current = "";

    function rove(target) {
      var order = walkable();
      if (target === null) {
        target = order.indexOf(current) >= 0 ? current : "";
        if (!target) {
          target = order.indexOf(state.highlight) >= 0 ? state.highlight : order[0] || "";
        }
      }
      current = target;
      for (var r = 0; r < ids.length; r++) {
        if (groups[ids[r]]) {
          groups[ids[r]].setAttribute("tabindex", ids[r] === current ? "0" : "-1");
        }
      }
    }

    svg.addEventListener("keydown", function (event) {
      var hit = event.target.closest ? event.target.closest("[data-structure]") : null;
      if (!hit) {
        return;
      }
      var order = walkable();
      var at = order.indexOf(hit.getAttribute("data-structure"));
      var next = null;
      if (event.key === "ArrowDown" || event.key === "ArrowRight") {
        next = order[(at + 1) % order.length];
      } else if (event.key === "ArrowUp" || event.key === "ArrowLeft") {
        next = order[(at - 1 + order.length) % order.length];
      } else if (event.key === "Home") {
        next = order[0];
      } else if (event.key === "End") {
        next = order[order.length - 1];
      } else if (event.key === "Enter" || event.key === " " || event.key === "Spacebar") {
        event.preventDefault();
        current = hit.getAttribute("data-structure");
        send({ highlight: current });
        return;
      } else {
        return;
      }
      event.preventDefault();
      rove(next);
      groups[next].focus();
    });

    svg.parentNode.addEventListener("click", function (event) {
      var hit = event.target.closest ? event.target.closest("[data-structure]") : null;
      // as in the notebook: a click on no structure of the course clears the selection
      var ident = hit ? hit.getAttribute("data-structure") : "";
      if (ident) {
        current = ident;
      }
      send({ highlight: ident });
    });

    // ---------------------------------------------------------------- the controls
    for (var d = 0; d < depthButtons.length; d++) {
      depthButtons[d].addEventListener("click", function () {
        send({ depth: this.getAttribute("data-depth") });
      });
    }
    for (var v = 0; v < overlayButtons.length; v++) {
      overlayButtons[v].addEventListener("click", function () {
        send({ overlay: this.getAttribute("data-overlay") });
      });
    }
    labelsBox.addEventListener("change", function () {
      send({ labels: labelsBox.checked });
    });
    zonesBox.addEventListener("change", function () {
      send({ zones: zonesBox.checked });
    });
    picker.addEventListener("change", function () {
      send({ highlight: picker.value });
    });
    part.querySelector('button[data-role="clear"]').addEventListener("click", function () {
      send({ highlight: "" });
    });

    render();
    part.hidden = false;
    still.hidden = true;
  });
})();
