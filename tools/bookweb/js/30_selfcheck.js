/* Self-checks answered in the book's pages, checked in the page from the quiz files' sealed data
   (tools/bookweb/selfcheck.py puts it in the "sealed" island) with the kernel's rules:
   - the keys of course/records/keys.py: salted SHA-256 option and bucket keys, sealed texts
     (XOR with an HMAC-SHA256 keystream, an HMAC tag, base64 after "sealed:");
   - each kind's check and reveal of course/quiz/kinds.py, with the same scores and words;
   - the self-check widget's rules of course/quiz/widget.py: attempts, hints one at a time, the
     question settling once right, "Show the answer" after every hint and REVEAL_AFTER tries.
   Each attempt, hint and reveal goes to CourseBook.progress when the page has it.
   CourseBook.selfcheck.check(question, answer) is the checking alone (the parity tests call it). */
"use strict";
CourseBook.selfcheck = (function () {
  var hash = CourseBook.hash;
  var encoder = new TextEncoder();
  var decoder = new TextDecoder("utf-8");
  var PREFIX = "sealed:";
  var NONCE = 16, TAG = 16;

  // ------------------------------------------------------------------ keys (records/keys.py)

  function utf8(text) {
    return encoder.encode(String(text));
  }

  function hex(bytes) {
    var out = "";
    for (var i = 0; i < bytes.length; i++) out += (bytes[i] < 16 ? "0" : "") + bytes[i].toString(16);
    return out;
  }

  /* Length-prefixed parts, so that ("ab", "c") and ("a", "bc") never hash alike. */
  function encode(parts) {
    var pieces = [];
    for (var i = 0; i < parts.length; i++) {
      var bytes = utf8(parts[i]);
      var length = new Uint8Array(4);
      new DataView(length.buffer).setUint32(0, bytes.length);
      pieces.push(length, bytes);
    }
    return hash.concat(pieces);
  }

  function digest(parts) {
    return hash.sha256(encode(parts)).then(hex);
  }

  function canonical(answer) {
    return String(answer).trim().toLowerCase();
  }

  function optionKey(q, optionId, value) {
    return digest(["option", q.salt, q.id, canonical(optionId), value]);
  }

  function bucketKey(q, index) {
    return digest(["bucket", q.salt, q.id, String(index)]);
  }

  function textKey(q, purpose, material) {
    var parts = [q.salt, q.id, purpose].concat(material);
    return hash.sha256(hash.concat([utf8("text"), encode(parts)]));
  }

  function counter(nonce, n) {
    var block = new Uint8Array(8);
    new DataView(block.buffer).setUint32(4, n); // 8 bytes, big-endian; texts stay far below 2^32
    return hash.concat([nonce, block]);
  }

  /* The plain text of a sealed blob under key, or a rejection when the key is not its own. */
  function openSealed(blob, key) {
    if (typeof blob !== "string" || blob.indexOf(PREFIX) !== 0) {
      return Promise.reject(new Error("not a sealed text"));
    }
    var binary = atob(blob.slice(PREFIX.length));
    var raw = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) raw[i] = binary.charCodeAt(i);
    if (raw.length < NONCE + TAG) return Promise.reject(new Error("sealed text is too short"));
    var nonce = raw.subarray(0, NONCE);
    var body = raw.subarray(NONCE, raw.length - TAG);
    var tag = raw.subarray(raw.length - TAG);
    return hash.hmac(key, hash.concat([utf8("tag"), nonce, body])).then(function (expected) {
      for (var j = 0; j < TAG; j++) {
        if (expected[j] !== tag[j]) throw new Error("wrong key");
      }
      var blocks = [];
      for (var n = 0; n * 32 < body.length; n++) blocks.push(hash.hmac(key, counter(nonce, n)));
      return Promise.all(blocks).then(function (stream) {
        var keystream = hash.concat(stream);
        var plain = new Uint8Array(body.length);
        for (var k = 0; k < body.length; k++) plain[k] = body[k] ^ keystream[k];
        var end = plain.length;
        while (end > 0 && plain[end - 1] === 0) end--;
        return decoder.decode(plain.subarray(0, end));
      });
    });
  }

  // ------------------------------------------------------------------ numbers as Python writes them

  var roundHalfEven = CourseBook.roundHalfEven;
  var fixed = CourseBook.fixed;

  /* Python's f"{x:g}": six significant digits, trailing zeros dropped. */
  function general(x) {
    if (x === 0) return Object.is(x, -0) ? "-0" : "0";
    if (!isFinite(x)) return isNaN(x) ? "nan" : x > 0 ? "inf" : "-inf";
    var exponent = Number(x.toExponential(5).split("e")[1]);
    if (exponent < -4 || exponent >= 6) {
      var parts = x.toExponential(5).split("e");
      var mantissa = parts[0].indexOf(".") >= 0 ? parts[0].replace(/0+$/, "").replace(/\.$/, "") : parts[0];
      var power = Math.abs(exponent);
      return mantissa + "e" + (exponent < 0 ? "-" : "+") + (power < 10 ? "0" : "") + power;
    }
    var text = fixed(x, 5 - exponent);
    return text.indexOf(".") >= 0 ? text.replace(/0+$/, "").replace(/\.$/, "") : text;
  }

  /* course.quiz.questions.parse_number: "51.7", "51,7", "51.7 %" and Python's float syntax. */
  var FLOAT = /^[+-]?(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?$/;
  var SPECIAL = /^[+-]?(?:inf|infinity|nan)$/i;

  function parseNumber(value) {
    if (typeof value === "number") {
      if (!isFinite(value)) throw answerError("type a finite number");
      return value;
    }
    var text = String(value).trim().replace(/%+$/, "").trim().replace(/,/g, ".");
    if (SPECIAL.test(text)) throw answerError("type a finite number");
    if (!FLOAT.test(text)) throw answerError("'" + value + "' is not a number; type e.g. 42.5");
    var number = Number(text.replace(/_/g, ""));
    if (!isFinite(number)) throw answerError("type a finite number");
    return number;
  }

  // ------------------------------------------------------------------ checking (quiz/kinds.py)

  function answerError(message) {
    var error = new Error(message);
    error.answerError = true;
    return error;
  }

  function findOption(q, ident) {
    var options = q.options || [];
    for (var i = 0; i < options.length; i++) {
      if (canonical(options[i].id) === canonical(ident)) return options[i];
    }
    throw answerError("'" + ident + "' is not an option of " + q.id);
  }

  function isRight(q, option) {
    return Promise.all([optionKey(q, option.id, "1"), optionKey(q, option.id, "0")]).then(function (keys) {
      if (option.key === keys[0]) return true;
      if (option.key === keys[1]) return false;
      throw new Error(q.id + ": the key of option '" + option.id + "' is damaged");
    });
  }

  function rightIds(q) {
    return Promise.all(q.options.map(function (o) { return isRight(q, o); })).then(function (right) {
      return q.options.filter(function (o, i) { return right[i]; }).map(function (o) { return o.id; });
    });
  }

  function trueRank(q, option) {
    var tries = [];
    for (var rank = 1; rank <= q.options.length; rank++) tries.push(optionKey(q, option.id, String(rank)));
    return Promise.all(tries).then(function (keys) {
      var found = keys.indexOf(option.key);
      if (found < 0) throw new Error(q.id + ": the key of option '" + option.id + "' is damaged");
      return found + 1;
    });
  }

  function truth(q) {
    return Promise.all(q.options.map(function (o) { return trueRank(q, o); })).then(function (ranks) {
      var ordered = q.options.map(function (o, i) { return { id: o.id, rank: ranks[i] }; });
      ordered.sort(function (a, b) { return a.rank - b.rank; });
      return ordered.map(function (o) { return o.id; });
    });
  }

  function openFeedback(q, option) {
    if (!option.feedback) return Promise.resolve("");
    return textKey(q, "feedback", [canonical(option.id)]).then(function (key) {
      return openSealed(option.feedback, key);
    });
  }

  function openExplanation(q, material) {
    if (!q.explanation) return Promise.resolve("");
    return textKey(q, "explanation", material).then(function (key) {
      return openSealed(q.explanation, key);
    });
  }

  function outcome(score, solved, summary, feedback, explanation, model) {
    return {
      score: score,
      solved: solved,
      summary: summary,
      feedback: feedback || [],
      explanation: explanation || "",
      model_answer: model || []
    };
  }

  function feedbackOf(q, options) {
    return Promise.all(options.map(function (o) { return openFeedback(q, o); })).then(function (notes) {
      return options.map(function (o, i) { return [o.text, notes[i]]; });
    });
  }

  function checkOne(q, answer) {
    if (answer === null || answer === undefined || !String(answer).trim()) {
      throw answerError("pick one option first");
    }
    var option = findOption(q, answer);
    return isRight(q, option).then(function (solved) {
      return Promise.all([
        feedbackOf(q, [option]),
        solved ? openExplanation(q, [canonical(option.id)]) : ""
      ]).then(function (opened) {
        return outcome(solved ? 1 : 0, solved, solved ? "Right." : "Not this one.", opened[0], opened[1]);
      });
    });
  }

  function sortedCanonical(ids) {
    return ids.map(canonical).sort();
  }

  function checkSome(q, answer) {
    if (answer === null || answer === undefined || typeof answer === "string") {
      throw answerError("pick options from the list (a list of option ids)");
    }
    var picked = answer.map(function (a) { return findOption(q, String(a)); });
    if (!picked.length) throw answerError("pick at least one option first");
    return rightIds(q).then(function (right) {
      var pickedIds = {};
      picked.forEach(function (o) { pickedIds[canonical(o.id)] = true; });
      var rightSet = {};
      right.forEach(function (id) { rightSet[canonical(id)] = true; });
      var hitsSet = 0, wrongSet = 0;
      Object.keys(pickedIds).forEach(function (id) {
        if (rightSet[id]) hitsSet++;
        else wrongSet++;
      });
      var score = Math.max(0, (hitsSet - wrongSet) / right.length);
      var solved = hitsSet === right.length && wrongSet === 0;
      var hits = picked.filter(function (o) { return right.indexOf(o.id) >= 0; }).length;
      var misses = picked.length - hits;
      var summary;
      if (solved) {
        summary = "Right: all " + right.length + " correct options and nothing else.";
      } else {
        summary =
          "Your " + picked.length + " " + (picked.length === 1 ? "pick" : "picks") + ": " + hits +
          " right and " + misses + " wrong; the question has " + right.length + " right " +
          (right.length === 1 ? "option" : "options") + ". Score " + fixed(score, 2) + ".";
      }
      return Promise.all([
        feedbackOf(q, picked),
        solved ? openExplanation(q, sortedCanonical(right)) : ""
      ]).then(function (opened) {
        return outcome(score, solved, summary, opened[0], opened[1]);
      });
    });
  }

  function incompleteRanking(answer) {
    if (answer.indexOf(null) >= 0) return "Place an option in every position first.";
    var seen = {};
    for (var i = 0; i < answer.length; i++) {
      if (seen[answer[i]]) return "Each option can take one position only.";
      seen[answer[i]] = true;
    }
    return "";
  }

  function checkRanking(q, answer) {
    if (answer === null || answer === undefined || typeof answer === "string") {
      throw answerError("give the complete order of options, most likely first");
    }
    var order = answer.map(function (a) { return findOption(q, String(a)); });
    var given = order.map(function (o) { return o.id; }).sort();
    var all = q.options.map(function (o) { return o.id; }).sort();
    if (given.join("\n") !== all.join("\n")) {
      var missing = all.filter(function (id) { return given.indexOf(id) < 0; });
      throw answerError(
        "rank every option exactly once" + (missing.length ? "; not yet placed: " + missing.join(", ") : "")
      );
    }
    return truth(q).then(function (truthIds) {
      var position = {};
      truthIds.forEach(function (id, i) { position[canonical(id)] = i; });
      var footrule = 0;
      order.forEach(function (o, i) { footrule += Math.abs(i - position[canonical(o.id)]); });
      var worst = Math.floor((truthIds.length * truthIds.length) / 2);
      var score = worst === 0 ? 1 : 1 - footrule / worst;
      var solved = score === 1;
      var placed = [];
      order.forEach(function (o, i) { if (o.id === truthIds[i]) placed.push(String(i + 1)); });
      var summary = solved
        ? "Right: every option is in its place."
        : "Score " + fixed(score, 2) + ". Positions already right: " + (placed.length ? placed.join(", ") : "none") + ".";
      var withFeedback = order.filter(function (o) { return o.feedback; });
      return Promise.all([
        solved ? feedbackOf(q, withFeedback) : [],
        solved ? openExplanation(q, truthIds.map(canonical)) : ""
      ]).then(function (opened) {
        return outcome(score, solved, summary, opened[0], opened[1]);
      });
    });
  }

  /* The contiguous run of accepted buckets around an accepted index (questions.accepted_range). */
  function acceptedRange(q, index) {
    function walk(at, step) {
      return bucketKey(q, at + step).then(function (key) {
        return q.answer_keys.indexOf(key) >= 0 ? walk(at + step, step) : at;
      });
    }
    return Promise.all([walk(index, -1), walk(index, 1)]);
  }

  function unitOf(q) {
    return q.unit ? " " + q.unit : "";
  }

  function checkNumber(q, answer) {
    if (answer === null || answer === undefined || (typeof answer === "string" && !answer.trim())) {
      throw answerError("type a number first");
    }
    var value = parseNumber(answer);
    var index = roundHalfEven(value / q.grid);
    return bucketKey(q, index).then(function (key) {
      var unit = unitOf(q);
      if (q.answer_keys.indexOf(key) < 0) {
        return outcome(0, false, "Not within ±" + general(q.tolerance) + unit + " of the expected answer.");
      }
      return acceptedRange(q, index).then(function (range) {
        return openExplanation(q, [String(range[0]), String(range[1])]);
      }).then(function (explanation) {
        var summary = "Right: " + general(value) + unit + " is within ±" + general(q.tolerance) + unit + ".";
        return outcome(1, true, summary, [], explanation);
      });
    });
  }

  function modelAnswer(q) {
    if (!q.model_answer) return Promise.resolve([]);
    return textKey(q, "model", []).then(function (key) {
      return openSealed(q.model_answer, key);
    }).then(JSON.parse);
  }

  function checkText(q, answer) {
    var text = answer === null || answer === undefined ? "" : String(answer).trim();
    if (!text) throw answerError("write your answer first; then compare it with the checklist");
    return modelAnswer(q).then(function (model) {
      var summary = "Saved. This one is marked by a person: compare your answer with the checklist.";
      return outcome(null, false, summary, [], "", model);
    });
  }

  /* identify_structure from a list (the book has no figure to click): the pick is a structure. */
  function checkStructure(q, answer) {
    return rightIds(q).then(function (right) {
      var target = findOption(q, right[0]);
      var picked = answer ? findOption(q, String(answer)) : null;
      var solved = picked !== null && picked.id === target.id;
      var summary = solved
        ? "Correct: that is the " + target.text + "."
        : "Not quite: you picked " + (picked ? "the " + picked.text : "nothing") + ".";
      return (solved ? openExplanation(q, [canonical(target.id)]) : Promise.resolve("")).then(function (explanation) {
        return outcome(solved ? 1 : 0, solved, summary, [], explanation);
      });
    });
  }

  function names(q, ids) {
    return ids.map(function (id) { return findOption(q, id).text; });
  }

  function revealOne(q) {
    return rightIds(q).then(function (right) {
      return openExplanation(q, [canonical(right[0])]).then(function (explanation) {
        return { answer: right[0], text: findOption(q, right[0]).text, explanation: explanation };
      });
    });
  }

  function revealSome(q) {
    return rightIds(q).then(function (right) {
      var sorted = right.slice().sort();
      return openExplanation(q, sortedCanonical(sorted)).then(function (explanation) {
        return { answer: sorted, text: names(q, sorted).join("; "), explanation: explanation };
      });
    });
  }

  function revealRanking(q) {
    return truth(q).then(function (ids) {
      return openExplanation(q, ids.map(canonical)).then(function (explanation) {
        return { answer: ids, text: names(q, ids).join(" → "), explanation: explanation };
      });
    });
  }

  function revealNumber(q) {
    var first = Math.floor(q.minimum / q.grid);
    var last = Math.ceil(q.maximum / q.grid);
    function from(index) {
      if (index > last) return Promise.reject(new Error(q.id + ": no accepted answer between minimum and maximum"));
      return bucketKey(q, index).then(function (key) {
        return q.answer_keys.indexOf(key) >= 0 ? index : from(index + 1);
      });
    }
    return from(first).then(function (index) {
      return acceptedRange(q, index);
    }).then(function (range) {
      var centre = Number((((range[0] + range[1]) / 2) * q.grid).toFixed(10));
      var unit = unitOf(q);
      return openExplanation(q, [String(range[0]), String(range[1])]).then(function (explanation) {
        var text = general(centre) + unit + " (accepted " + general(range[0] * q.grid) + " to " +
          general(range[1] * q.grid) + ")";
        return { answer: centre, text: text, explanation: explanation };
      });
    });
  }

  /* One entry per kind of course/quiz/kinds.py: how its answer is checked and revealed. */
  var KINDS = {
    single_choice: { check: checkOne, reveal: revealOne, control: "radio" },
    pick_site: { check: checkOne, reveal: revealOne, control: "radio" },
    identify_structure: { check: checkStructure, reveal: revealOne, control: "radio" },
    multiple_select: { check: checkSome, reveal: revealSome, control: "checkbox" },
    ranking: { check: checkRanking, reveal: revealRanking, control: "ranking", incomplete: incompleteRanking },
    numeric: { check: checkNumber, reveal: revealNumber, control: "number" },
    free_text: { check: checkText, reveal: null, control: "text" }
  };

  /* Python's str.capitalize: the first letter up, the rest down. */
  function capitalize(text) {
    return text.charAt(0).toUpperCase() + text.slice(1).toLowerCase();
  }

  /* Check an answer: a Promise of the outcome, or of {error: notice} for an answer that cannot be
     checked (of the wrong form: not counted as an attempt). */
  function check(q, answer) {
    var kind = KINDS[q.kind];
    return new Promise(function (resolve) {
      resolve(kind.check(q, answer));
    }).catch(function (error) {
      if (error && error.answerError) return { error: capitalize(error.message) };
      throw error;
    });
  }

  // ------------------------------------------------------------------ the page (quiz/widget.py)

  var CLASSES = {
    panel: "course-book-selfcheck",
    choices: "course-book-choices",
    ranking: "course-book-ranking",
    buttons: "course-book-buttons",
    hints: "course-book-hints",
    feedback: "course-book-feedback",
    attempts: "course-description",
    states: {
      right: "course-book-feedback-right",
      partial: "course-book-feedback-partial",
      wrong: "course-book-feedback-wrong",
      info: "course-book-feedback-info",
      shown: "course-book-feedback-shown"
    }
  };
  var STATIC_QUESTION = "course-selfcheck-question";
  var STATIC_NOTE = "course-selfcheck-note";

  function make(tag, attributes, text) {
    var element = document.createElement(tag);
    for (var name in attributes) {
      if (Object.prototype.hasOwnProperty.call(attributes, name)) element.setAttribute(name, attributes[name]);
    }
    if (text !== undefined) element.textContent = text;
    return element;
  }

  function paragraphs(parent, text) {
    text.split("\n\n").forEach(function (part) {
      if (part.trim()) parent.appendChild(make("p", {}, part));
    });
  }

  function progress(method, args) {
    if (CourseBook.progress && typeof CourseBook.progress[method] === "function") {
      CourseBook.progress[method].apply(CourseBook.progress, args);
    }
  }

  /* What the progress store already holds for a question, when the page has one. */
  function saved(id) {
    var store = CourseBook.progress;
    if (!store || typeof store.items !== "function") return null;
    try {
      var items = store.items();
      return items && typeof items === "object" && items[id] ? items[id] : null;
    } catch (error) {
      return null;
    }
  }

  function Question(q, number, settings, container) {
    this.q = q;
    this.kind = KINDS[q.kind];
    this.settings = settings;
    this.total = (q.hints || []).length;
    var before = saved(q.id) || {};
    this.state = {
      attempts: before.attempts || 0,
      hints: Math.min(before.hints || 0, this.total),
      solved: !!before.solved,
      settled: false,
      revealed: false,
      shown: before.solved ? "before" : "",
      outcome: null,
      notice: "",
      found: null
    };
    this.busy = false;
    this.build(number, container);
    this.render();
  }

  Question.prototype.build = function (number, container) {
    var q = this.q, self = this;
    var base = "course-q-" + q.id;
    var panel = make("div", { "class": CLASSES.panel, "data-question": q.id, role: "group", "aria-labelledby": base + "-prompt" });
    var prompt = make("p", { id: base + "-prompt" });
    prompt.appendChild(make("strong", {}, (number ? "Question " + number + ". " : "") + q.prompt));
    panel.appendChild(prompt);
    this.inputs = [];
    var control = this.kind.control;
    if (control === "radio" || control === "checkbox") {
      var group = make("fieldset", { "class": CLASSES.choices });
      group.appendChild(make("legend", {}, q.ask));
      if (control === "radio") group.setAttribute("role", "radiogroup");
      q.options.forEach(function (option, i) {
        var label = make("label", {});
        var input = make("input", { type: control, name: base, value: option.id, id: base + "-" + i });
        label.appendChild(input);
        label.appendChild(make("span", {}, option.text));
        group.appendChild(label);
        self.inputs.push(input);
      });
      panel.appendChild(group);
    } else if (control === "ranking") {
      var list = make("fieldset", { "class": CLASSES.ranking });
      list.appendChild(make("legend", {}, q.ask));
      q.options.forEach(function (option, i) {
        var words = self.settings.rank_words;
        var label = make("label", {});
        label.appendChild(make("span", {}, i < words.length ? words[i] : i + 1 + "th"));
        var select = make("select", { id: base + "-place-" + i });
        select.appendChild(make("option", { value: "" }, "— choose —"));
        q.options.forEach(function (each) {
          select.appendChild(make("option", { value: each.id }, each.text));
        });
        label.appendChild(select);
        list.appendChild(label);
        self.inputs.push(select);
      });
      panel.appendChild(list);
    } else {
      var field = make("p", {});
      var unit = q.unit ? " (" + q.unit + ")" : "";
      var label = make("label", { "for": base + "-answer" }, control === "number" ? "Answer" + unit + ": " : "Your answer: ");
      var input = control === "number"
        ? make("input", { type: "text", inputmode: "decimal", id: base + "-answer", placeholder: "a number, e.g. 42.5", autocomplete: "off" })
        : make("textarea", { id: base + "-answer", rows: "6", placeholder: "Write your answer here" });
      field.appendChild(make("em", {}, q.ask));
      field.appendChild(make("br", {}));
      field.appendChild(label);
      if (control === "text") field.appendChild(make("br", {}));
      field.appendChild(input);
      panel.appendChild(field);
      self.inputs.push(input);
      if (control === "number") {
        input.addEventListener("keydown", function (event) {
          if (event.key === "Enter") {
            event.preventDefault();
            self.press(self.checkButton, "check");
          }
        });
      }
    }
    this.inputs.forEach(function (input) {
      input.addEventListener(input.tagName === "SELECT" || input.type === "radio" || input.type === "checkbox" ? "change" : "input", function () {
        self.entered();
      });
    });
    var row = make("div", { "class": CLASSES.buttons });
    this.checkButton = make("button", { type: "button", "data-action": "check", title: "Check this answer" }, q.check_label);
    this.hintButton = make("button", { type: "button", "data-action": "hint", title: "Show the next hint" });
    this.revealButton = make("button", { type: "button", "data-action": "reveal", title: "After every hint and two tries" }, "Show the answer");
    this.attemptsLabel = make("span", { "class": CLASSES.attempts, "data-role": "attempts" });
    this.buttons = [this.checkButton];
    row.appendChild(this.checkButton);
    if (this.total) {
      row.appendChild(this.hintButton);
      this.buttons.push(this.hintButton);
    }
    if (q.revealable) {
      row.appendChild(this.revealButton);
      this.buttons.push(this.revealButton);
    }
    row.appendChild(this.attemptsLabel);
    panel.appendChild(row);
    this.checkButton.addEventListener("click", function () { self.press(self.checkButton, "check"); });
    this.hintButton.addEventListener("click", function () { self.press(self.hintButton, "hint"); });
    this.revealButton.addEventListener("click", function () { self.press(self.revealButton, "reveal"); });
    this.hintsArea = make("div", { "class": CLASSES.hints, "aria-live": "polite" });
    panel.appendChild(this.hintsArea);
    this.feedback = make("div", { "class": CLASSES.feedback, role: "status", "aria-live": "polite", "aria-atomic": "true" });
    panel.appendChild(this.feedback);
    container.parentNode.insertBefore(panel, container);
    this.panel = panel;
  };

  /* The answer entered, in the form check takes (kinds.py's answer_of). */
  Question.prototype.answer = function () {
    var control = this.kind.control;
    if (control === "radio") {
      var chosen = this.inputs.filter(function (i) { return i.checked; });
      return chosen.length ? chosen[0].value : null;
    }
    if (control === "checkbox") {
      return this.inputs.filter(function (i) { return i.checked; }).map(function (i) { return i.value; });
    }
    if (control === "ranking") {
      return this.inputs.map(function (s) { return s.value || null; });
    }
    return this.inputs[0].value;
  };

  Question.prototype.entered = function () {
    // another answer entered after a right one: Check opens again for it
    if (this.state.settled) {
      this.state.settled = false;
      this.render();
    }
  };

  Question.prototype.canReveal = function () {
    if (!this.q.revealable) return false;
    var s = this.state;
    return s.solved || (s.hints >= this.total && s.attempts >= this.settings.reveal_after);
  };

  Question.prototype.press = function (button, event) {
    var self = this;
    if (this.busy) return;
    this.busy = true;
    this.panel.setAttribute("aria-busy", "true");
    Promise.resolve(this[event]()).then(function () {
      self.busy = false;
      self.panel.removeAttribute("aria-busy");
      self.render();
      if (button.disabled) {
        var kept = self.keptControl();
        if (kept) kept.focus();
      }
    }, function (error) {
      self.busy = false;
      self.panel.removeAttribute("aria-busy");
      self.state.shown = "notice";
      self.state.notice = "This answer could not be checked here (" + error.message + ").";
      self.render();
    });
  };

  /* The control that takes the focus when the focused button rests (widget.kept_control). */
  Question.prototype.keptControl = function () {
    // a radio group takes the focus on its ticked radio, as Tab into the group would give it
    var ticked = this.inputs.filter(function (i) { return i.type === "radio" && i.checked; });
    var candidates = ticked.concat(this.inputs, this.buttons);
    for (var i = 0; i < candidates.length; i++) {
      if (!candidates[i].disabled) return candidates[i];
    }
    return null;
  };

  Question.prototype.check = function () {
    var s = this.state, self = this;
    if (s.settled) return null;
    var answer = this.answer();
    var unfinished = this.kind.incomplete ? this.kind.incomplete(answer) : "";
    if (unfinished) {
      s.shown = "notice";
      s.notice = unfinished;
      return null;
    }
    return check(this.q, answer).then(function (result) {
      if (result.error) {
        s.shown = "notice";
        s.notice = result.error;
        return;
      }
      s.attempts += 1;
      s.solved = s.solved || result.solved;
      s.settled = result.solved;
      s.shown = "outcome";
      s.outcome = result;
      s.notice = "";
      progress("recordAttempt", [self.q.id, result.score, result.solved]);
    });
  };

  Question.prototype.hint = function () {
    var s = this.state;
    if (s.settled || s.hints >= this.total) return null;
    s.hints += 1;
    progress("recordHint", [this.q.id, s.hints]);
    return null;
  };

  Question.prototype.reveal = function () {
    var s = this.state, self = this;
    if (!this.canReveal()) {
      s.shown = "notice";
      s.notice = "Try the hints and at least " + this.settings.reveal_after + " answers first; the answer is shown after that.";
      return null;
    }
    return this.kind.reveal(this.q).then(function (found) {
      var first = !s.revealed;
      s.revealed = true;
      s.shown = "answer";
      s.notice = "";
      s.found = found;
      if (first && !s.solved) progress("recordReveal", [self.q.id]);
    });
  };

  Question.prototype.describe = function () {
    var s = this.state;
    var parts = [s.attempts + " " + (s.attempts === 1 ? "attempt" : "attempts")];
    if (s.solved) parts.push("solved");
    else if (s.revealed) parts.push("answer shown");
    return parts.join(" · ");
  };

  Question.prototype.box = function (state, fill) {
    var box = make("div", { "class": CLASSES.states[state], "data-state": state });
    var lead = make("p", {});
    lead.appendChild(document.createTextNode(this.settings.marks[state] + " "));
    box.appendChild(lead);
    fill(box, lead);
    return box;
  };

  Question.prototype.feedbackBox = function () {
    var s = this.state, self = this;
    if (s.shown === "before") {
      return this.box("right", function (box, lead) { lead.appendChild(document.createTextNode("You solved this one before. Try it again!")); });
    }
    if (s.shown === "notice") {
      return this.box("info", function (box, lead) { lead.appendChild(document.createTextNode(s.notice)); });
    }
    if (s.shown === "answer" && s.found) {
      return this.box("shown", function (box, lead) {
        lead.appendChild(make("strong", {}, "The answer:"));
        lead.appendChild(document.createTextNode(" " + s.found.text));
        paragraphs(box, s.found.explanation);
      });
    }
    if (s.shown === "outcome" && s.outcome) {
      var result = s.outcome;
      var mark = result.score === null ? "info" : result.solved ? "right" : result.score > 0 ? "partial" : "wrong";
      return this.box(mark, function (box, lead) {
        lead.appendChild(make("strong", {}, result.summary));
        result.feedback.forEach(function (pair) {
          if (!pair[1]) return;
          var line = make("p", {});
          line.appendChild(make("em", {}, pair[0]));
          line.appendChild(document.createTextNode(": " + pair[1]));
          box.appendChild(line);
        });
        if (result.model_answer.length) {
          box.appendChild(make("p", {}, "A good answer covers:"));
          var list = make("ul", {});
          result.model_answer.forEach(function (point) { list.appendChild(make("li", {}, point)); });
          box.appendChild(list);
        }
        if (result.explanation) {
          var why = make("p", {});
          why.appendChild(make("strong", {}, "Why"));
          box.appendChild(why);
          paragraphs(box, result.explanation);
        }
        if (mark === "wrong" && s.hints < self.total) box.appendChild(make("p", {}, "Stuck? Take a hint."));
      });
    }
    return null;
  };

  Question.prototype.render = function () {
    var s = this.state, total = this.total, q = this.q;
    this.checkButton.disabled = s.settled;
    this.hintButton.disabled = s.settled || s.hints >= total;
    this.hintButton.textContent = s.hints >= total ? "No more hints" : "Show hint " + (s.hints + 1) + " of " + total;
    this.hintButton.title = s.settled ? "Solved: the hints you saw are folded below" : "Show the next hint";
    this.revealButton.disabled = !this.canReveal();
    this.attemptsLabel.textContent = this.describe();
    var hints = this.hintsArea;
    hints.textContent = "";
    var into = hints;
    if (s.settled && s.hints) {
      into = make("details", {});
      into.appendChild(make("summary", {}, "Hints you saw (" + s.hints + " of " + total + ")"));
      hints.appendChild(into);
    }
    for (var i = 0; i < s.hints; i++) {
      var line = make("p", {});
      line.appendChild(make("em", {}, "Hint " + (i + 1) + " of " + total + ":"));
      line.appendChild(document.createTextNode(" " + q.hints[i]));
      into.appendChild(line);
    }
    var box = this.feedbackBox();
    this.feedback.textContent = "";
    if (box) this.feedback.appendChild(box);
  };

  function start(element, spec) {
    var sealed = CourseBook.data(element, "sealed") || [];
    var numbered = sealed.length > 1;
    var made = 0;
    sealed.forEach(function (q, i) {
      var block = element.querySelector("." + STATIC_QUESTION + '[data-question="' + q.id + '"]');
      if (!block || !KINDS[q.kind]) return; // an unknown kind keeps its static block
      new Question(q, numbered ? i + 1 : 0, spec, block);
      block.hidden = true;
      made += 1;
    });
    var note = element.querySelector("." + STATIC_NOTE);
    if (note && made === sealed.length) note.hidden = true;
  }

  CourseBook.register("selfcheck", start);

  return {
    check: check,
    reveal: function (q) { return KINDS[q.kind].reveal(q); },
    incomplete: function (q, answer) {
      return KINDS[q.kind].incomplete ? KINDS[q.kind].incomplete(answer) : "";
    },
    kinds: Object.keys(KINDS),
    format: { general: general, fixed: fixed, round: roundHalfEven }
  };
})();
