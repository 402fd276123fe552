// The referral source search sits inside the client form: Enter there searches now
// instead of submitting the whole form.
(function () {
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.key === "Enter" && target && target.matches && target.matches("input[data-picker-search]")) {
      event.preventDefault();
      target.dispatchEvent(new Event("search", { bubbles: true }));
    }
  });
})();
