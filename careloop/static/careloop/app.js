// CareLoop's own script for every page. The Content-Security-Policy allows no inline script
// or event handler attributes (no onclick=, no hx-on), so behaviour lives here.

// Keep the main menu open on wide screens, where it is a plain navigation bar, and folded
// on phones, where it opens with a tap.
(function () {
  var wide = window.matchMedia("(min-width: 1100px)");
  function sync() {
    document.querySelectorAll("details.menu").forEach(function (menu) { menu.open = wide.matches; });
  }
  document.addEventListener("DOMContentLoaded", sync);
  wide.addEventListener("change", sync);
})();

// A chart slot (training/_chart_slot.html) is busy until htmx has put the chart in; if the
// chart cannot be loaded, say so where "Loading chart…" was.
(function () {
  function slotOf(event) {
    var target = event.detail && event.detail.elt;
    return target && target.classList && target.classList.contains("chart-slot") ? target : null;
  }
  document.addEventListener("htmx:afterSettle", function (event) {
    var slot = slotOf(event);
    if (slot) slot.setAttribute("aria-busy", "false");
  });
  document.addEventListener("htmx:responseError", function (event) {
    var slot = slotOf(event);
    if (!slot) return;
    slot.setAttribute("aria-busy", "false");
    var status = slot.querySelector(".chart-status");
    if (status) status.textContent = "The chart could not be loaded.";
  });
})();
