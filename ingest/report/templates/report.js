/* The comparison report's behaviour: the filters, and drawing each chart (plotly.js) when its block
   is first shown. Everything it needs is inside the page. window.budgetwhReport is the hook the
   browser test (and a curious reader's console) uses. */
(function () {
  "use strict";
  var KEYS = ["region", "year", "phase", "scope"];
  var ATTR = { region: "fRegion", year: "fYear", phase: "fPhase", scope: "fScope" };
  var SELECTOR = "[data-f-region],[data-f-year],[data-f-phase],[data-f-scope]";
  function json(id) { return JSON.parse(document.getElementById(id).textContent); }
  var specs = json("chart-data");
  var template = json("chart-template");
  var config = json("chart-config");
  var state = json("filter-defaults");
  var pending = [];
  var drawn = 0;

  function matches(el) {
    for (var i = 0; i < KEYS.length; i++) {
      var value = el.dataset[ATTR[KEYS[i]]];
      if (value !== undefined && value !== state[KEYS[i]]) { return false; }
    }
    return true;
  }

  function isShown(el) {
    for (var node = el; node && node !== document.body; node = node.parentElement) {
      if (node.hidden) { return false; }
    }
    return true;
  }

  function draw() {
    var charts = document.querySelectorAll(".chart[data-chart]");
    charts.forEach(function (div) {
      if (!isShown(div)) { return; }
      if (div.dataset.drawn) { window.Plotly.Plots.resize(div); return; }
      var spec = specs[div.dataset.chart];
      if (!spec) { div.textContent = "（图表数据缺失）"; return; }
      var layout = Object.assign({}, spec.layout, { template: template });
      div.dataset.drawn = "pending";
      pending.push(window.Plotly.newPlot(div, spec.data, layout, config).then(function () {
        div.dataset.drawn = "yes";
        drawn += 1;
      }));
    });
  }

  function apply() {
    document.querySelectorAll(SELECTOR).forEach(function (el) { el.hidden = !matches(el); });
    document.querySelectorAll(".fgroup").forEach(function (group) {
      var note = group.querySelector(":scope > .fempty");
      if (!note) { return; }
      var any = Array.prototype.some.call(group.children, function (child) {
        return child.matches(SELECTOR) && !child.hidden;
      });
      note.hidden = any;
    });
    document.querySelectorAll("tr[data-f-hl-year]").forEach(function (row) {
      row.classList.toggle("highlight", row.dataset.fHlYear === state.year && row.dataset.fHlPhase === state.phase);
    });
    var labels = KEYS.map(function (key) {
      var select = document.getElementById("f-" + key);
      return select && select.selectedIndex >= 0 ? select.options[select.selectedIndex].text : "";
    });
    document.getElementById("f-current").textContent = "当前：" + labels.join(" · ");
    draw();
  }

  function set(key, value) {
    state[key] = String(value);
    var select = document.getElementById("f-" + key);
    if (select) { select.value = state[key]; }
    apply();
    return ready();
  }

  function ready() {
    var waiting = pending.slice();
    return Promise.all(waiting).then(function () {
      return pending.length > waiting.length ? ready() : drawn;
    });
  }

  KEYS.forEach(function (key) {
    var select = document.getElementById("f-" + key);
    if (!select) { return; }
    if (state[key] !== undefined && state[key] !== "") { select.value = state[key]; }
    state[key] = select.value;
    select.addEventListener("change", function () { set(key, select.value); });
  });
  window.addEventListener("resize", function () {
    document.querySelectorAll(".chart[data-drawn='yes']").forEach(function (div) {
      if (isShown(div)) { window.Plotly.Plots.resize(div); }
    });
  });
  window.budgetwhReport = { state: state, set: set, ready: ready, charts: Object.keys(specs).length };
  apply();
})();
