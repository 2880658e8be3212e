/* The offline book's script core: a registry of handlers, one per widget name, and what several
   handlers share (SVG elements, numbers written as Python writes them).
   A handler is called once per element `[data-course-widget="<name>"]` on the page, with the
   element and the parsed JSON of its `script[data-role="spec"]` child. No network, no framework. */
"use strict";
var CourseBook = (function () {
  var handlers = {};
  function data(element, role) {
    var block = element.querySelector('script[type="application/json"][data-role="' + role + '"]');
    return block ? JSON.parse(block.textContent) : null;
  }
  function register(name, handler) {
    handlers[name] = handler;
  }
  /* An SVG element named `name` with the given attributes (the book's figures are inline SVG). */
  function svgElement(name, attributes) {
    var made = document.createElementNS("http://www.w3.org/2000/svg", name);
    for (var key in attributes) {
      if (Object.prototype.hasOwnProperty.call(attributes, key)) {
        made.setAttribute(key, attributes[key]);
      }
    }
    return made;
  }
  /* Python's round(x): to the nearest integer, halves to the even one. */
  function roundHalfEven(x) {
    var floor = Math.floor(x);
    var rest = x - floor;
    if (rest > 0.5) return floor + 1;
    if (rest < 0.5) return floor;
    return floor % 2 === 0 ? floor : floor + 1;
  }
  /* Python's f"{x:.{d}f}": JS's toFixed rounds an exact tie away from zero, Python to even. */
  function fixed(x, d) {
    var scaled = x * Math.pow(10, d);
    var dyadic = x * Math.pow(2, d + 1);
    if (Math.floor(dyadic) === dyadic && Math.abs(scaled - Math.trunc(scaled)) === 0.5) {
      var n = Math.abs(roundHalfEven(Math.abs(scaled)));
      var digits = String(n);
      while (digits.length <= d) digits = "0" + digits;
      var whole = digits.slice(0, digits.length - d);
      return (x < 0 ? "-" : "") + whole + (d ? "." + digits.slice(digits.length - d) : "");
    }
    return x.toFixed(d);
  }
  function start() {
    var found = document.querySelectorAll("[data-course-widget]");
    for (var i = 0; i < found.length; i++) {
      var element = found[i];
      var handler = handlers[element.getAttribute("data-course-widget")];
      if (handler && !element.hasAttribute("data-course-ready")) {
        handler(element, data(element, "spec"));
        element.setAttribute("data-course-ready", "");
      }
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    setTimeout(start, 0);
  }
  return {
    register: register,
    data: data,
    start: start,
    svgElement: svgElement,
    roundHalfEven: roundHalfEven,
    fixed: fixed
  };
})();
