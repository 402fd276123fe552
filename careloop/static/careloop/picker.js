// Two helpers for long program and session forms. Without JavaScript both still work: the
// exercise list is a plain <select>, and Up/Down submit the form, which comes back with the
// rows in their new order and nothing saved. No inline script or style (strict CSP).

// 1. A filter box over each exercise list (select[data-filterable]): typing keeps only the
//    options whose name holds every typed word; the chosen option always stays.
(function () {
  function fold(text) {
    return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  function snapshot(select) {
    // The full list once, as [{label, options: [{value, text}]}] (label "" when ungrouped).
    var groups = [];
    Array.prototype.forEach.call(select.children, function (child) {
      if (child.tagName === "OPTGROUP") {
        groups.push({
          label: child.label,
          options: Array.prototype.map.call(child.children, function (o) {
            return { value: o.value, text: o.textContent };
          }),
        });
      } else {
        groups.push({ label: "", options: [{ value: child.value, text: child.textContent }] });
      }
    });
    return groups;
  }

  function rebuild(select, groups, query) {
    var words = fold(query).split(/\s+/).filter(Boolean);
    var current = select.value;
    var shown = 0;
    select.textContent = "";
    groups.forEach(function (group) {
      var keep = group.options.filter(function (o) {
        if (o.value === "" || o.value === current) return true;
        var text = fold(o.text);
        return words.every(function (w) { return text.indexOf(w) !== -1; });
      });
      if (!keep.length) return;
      var parent = select;
      if (group.label) {
        parent = document.createElement("optgroup");
        parent.label = group.label;
        select.appendChild(parent);
      }
      keep.forEach(function (o) {
        var option = document.createElement("option");
        option.value = o.value;
        option.textContent = o.text;
        if (o.value === current) option.selected = true;
        if (o.value !== "") shown += 1;
        parent.appendChild(option);
      });
    });
    return shown;
  }

  function enhance(select) {
    if (select.dataset.filterReady) return;
    select.dataset.filterReady = "1";
    var groups = snapshot(select);
    var box = document.createElement("input");
    box.type = "search";
    box.className = "ex-filter";
    box.placeholder = "Type to filter the list";
    box.autocomplete = "off";
    box.setAttribute("aria-label", "Filter the exercise list");
    box.setAttribute("aria-controls", select.id);
    var status = document.createElement("span");
    status.className = "sr-only";
    status.setAttribute("aria-live", "polite");
    box.addEventListener("input", function () {
      var count = rebuild(select, groups, box.value);
      status.textContent = box.value ? count + " exercises match" : "";
    });
    // Enter in the filter must not submit the form: it moves to the shortened list.
    box.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
        select.focus();
      }
    });
    select.parentNode.insertBefore(box, select);
    select.parentNode.insertBefore(status, select);
  }

  function enhanceAll(root) {
    root.querySelectorAll("select[data-filterable]").forEach(enhance);
  }

  document.addEventListener("DOMContentLoaded", function () { enhanceAll(document); });
  // A row added by htmx brings a new list (enhancing twice is harmless: it is marked).
  document.addEventListener("htmx:afterSettle", function () { enhanceAll(document); });
})();

// 2. Up and Down on the program form's rows move the row in the page and renumber the
//    hidden positions, keeping focus on the button pressed.
(function () {
  function rows(list) {
    return Array.prototype.filter.call(list.children, function (el) {
      return el.classList.contains("ex-row");
    });
  }

  function renumber(list) {
    rows(list).forEach(function (row, index) {
      var order = row.querySelector("input.order-input");
      if (order) order.value = String(index + 1);
    });
  }

  function nameOf(row) {
    var select = row.querySelector("select[data-filterable]");
    var option = select && select.options[select.selectedIndex];
    return option && option.value ? option.textContent : "this exercise";
  }

  // The buttons say which exercise they move; a row whose exercise changes says so too.
  document.addEventListener("change", function (event) {
    var select = event.target;
    if (!select.matches || !select.matches("select[data-filterable]")) return;
    var row = select.closest(".ex-row");
    if (!row) return;
    var name = nameOf(row);
    var group = row.querySelector(".reorder");
    if (group) group.setAttribute("aria-label", "Move " + name);
    row.querySelectorAll("button[data-move]").forEach(function (button) {
      var label = button.querySelector(".sr-only");
      if (label) label.textContent = "Move " + name + " " + button.dataset.move;
    });
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button[data-move]");
    if (!button) return;
    var row = button.closest(".ex-row");
    var list = row && row.parentNode;
    if (!list) return;
    event.preventDefault();
    var all = rows(list);
    var index = all.indexOf(row);
    var up = button.dataset.move === "up";
    var target = up ? all[index - 1] : all[index + 1];
    var status = document.getElementById("reorder-status");
    if (!target) {
      if (status) status.textContent = "It is already " + (up ? "first" : "last") + ".";
      return;
    }
    if (up) list.insertBefore(row, target);
    else list.insertBefore(target, row);
    renumber(list);
    button.focus();
    if (status) {
      status.textContent = nameOf(row) + " moved to position " + (all.indexOf(target) + 1) + " of " + all.length + ".";
    }
  });

  // Rows added by htmx have no position yet: number every row by its place before saving.
  document.addEventListener("submit", function (event) {
    var list = event.target.querySelector && event.target.querySelector("#item-rows");
    if (list) renumber(list);
  });
})();
