/* The Fagan nomogram in the book: moves the line of the inline SVG as the pre-test probability
   and the test results change (the arithmetic is odds * LR), and says what it shows in the
   words of course.hypothesis.nomogram.describe. The numbers are written as Python's
   course.words.percent and ratio write them (tests compare a grid of values). */
(function () {
  "use strict";
  var fixed = CourseBook.fixed; // Python's f"{x:.{d}f}"
  var svgElement = CourseBook.svgElement;

  // Python's f"{x:.2g}" for a positive x
  function twoFigures(x) {
    var exponent = Number(x.toExponential(1).split("e")[1]);
    if (exponent < -4 || exponent >= 2) {
      var parts = x.toExponential(1).split("e");
      var mantissa = parts[0].replace(/\.?0+$/, "");
      var power = Number(parts[1]);
      var digits = String(Math.abs(power));
      return mantissa + "e" + (power < 0 ? "-" : "+") + (digits.length < 2 ? "0" : "") + digits;
    }
    var text = fixed(x, 1 - exponent);
    return text.indexOf(".") >= 0 ? text.replace(/\.?0+$/, "") : text;
  }

  function percent(p) {
    var text = fixed(p * 100, 1);
    if (text.slice(-2) === ".0") {
      text = text.slice(0, -2);
    }
    return text + "%";
  }

  function ratio(lr) {
    if (lr < 0.1) {
      return twoFigures(lr);
    }
    if (lr < 10) {
      return fixed(lr, 2);
    }
    return lr < 100 ? fixed(lr, 1) : fixed(lr, 0);
  }

  function odds(p) {
    return p / (1.0 - p);
  }

  function postTest(p, lr) {
    var o = odds(p) * lr;
    return o / (1.0 + o);
  }

  function zoneOf(p, thresholds) {
    if (p < thresholds[0]) {
      return 0;
    }
    return p < thresholds[1] ? 1 : 2;
  }

  function describe(words, pre, lr, span, evidence, thresholds) {
    var post = postTest(pre, lr);
    var text =
      "Fagan nomogram. A line runs from a pre-test probability of " + percent(pre) +
      " on the left scale through a likelihood ratio of " + ratio(lr) +
      words.evidenceMarker[evidence] + " on the middle scale to a post-test probability of " +
      percent(post) + " on the right scale.";
    if (span) {
      text +=
        " Dashed lines carry the published pre-test range " + percent(span[0]) + " to " +
        percent(span[1]) + " across to " + percent(postTest(span[0], lr)) + " to " +
        percent(postTest(span[1], lr)) + ".";
    }
    var low = percent(thresholds[0]);
    var high = percent(thresholds[1]);
    var names = words.zones;
    text +=
      " Threshold bar: below " + low + " '" + names[0][1] + "', from " + low + " to " + high +
      " '" + names[1][1] + "', above " + high + " '" + names[2][1] +
      "'. The post-test probability is in the '" + names[zoneOf(post, thresholds)][1] +
      "' zone.";
    return text + " " + words.caption;
  }

  CourseBook.nomogram = {
    percent: percent,
    ratio: ratio,
    postTest: postTest,
    describe: describe
  };

  function roundTenth(value) {
    return Number(fixed(value, 1));
  }

  CourseBook.register("hypothesis", function (element, spec) {
    var part = element.querySelector('[data-role="interactive"]');
    var still = element.querySelector('[data-role="static"]');
    var svg = part.querySelector('[data-role="figure"] svg');
    var description = part.querySelector('[data-role="description"]');
    var slider = part.querySelector('input[data-role="pretest"]');
    var typed = part.querySelector('input[data-role="pretest-typed"]');
    var selects = part.querySelectorAll("select[data-finding]");
    var state = { pretest: spec.state.pretest, results: {} };
    for (var f = 0; f < spec.findings.length; f++) {
      var ident = spec.findings[f].id;
      state.results[ident] = spec.state.results[ident] || spec.notDone;
    }
    var thresholds = [spec.state.thresholds[0] / 100, spec.state.thresholds[1] / 100];

    function artist(gid) {
      return svg.querySelector('[data-gid="nomogram/' + gid + '"]');
    }
    var line = artist("line");
    var spans = [artist("span/0"), artist("span/1")];
    var marks = [artist("span-mark/0"), artist("span-mark/1")];
    var markers = [artist("pre-marker"), artist("post-marker")];
    var texts = svgElement("g", { "data-role": "figures", "pointer-events": "none" });
    svg.appendChild(texts);

    function at(map, x, y) {
      return [map[0] * x + map[1], map[2] * y + map[3]];
    }
    function yPre(p) {
      return -Math.log10(odds(p));
    }
    function yPost(p) {
      return Math.log10(odds(p));
    }
    function yLr(lr) {
      return Math.log10(lr) / 2;
    }
    function through(group, points) {
      var path = group.querySelector(":scope > path");
      var d = "";
      for (var i = 0; i < points.length; i++) {
        d += (i ? " L " : "M ") + points[i][0].toFixed(2) + " " + points[i][1].toFixed(2);
      }
      path.setAttribute("d", d);
      var uses = group.querySelectorAll("use");
      for (var u = 0; u < uses.length && u < points.length; u++) {
        uses[u].setAttribute("x", points[u][0].toFixed(2));
        uses[u].setAttribute("y", points[u][1].toFixed(2));
      }
    }

    function label(role, point, lines, size, anchor, vertical, boxed) {
      var text = svgElement("text", {
        "data-role": role,
        x: point[0],
        y: point[1],
        "font-size": size,
        "font-weight": "bold",
        "font-family": "DejaVu Sans, Bitstream Vera Sans, Arial, sans-serif",
        "text-anchor": anchor,
        fill: "#000000"
      });
      // the block of lines centred on, hanging from or standing on the point
      var first = vertical === "center" ? 0.35 - (lines.length - 1) / 2 :
        vertical === "top" ? 0.8 : -0.25 - (lines.length - 1);
      for (var n = 0; n < lines.length; n++) {
        var span = svgElement("tspan", { x: point[0], dy: (n === 0 ? first : 1.15) * size });
        span.textContent = lines[n];
        text.appendChild(span);
      }
      texts.appendChild(text);
      if (boxed) {
        var box = text.getBBox();
        var pad = 0.25 * size;
        texts.insertBefore(
          svgElement("rect", {
            x: box.x - pad, y: box.y - pad, width: box.width + 2 * pad,
            height: box.height + 2 * pad, rx: pad, fill: "#FFFFFF",
            stroke: spec.highlight, "stroke-width": "1.2"
          }),
          text
        );
      }
    }

    function reading() {
      var pre = state.pretest / 100;
      var published = Math.abs(pre - spec.typical) < 0.0005;
      var keys = [];
      for (var k = 0; k < spec.findings.length; k++) {
        keys.push(state.results[spec.findings[k].id]);
      }
      var found = spec.combinations ? spec.combinations[keys.join("|")] : null;
      var lr = found ? found[0] : 1.0;
      var evidence = found ? found[1] : "confirmed";
      if (published && !(found && found[2])) {
        var order = spec.evidenceOrder;
        if (order.indexOf(spec.entryEvidence) > order.indexOf(evidence)) {
          evidence = spec.entryEvidence;
        }
      }
      return {
        pre: pre, lr: lr, evidence: evidence, span: published ? spec.span : null, keys: keys
      };
    }

    function render() {
      var r = reading();
      var post = postTest(r.pre, r.lr);
      var x = spec.x;
      var left = at(spec.axes, x[0], yPre(r.pre));
      var middle = at(spec.axes, x[1], yLr(r.lr));
      var right = at(spec.axes, x[2], yPost(post));
      through(line, [left, middle, right]);
      for (var s = 0; s < 2; s++) {
        spans[s].style.display = r.span ? "" : "none";
        marks[s].style.display = r.span ? "" : "none";
      }
      if (r.span) {
        var posts = [postTest(r.span[0], r.lr), postTest(r.span[1], r.lr)];
        for (var i = 0; i < 2; i++) {
          through(spans[i], [
            at(spec.axes, x[0], yPre(r.span[i])), at(spec.axes, x[2], yPost(posts[i]))
          ]);
        }
        through(marks[0], [
          at(spec.axes, x[0], yPre(r.span[0])), at(spec.axes, x[0], yPre(r.span[1]))
        ]);
        through(marks[1], [
          at(spec.axes, x[2], yPost(posts[0])), at(spec.axes, x[2], yPost(posts[1]))
        ]);
      }
      var bar = [at(spec.bar, r.pre * 100, 0)[0], at(spec.bar, post * 100, 0)[0]];
      for (var m = 0; m < 2; m++) {
        var use = markers[m].querySelector("use");
        use.setAttribute("x", bar[m].toFixed(2));
      }
      texts.textContent = "";
      label("pre", at(spec.axes, x[0] + 0.06, yPre(r.pre)), [percent(r.pre)], 9, "start",
        "center", true);
      var rising = yPost(post) > yLr(r.lr);
      var word = spec.evidenceWord[r.evidence];
      label("lr", at(spec.axes, x[1] + 0.08, yLr(r.lr) + (rising ? -0.12 : 0.12)),
        word ? ["LR " + ratio(r.lr), word] : ["LR " + ratio(r.lr)], 8.5, "start",
        rising ? "top" : "bottom", true);
      label("post", at(spec.axes, x[2] - 0.06, yPost(post)), [percent(post)], 9, "end",
        "center", true);
      label("post-bar", at(spec.bar, post * 100, 1.35), ["post-test " + percent(post)], 8.5,
        post < 0.15 ? "start" : post > 0.85 ? "end" : "middle", "bottom", false);
      var p = document.createElement("p");
      p.textContent = describe(spec, r.pre, r.lr, r.span, r.evidence, thresholds);
      description.textContent = "";
      description.appendChild(p);
      slider.value = String(state.pretest);
      typed.value = String(state.pretest);
      for (var e = 0; e < selects.length; e++) {
        selects[e].value = state.results[selects[e].getAttribute("data-finding")];
      }
      element.setAttribute("data-state", [state.pretest].concat(r.keys).join("|"));
    }

    function setPretest(value) {
      var number = Number(value);
      if (value === "" || !isFinite(number)) {
        render(); // an empty or unreadable box shows the probability again
        return;
      }
      var clamped = roundTenth(Math.min(spec.range[1], Math.max(spec.range[0], number)));
      if (clamped !== state.pretest) {
        state.pretest = clamped;
      }
      render();
    }

    slider.addEventListener("input", function () {
      setPretest(slider.value);
    });
    typed.addEventListener("change", function () {
      setPretest(typed.value);
    });
    for (var c = 0; c < selects.length; c++) {
      selects[c].addEventListener("change", function () {
        state.results[this.getAttribute("data-finding")] = this.value;
        render();
      });
    }
    svg.removeAttribute("aria-hidden");
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", "Fagan nomogram; its description follows the figure");
    part.hidden = false;
    still.hidden = true;
    render();
  });
})();
