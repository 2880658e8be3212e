/* The pain-map comparison in the book: two body charts (inline SVG from the course's drawing
   code, every region copy a path) restyled to the sources chosen, as the widget's render
   repaints its charts; the words are the widget's (describe_map per source, worked out in
   Python, joined as describe_state joins them). */
(function () {
  "use strict";
  var svgElement = CourseBook.svgElement;
  var SWATCH = "course-book-figure-swatch";
  var VIEWS = ["posterior", "anterior"];

  // CompareWidget.describe_state, from each source's describe_map
  function describePair(spec, first, second) {
    var a = spec.sources[first];
    var b = second ? spec.sources[second] : null;
    var parts = ["Map A: " + a.words, b ? "Map B: " + b.words : "Map B: none."];
    if (a.dermatome || (b && b.dermatome)) {
      parts.push(spec.dermatomeNote);
    }
    return parts.join(" ");
  }

  // the note under both maps when their shading measures differ (scale_note), A's first
  function mixedNote(spec, first, second) {
    var a = spec.sources[first];
    var b = second ? spec.sources[second] : null;
    return b ? spec.scaleNotes[a.measure + "|" + b.measure] : "";
  }

  // the footer the widget prints under a map (the side note, the mixed note, dermatomes)
  function footer(spec, source, mixed) {
    if (!source) {
      return "";
    }
    var notes = [spec.sideNote, mixed];
    if (source.dermatome) {
      notes.push(spec.dermatomeFootnote);
    }
    return notes.filter(function (note) { return note; }).join(" ");
  }

  // the contrast table of the sources shown (the widget's contrast_table, cell for cell)
  function contrast(spec, target, idents) {
    var table = document.createElement("table");
    var head = table.insertRow();
    var corner = document.createElement("th");
    head.appendChild(corner);
    for (var i = 0; i < idents.length; i++) {
      var th = document.createElement("th");
      th.scope = "col";
      th.textContent = spec.sources[idents[i]].name;
      head.appendChild(th);
    }
    for (var r = 0; r < spec.contrastRows.length; r++) {
      var row = table.insertRow();
      var title = document.createElement("th");
      title.scope = "row";
      title.textContent = spec.contrastRows[r];
      row.appendChild(title);
      for (var c = 0; c < idents.length; c++) {
        row.insertCell().textContent = spec.sources[idents[c]].contrast[r];
      }
    }
    target.textContent = "";
    target.appendChild(table);
  }

  CourseBook.compare = { describePair: describePair, footer: footer };

  function children(group) {
    return group ? group.querySelectorAll("path, use") : [];
  }

  // a copy of an inline SVG with its own ids (its patterns and clip paths renamed)
  function copySvg(svg, suffix) {
    var copy = svg.cloneNode(true);
    var renamed = {};
    var named = copy.querySelectorAll("[id]");
    for (var i = 0; i < named.length; i++) {
      renamed[named[i].id] = true;
      named[i].id = named[i].id + suffix;
    }
    function rename(text) {
      return text.replace(/url\(#([^)"']+)\)/g, function (whole, id) {
        return renamed[id] ? "url(#" + id + suffix + ")" : whole;
      });
    }
    var all = copy.querySelectorAll("*");
    for (var e = 0; e < all.length; e++) {
      var element = all[e];
      for (var a = 0; a < element.attributes.length; a++) {
        var attribute = element.attributes[a];
        if (attribute.value.indexOf("url(#") >= 0) {
          attribute.value = rename(attribute.value);
        } else if (/(^|:)href$/.test(attribute.name) && renamed[attribute.value.slice(1)]) {
          attribute.value = attribute.value + suffix;
        }
      }
    }
    return copy;
  }

  function Panel(figure) {
    var svg = figure.querySelector("svg");
    svg.removeAttribute("aria-hidden");
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", "Body chart; the description under the maps says what it shows");
    this.figure = figure;
    this.svg = svg;
    this.title = figure.querySelector('[data-role="title"]');
    this.legend = figure.querySelector('[data-role="legend"]');
    this.footer = figure.querySelector('[data-role="footer"]');
    this.patterns = [];
    var samples = svg.querySelectorAll('[data-gid^="painmap/hatch-sample/"]');
    for (var s = 0; s < samples.length; s++) {
      var number = Number(samples[s].getAttribute("data-gid").split("/").pop());
      this.patterns[number] = samples[s].querySelector("path").style.fill;
      samples[s].style.display = "none";
    }
    this.parts = {};
    for (var v = 0; v < VIEWS.length; v++) {
      var view = VIEWS[v];
      this.parts[view] = {
        shade: children(svg.querySelector('[data-gid="painmap/shade/' + view + '"]')),
        hatch: children(svg.querySelector('[data-gid="painmap/hatch/' + view + '"]')),
        keys: children(svg.querySelector('[data-gid="painmap/keys/' + view + '"]'))
      };
    }
    this.labels = svgElement("g", {});
    this.labels.setAttribute("data-role", "percentages");
    svg.appendChild(this.labels);
  }

  Panel.prototype.paint = function (spec, letter, ident, mixed) {
    var source = ident ? spec.sources[ident] : null;
    for (var v = 0; v < VIEWS.length; v++) {
      var view = VIEWS[v];
      var parts = this.parts[view];
      var keyed = {};
      var keys = source ? source.keys[view] : [];
      for (var k = 0; k < keys.length; k++) {
        keyed[keys[k]] = true;
      }
      for (var i = 0; i < parts.shade.length; i++) {
        var alpha = source ? source.alpha[view][i] : 0;
        parts.shade[i].style.fill = alpha > 0 ? source.colour : "none";
        parts.shade[i].style.fillOpacity = alpha > 0 ? String(alpha) : "";
        parts.hatch[i].style.display = alpha > 0 ? "" : "none";
        if (alpha > 0) {
          parts.hatch[i].style.fill = this.patterns[source.hatch];
        }
        parts.keys[i].style.display = keyed[i] ? "" : "none";
      }
    }
    this.labels.textContent = "";
    var labels = source ? source.labels : [];
    for (var n = 0; n < labels.length; n++) {
      var text = svgElement("text", {});
      text.setAttribute("x", labels[n][0]);
      text.setAttribute("y", labels[n][1] + 3.5);
      text.setAttribute("text-anchor", "middle");
      text.setAttribute("font-size", "10");
      text.setAttribute("font-family", "DejaVu Sans, Bitstream Vera Sans, Arial, sans-serif");
      text.textContent = labels[n][2];
      this.labels.appendChild(text);
    }
    this.title.textContent = letter + ": " + (source ? source.title : "–");
    this.legend.textContent = "";
    if (!source) {
      this.legend.textContent = spec.noSecond;
    } else {
      var name = document.createElement("b");
      name.textContent = source.legend[0];
      var details = document.createElement("div");
      details.textContent = source.legend[1];
      var scale = document.createElement("div");
      scale.appendChild(document.createTextNode(source.legend[2]));
      for (var w = 0; w < source.scale.length; w++) {
        var box = document.createElement("span");
        box.className = SWATCH;
        box.style.background = source.scale[w][1];
        box.style.opacity = String(source.scale[w][2]);
        scale.appendChild(box);
        scale.appendChild(document.createTextNode(source.scale[w][0]));
      }
      this.legend.appendChild(name);
      this.legend.appendChild(details);
      this.legend.appendChild(scale);
    }
    this.footer.textContent = footer(spec, source, mixed);
  };

  CourseBook.register("painmap-compare", function (element, spec) {
    var part = element.querySelector('[data-role="interactive"]');
    var still = element.querySelector('[data-role="static"]');
    var description = part.querySelector('[data-role="description"]');
    var table = part.querySelector('[data-role="contrast"]');
    var first = part.querySelector('select[data-role="first"]');
    var second = part.querySelector('select[data-role="second"]');
    var figures = [
      part.querySelector('figure[data-panel="A"]'),
      part.querySelector('figure[data-panel="B"]')
    ];
    // the page carries one chart; map B is a copy of it, made before either is restyled
    var chart = copySvg(figures[0].querySelector("svg"), "-b");
    figures[1].insertBefore(chart, figures[1].querySelector('[data-role="legend"]'));
    var panels = [new Panel(figures[0]), new Panel(figures[1])];
    var state = { first: spec.state.first, second: spec.state.second || "" };

    function render() {
      var mixed = mixedNote(spec, state.first, state.second);
      panels[0].paint(spec, "A", state.first, mixed);
      panels[1].paint(spec, "B", state.second, mixed);
      first.value = state.first;
      second.value = state.second;
      var p = document.createElement("p");
      p.textContent = describePair(spec, state.first, state.second);
      description.textContent = "";
      description.appendChild(p);
      contrast(spec, table, state.second ? [state.first, state.second] : [state.first]);
      element.setAttribute("data-state", state.first + "|" + state.second);
    }

    first.addEventListener("change", function () {
      state.first = first.value;
      render();
    });
    second.addEventListener("change", function () {
      state.second = second.value;
      render();
    });
    part.hidden = false;
    still.hidden = true;
    render();
  });
})();
