/* The offline book's script core: a registry of handlers, one per widget name.
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
  return { register: register, data: data, start: start };
})();
