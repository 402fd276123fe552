// CareLoop's only hand-written script: keep the main menu open on wide screens, where it is
// a plain navigation bar, and folded on phones, where it opens with a tap.
(function () {
  var wide = window.matchMedia("(min-width: 1100px)");
  function sync() {
    document.querySelectorAll("details.menu").forEach(function (menu) { menu.open = wide.matches; });
  }
  document.addEventListener("DOMContentLoaded", sync);
  wide.addEventListener("change", sync);
})();
