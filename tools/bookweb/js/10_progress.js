/* Progress in the browser: CourseBook.progress keeps, in one local-storage entry, the same JSON
   that course/quiz/progress.py's ProgressFile writes to .course-progress.json (same fields, same
   merging rules, same timestamps), so a reader can export it to JupyterLab and import it back.
   The progress widget ("progress") shows the live summary per set with the words of
   course/quiz/summary.py's description, and Export, Import and Reset buttons. */
CourseBook.progress = (function () {
  var KEY = "course-progress";
  var FILE_NAME = ".course-progress.json";
  var VERSION = 1;
  var COUNTS = ["attempts", "hints"];
  var FLAGS = ["solved", "answered", "revealed"];
  var FIELDS = ["attempts", "hints", "best", "solved", "answered", "revealed", "updated"];
  var CHANGED = "course-progress-change";
  var store = null;
  var memory = null; // the JSON text, when the browser keeps nothing for this page
  var storageNote = "";
  var damagedNote = "";

  try {
    store = window.localStorage;
    store.setItem(KEY + "-probe", "1");
    store.removeItem(KEY + "-probe");
  } catch (error) {
    store = null;
    storageNote =
      "This browser does not let the book keep anything for this page (local storage is " +
      "off, as some browsers have it for pages opened from a file). Your progress lasts " +
      "until you close the page: export it to keep it.";
  }

  function now() {
    // ProgressFile's format: ISO 8601 in UTC to the second, "+00:00".
    return new Date().toISOString().slice(0, 19) + "+00:00";
  }

  function empty() {
    return {
      attempts: 0, hints: 0, best: null, solved: false, answered: false, revealed: false,
      updated: ""
    };
  }

  function kind(value) {
    if (value === null) return "null";
    if (typeof value === "boolean") return "true or false";
    if (typeof value === "number") return "a number";
    if (typeof value === "string") return "text";
    return Array.isArray(value) ? "a list" : "an object";
  }

  function isObject(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }

  function quote(value) {
    return JSON.stringify(value);
  }

  function isCount(value) {
    return typeof value === "number" && Math.floor(value) === value && value >= 0;
  }

  // What is wrong with one question's entry ("" when nothing): the rules of progress.py.
  function itemProblem(values) {
    if (!isObject(values)) return "its entry should be an object, not " + kind(values);
    for (var name in values) {
      if (!Object.prototype.hasOwnProperty.call(values, name)) continue;
      var value = values[name];
      if (FIELDS.indexOf(name) < 0) return "unknown field " + quote(name);
      if (COUNTS.indexOf(name) >= 0 && !isCount(value)) {
        return quote(name) + " should be a whole number, 0 or more, not " + quote(value);
      }
      if (FLAGS.indexOf(name) >= 0 && typeof value !== "boolean") {
        return quote(name) + " should be true or false, not " + kind(value);
      }
      if (name === "best" && value !== null &&
          !(typeof value === "number" && value >= 0 && value <= 1)) {
        return '"best" should be a score from 0 to 1 or null, not ' + quote(value);
      }
      if (name === "updated" && typeof value !== "string") {
        return '"updated" should be a date as text, not ' + kind(value);
      }
    }
    return "";
  }

  // Every question's progress from a parsed progress file; throws an Error naming the problem.
  function parse(data) {
    if (!isObject(data)) throw new Error("a progress file holds an object, not " + kind(data));
    var version = Object.prototype.hasOwnProperty.call(data, "version") ? data.version : VERSION;
    if (!isCount(version) || version < 1) {
      throw new Error('"version" should be a whole number, not ' + quote(version));
    }
    if (version > VERSION) {
      throw new Error("written by a newer version of the course (format " + version +
                      "; this one reads format " + VERSION + ")");
    }
    if (!Object.prototype.hasOwnProperty.call(data, "items")) {
      throw new Error('it has no "items" (the questions\' progress)');
    }
    if (!isObject(data.items)) {
      throw new Error('"items" should be an object of questions, not ' + kind(data.items));
    }
    var items = {};
    for (var id in data.items) {
      if (!Object.prototype.hasOwnProperty.call(data.items, id)) continue;
      var problem = itemProblem(data.items[id]);
      if (problem) throw new Error("question " + quote(id) + ": " + problem);
      var item = empty();
      for (var name in data.items[id]) item[name] = data.items[id][name];
      items[id] = item;
    }
    return items;
  }

  // The file's text, as ProgressFile._write makes it: version, then the items by question id.
  function serialise(items) {
    var ids = Object.keys(items).sort();
    var sorted = {};
    for (var i = 0; i < ids.length; i++) {
      var item = items[ids[i]];
      var ordered = {};
      for (var j = 0; j < FIELDS.length; j++) ordered[FIELDS[j]] = item[FIELDS[j]];
      sorted[ids[i]] = ordered;
    }
    return JSON.stringify({ version: VERSION, items: sorted }, null, 1);
  }

  function readText() {
    return store ? store.getItem(KEY) : memory;
  }

  function writeText(text) {
    if (store) {
      try {
        store.setItem(KEY, text);
      } catch (error) {
        store = null; // full or refused: keep the progress for this page at least
        storageNote = "This browser refused to keep more for this page (" + error.message +
                      "). Your progress lasts until you close the page: export it to keep it.";
        memory = text;
      }
    } else {
      memory = text;
    }
  }

  function changed() {
    document.dispatchEvent(new CustomEvent(CHANGED));
  }

  // Every question's progress, as ProgressFile.load gives it. A damaged entry (changed by hand)
  // is set aside under its own key, never overwritten, and the course goes on from nothing.
  function items() {
    var text = readText();
    if (text === null || text === undefined) return {};
    try {
      return parse(JSON.parse(text));
    } catch (error) {
      if (store) store.setItem(KEY + ".damaged", text);
      writeText(serialise({}));
      damagedNote = "The progress kept in this browser was unreadable (" + error.message +
                    "); it was kept aside as " + KEY + ".damaged.";
      return {};
    }
  }

  function load() {
    return JSON.parse(serialise(items()));
  }

  function save(all) {
    writeText(serialise(all));
    changed();
  }

  function copy(item) {
    var out = empty();
    for (var name in item) out[name] = item[name];
    return out;
  }

  // Apply change to one question's progress and save everything (ProgressFile.update).
  function update(questionId, change) {
    if (typeof questionId !== "string" || !questionId) {
      throw new TypeError("a question id is a non-empty text, not " + quote(questionId));
    }
    var all = items();
    var item = copy(all[questionId] || empty());
    change(item);
    var problem = itemProblem(item); // a bad score or count is refused, never stored
    if (problem) throw new TypeError("progress of " + questionId + ": " + problem);
    item.updated = now();
    all[questionId] = item;
    save(all);
    return copy(item);
  }

  function recordAttempt(questionId, score, solved) {
    var free = score === null || score === undefined;
    if (!free && typeof score !== "number") {
      throw new TypeError("progress of " + questionId + ": a score is a number from 0 to 1 " +
                          "or null, not " + quote(score));
    }
    return update(questionId, function (item) {
      item.attempts += 1;
      if (!free) item.best = Math.max(score, item.best || 0);
      item.solved = item.solved || Boolean(solved);
      item.answered = item.answered || free;
    });
  }

  function recordHint(questionId, shown) {
    return update(questionId, function (item) {
      item.hints = Math.max(item.hints, shown);
    });
  }

  function recordReveal(questionId) {
    return update(questionId, function (item) {
      item.revealed = true;
    });
  }

  function reset() {
    if (store) store.removeItem(KEY);
    memory = null;
    changed();
  }

  function exportText() {
    return serialise(items());
  }

  function download() {
    var blob = new Blob([exportText() + "\n"], { type: "application/json" });
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = FILE_NAME;
    link.hidden = true;
    document.body.appendChild(link);
    link.click();
    setTimeout(function () {
      URL.revokeObjectURL(link.href);
      link.remove();
    }, 1000);
  }

  // Two records of one question joined: the larger counts, the best score, solved, answered
  // and revealed if either says so, the later time.
  function merge(a, b) {
    var out = copy(a);
    out.attempts = Math.max(a.attempts, b.attempts);
    out.hints = Math.max(a.hints, b.hints);
    out.best = a.best === null ? b.best : b.best === null ? a.best : Math.max(a.best, b.best);
    for (var i = 0; i < FLAGS.length; i++) out[FLAGS[i]] = a[FLAGS[i]] || b[FLAGS[i]];
    out.updated = a.updated > b.updated ? a.updated : b.updated;
    return out;
  }

  // Add a progress file's progress to what is kept; nothing changes unless the whole file reads.
  // Returns {ok, message, count}; never throws.
  function importText(text) {
    var data;
    try {
      data = JSON.parse(text);
    } catch (error) {
      return { ok: false, count: 0, message: "Nothing imported: the file is not JSON (" +
               error.message + "). Your progress is as it was." };
    }
    var incoming;
    try {
      incoming = parse(data);
    } catch (error) {
      return { ok: false, count: 0, message: "Nothing imported: this is not a course progress " +
               "file: " + error.message + ". Your progress is as it was." };
    }
    var all = items();
    var ids = Object.keys(incoming);
    for (var i = 0; i < ids.length; i++) {
      var id = ids[i];
      all[id] = all[id] ? merge(all[id], incoming[id]) : incoming[id];
    }
    save(all);
    return { ok: true, count: ids.length, message: "Imported the progress of " + ids.length +
             (ids.length === 1 ? " question." : " questions.") };
  }

  function problem() {
    return [storageNote, damagedNote].filter(Boolean).join(" ");
  }

  // course/quiz/progress.py's summarise and totals, over the sets of a progress spec.
  function summarise(sets, all) {
    var out = [];
    for (var i = 0; i < sets.length; i++) {
      var set = sets[i];
      var s = { id: set.id, title: set.title, total: set.questions.length, done: 0,
                revealed: 0, started: 0 };
      for (var j = 0; j < set.questions.length; j++) {
        var item = all[set.questions[j]] || empty();
        if (item.solved || item.answered) s.done += 1;
        else if (item.revealed) s.revealed += 1;
        else if (item.attempts || item.hints) s.started += 1;
      }
      s.untouched = s.total - s.done - s.revealed - s.started;
      out.push(s);
    }
    return out;
  }

  function totals(summaries) {
    var keys = ["total", "done", "revealed", "started", "untouched"];
    var out = {};
    for (var k = 0; k < keys.length; k++) {
      out[keys[k]] = 0;
      for (var i = 0; i < summaries.length; i++) out[keys[k]] += summaries[i][keys[k]];
    }
    return out;
  }

  // Fill a Python format template ("{name}") from values.
  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
    });
  }

  // The summary in words: describe_progress of course/quiz/summary.py, line for line.
  function describe(spec, summaries) {
    var lines = [fill(spec.words.totals, totals(summaries))];
    for (var i = 0; i < summaries.length; i++) lines.push(fill(spec.words.set, summaries[i]));
    return lines.join("\n");
  }

  return {
    key: KEY, fileName: FILE_NAME, version: VERSION, changedEvent: CHANGED,
    recordAttempt: recordAttempt, recordHint: recordHint, recordReveal: recordReveal,
    load: load, items: items, reset: reset, exportText: exportText, download: download,
    importText: importText, parse: parse, problem: problem, summarise: summarise,
    totals: totals, describe: describe
  };
})();

CourseBook.register("progress", function (element, spec) {
  var progress = CourseBook.progress;
  function part(role) {
    return element.querySelector('[data-role="' + role + '"]');
  }
  var message = part("message");
  var confirm = part("confirm");
  var chooser = part("import-file");

  function text(tag, words) {
    var node = document.createElement(tag);
    node.textContent = words;
    return node;
  }

  function table(summaries) {
    var out = document.createElement("table");
    var head = document.createElement("tr");
    for (var h = 0; h < spec.headings.length; h++) head.appendChild(text("th", spec.headings[h]));
    out.appendChild(head);
    for (var i = 0; i < summaries.length; i++) {
      var s = summaries[i];
      var row = document.createElement("tr");
      var cells = [s.id, s.title, s.done + "/" + s.total, s.revealed, s.started];
      for (var c = 0; c < cells.length; c++) row.appendChild(text("td", String(cells[c])));
      out.appendChild(row);
    }
    return out;
  }

  function chart(summaries) {
    var box = part("chart");
    box.textContent = "";
    for (var i = 0; i < summaries.length; i++) {
      var s = summaries[i];
      box.appendChild(text("span", s.id + " · " + s.title));
      var bar = document.createElement("span");
      bar.className = spec.bar_class;
      for (var k = 0; k < spec.segments.length; k++) {
        var segment = spec.segments[k];
        var piece = document.createElement("span");
        piece.className = segment["class"];
        piece.style.width = (s.total ? (100 * s[segment.name]) / s.total : 0) + "%";
        piece.title = segment.label + ": " + s[segment.name];
        bar.appendChild(piece);
      }
      box.appendChild(bar);
      box.appendChild(text("span", s.done + "/" + s.total));
    }
  }

  function show() {
    var summaries = progress.summarise(spec.sets, progress.items());
    var lines = progress.describe(spec, summaries).split("\n");
    part("totals").textContent = lines[0];
    var problem = part("problem");
    problem.textContent = progress.problem();
    problem.hidden = !problem.textContent;
    var place = part("lines");
    place.textContent = "";
    for (var i = 0; i < lines.length; i++) place.appendChild(text("p", lines[i]));
    chart(summaries);
    place = part("table");
    place.textContent = "";
    place.appendChild(table(summaries));
  }

  function say(words) {
    message.textContent = words;
  }

  part("export").addEventListener("click", function () {
    progress.download();
    say("Exported your progress. Your browser may save it without the leading dot, as " +
        progress.fileName.slice(1) + ": to use it in JupyterLab, put it in the folder the " +
        "notebooks run from, named " + progress.fileName + ".");
  });
  part("import").addEventListener("click", function () {
    chooser.value = "";
    chooser.click();
  });
  chooser.addEventListener("change", function () {
    var file = chooser.files && chooser.files[0];
    if (!file) return;
    var reader = new FileReader();
    reader.onload = function () {
      var outcome = progress.importText(String(reader.result));
      say(outcome.ok ? outcome.message + " (from " + file.name + ")"
                     : file.name + ": " + outcome.message);
      show();
    };
    reader.onerror = function () {
      say(file.name + ": the file could not be read. Your progress is as it was.");
    };
    reader.readAsText(file);
  });
  part("reset").addEventListener("click", function () {
    if (!confirm.checked) {
      say("Tick the box first: a reset cannot be undone.");
      return;
    }
    progress.reset();
    confirm.checked = false;
    say("Your progress in this browser is forgotten.");
  });

  document.addEventListener(progress.changedEvent, show);
  window.addEventListener("storage", function (event) {
    if (event.key === null || event.key === progress.key) show();
  });
  part("static").hidden = true;
  part("live").hidden = false;
  show();
});

/* The front page's line: how much progress this browser holds (the page's text says where). */
CourseBook.register("progress-line", function (element) {
  var line = document.createElement("p");
  line.setAttribute("role", "status");
  line.setAttribute("data-role", "held");
  element.appendChild(line);
  function show() {
    var all = CourseBook.progress.items();
    var ids = Object.keys(all);
    var done = ids.filter(function (id) {
      return all[id].solved || all[id].answered;
    }).length;
    line.textContent = ids.length
      ? "This browser holds your progress on " + ids.length +
        (ids.length === 1 ? " question, " : " questions, ") + done + " of them done."
      : "This browser holds no progress yet.";
    var problem = CourseBook.progress.problem();
    if (problem) line.textContent += " " + problem;
  }
  document.addEventListener(CourseBook.progress.changedEvent, show);
  window.addEventListener("storage", show);
  show();
});
