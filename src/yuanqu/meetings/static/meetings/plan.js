/* Planning page: stops on plain lon/lat axes (no map tiles) with each day's route. Data from #plot-data, translated
 * labels from #plan-labels (see core/labels.js). */
(function () {
  var el = document.getElementById("plot"), src = document.getElementById("plot-data");
  if (!el || !src || !window.echarts) return;
  var label = window.yuanquLabels("plan-labels");
  var data = JSON.parse(src.textContent);
  var colours = ["#b71c1c", "#0b5cad", "#2e7d32", "#6a1b9a", "#ef6c00", "#00838f", "#5d4037"];
  var series = [];
  data.day_labels.forEach(function (dayLabel, d) {
    series.push({ name: dayLabel, type: "scatter", symbolSize: 12, itemStyle: { color: colours[d % colours.length] },
      data: data.points.filter(function (p) { return p.day === d; })
        .map(function (p) {
          return { value: [p.lon, p.lat],
            name: label("scheduled_stop", { order: p.order, stop: p.name, region: p.region }) };
        }) });
  });
  series.push({ name: data.unscheduled_label, type: "scatter", symbolSize: 10, itemStyle: { color: "#9aa5b1" },
    data: data.points.filter(function (p) { return p.day === null; })
      .map(function (p) {
        return { value: [p.lon, p.lat], name: label("stop", { stop: p.name, region: p.region }) };
      }) });
  data.lines.forEach(function (line) {
    series.push({ name: line.label, type: "line", data: line.path, showSymbol: false, silent: true,
      lineStyle: { color: colours[line.day % colours.length], width: 2 } });
  });
  if (data.depot) {
    series.push({ name: data.depot.name, type: "scatter", symbol: "rect", symbolSize: 14, itemStyle: { color: "#1f2933" },
      data: [{ value: [data.depot.lon, data.depot.lat], name: data.depot.name }] });
  }
  function degrees(v) { return v.toFixed(2); }
  var chart = echarts.init(el);
  chart.setOption({
    animation: false,
    tooltip: { trigger: "item", formatter: function (p) { return p.name || p.seriesName; } },
    legend: { top: 0, type: "scroll" },
    grid: { left: 50, right: 30, top: 64, bottom: 40 },
    xAxis: { type: "value", scale: true, name: label("longitude"), axisLabel: { formatter: degrees } },
    yAxis: { type: "value", scale: true, name: label("latitude"), axisLabel: { formatter: degrees } },
    series: series
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
