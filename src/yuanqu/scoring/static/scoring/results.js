/* Results charts: stop scores with their 95 % interval, district scores. Data and (translated) labels from
 * json_script blocks. */
(function () {
  "use strict";
  if (!window.echarts) return;
  var label = window.yuanquLabels("results-labels");
  function bars(id, rows, title) {
    var el = document.getElementById(id);
    if (!el) return;
    rows = rows.filter(function (r) { return r.score !== null; });
    var chart = echarts.init(el);
    chart.setOption({
      title: { text: title, left: "center", textStyle: { fontSize: 14 } }, animation: false,
      grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      xAxis: { type: "value", scale: true },
      yAxis: { type: "category", inverse: true, data: rows.map(function (r) { return r.name; }) },
      series: [
        { name: label("score"), type: "bar", data: rows.map(function (r) { return r.score; }), itemStyle: { color: "#b71c1c" },
          label: { show: true, position: "right", formatter: function (p) { return p.value.toFixed(2); } } },
        { name: label("interval"), type: "custom", data: rows.map(function (r, i) {
            return r.score_ci ? [i, r.score_ci[0], r.score_ci[1]] : [i, r.score, r.score]; }),
          renderItem: function (params, api) {
            var lo = api.coord([api.value(1), api.value(0)]), hi = api.coord([api.value(2), api.value(0)]);
            return { type: "line", shape: { x1: lo[0], y1: lo[1], x2: hi[0], y2: hi[1] },
              style: { stroke: "#1f2933", lineWidth: 2 } };
          }, encode: { x: [1, 2], y: 0 }, z: 10 }
      ]
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }
  bars("stop-chart", JSON.parse(document.getElementById("stop-data").textContent), label("stop_chart"));
  bars("district-chart", JSON.parse(document.getElementById("district-data").textContent),
    label("district_chart"));
})();
