/* The big screen: polls /api/meetings/<pk>/live/ every 2 s and redraws counts, missing raters and the ranking.
 * Its texts come translated from the page (#screen-labels, see core/labels.js). */
(function () {
  "use strict";
  var root = document.getElementById("screen");
  var label = window.yuanquLabels("screen-labels");
  var URL_LIVE = root.dataset.live;
  var chart = window.echarts ? echarts.init(document.getElementById("progress-chart"), "dark") : null;

  function text(tag, value, cls) {
    var el = document.createElement(tag);
    el.textContent = value;
    if (cls) el.className = cls;
    return el;
  }

  function draw(data) {
    document.getElementById("total-submitted").textContent = data.submitted;
    document.getElementById("total-expected").textContent = data.expected;
    document.getElementById("raters").textContent = data.raters;
    document.getElementById("status").textContent = data.status_label;
    var body = document.getElementById("stop-rows");
    body.replaceChildren();
    data.stops.forEach(function (s) {
      var tr = document.createElement("tr");
      tr.dataset.stop = s.id;
      tr.appendChild(text("td", label(s.closed ? "stop_closed" : "stop", { stop: s.name, district: s.district }),
        s.closed ? "closed" : ""));
      var count = text("td", s.submitted + "/" + s.eligible, "num");
      count.dataset.testid = "count-" + s.id;
      count.setAttribute("data-testid", "count-" + s.id);
      tr.appendChild(count);
      tr.appendChild(text("td", s.missing.length ? s.missing.join(label("separator")) : "—", "missing"));
      body.appendChild(tr);
    });
    var ranking = document.getElementById("ranking");
    ranking.replaceChildren();
    document.getElementById("ranking-hidden").hidden = !data.ranking_hidden;
    (data.ranking || []).forEach(function (r) {
      ranking.appendChild(text("li", r.name + "  " + (r.score === null ? "—" : r.score.toFixed(2))));
    });
    document.getElementById("updated").textContent =
      new Date(data.time).toLocaleTimeString(document.documentElement.lang || undefined);
    if (chart) {
      chart.setOption({
        backgroundColor: "transparent", animation: false,
        grid: { left: 8, right: 16, top: 24, bottom: 8, containLabel: true },
        legend: { data: [label("submitted"), label("unsubmitted")] },
        xAxis: { type: "value" },
        yAxis: { type: "category", inverse: true, data: data.stops.map(function (s) { return s.name; }) },
        series: [
          { name: label("submitted"), type: "bar", stack: "n", data: data.stops.map(function (s) { return s.submitted; }) },
          { name: label("unsubmitted"), type: "bar", stack: "n",
            data: data.stops.map(function (s) { return s.eligible - s.submitted; }) }
        ]
      });
    }
  }

  function poll() {
    fetch(URL_LIVE, { headers: { "Accept": "application/json" }, credentials: "same-origin", cache: "no-store" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) { if (data) draw(data); })
      .catch(function () { /* keep the last board; try again */ })
      .then(function () { setTimeout(poll, 2000); });
  }
  window.addEventListener("resize", function () { if (chart) chart.resize(); });
  poll();
})();
