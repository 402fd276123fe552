// Forms on long pages, on a phone: after a refused submit, land on the first field in error
// (the summary at the top says nothing was saved and links every error); and keep a
// focused field clear of a sticky action bar at the bottom of the screen.
(function () {
  var FIELD = "input:not([type=hidden]), select, textarea, button";

  function firstInvalidControl() {
    var invalid = document.querySelector(".field-invalid");
    if (!invalid) return null;
    return invalid.matches(FIELD) ? invalid : invalid.querySelector(FIELD);
  }

  function stickyBarHeight(except) {
    var height = 0;
    document.querySelectorAll(".sticky-actions").forEach(function (bar) {
      if (bar.contains(except)) return;
      var style = window.getComputedStyle(bar);
      if (style.position === "sticky" || style.position === "fixed") {
        height = Math.max(height, bar.getBoundingClientRect().height);
      }
    });
    return height;
  }

  function keepClearOfBar(element) {
    var bar = stickyBarHeight(element);
    if (!bar) return;
    var box = element.getBoundingClientRect();
    var limit = window.innerHeight - bar - 12;
    if (box.bottom > limit) window.scrollBy(0, box.bottom - limit);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector("[data-error-summary]");
    if (!summary) {
      // Refused for the form as a whole ("someone saved first"): land on that message.
      var message = document.querySelector("main .form-errors");
      if (message) {
        message.setAttribute("tabindex", "-1");
        message.focus({ preventScroll: true });
        message.scrollIntoView({ block: "center" });
      }
      return;
    }
    var control = firstInvalidControl();
    if (control) {
      control.focus({ preventScroll: true });
      control.scrollIntoView({ block: "center" });
    } else {
      summary.focus();
    }
  });

  // A link in the summary focuses its field (a radio group's first option included).
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-error-summary] a[href^='#']");
    if (!link) return;
    var target = document.getElementById(link.getAttribute("href").slice(1));
    if (!target) return;
    event.preventDefault();
    target.focus({ preventScroll: true });
    target.scrollIntoView({ block: "center" });
  });

  document.addEventListener("focusin", function (event) {
    if (event.target.matches && event.target.matches(FIELD)) keepClearOfBar(event.target);
  });
})();
