// 进度看板 charts: investment completion vs time progress, and red/yellow lights, per district. Series names come
// translated from the page (#dashboard-labels, see core/labels.js).
(function () {
  if (!window.echarts) return;
  const label = window.yuanquLabels("dashboard-labels");
  const data = JSON.parse(document.getElementById("data-chart").textContent);
  const progress = echarts.init(document.getElementById("chart-progress"));
  progress.setOption({
    tooltip: {trigger: "axis", valueFormatter: (v) => (v == null ? "—" : v + "%")},
    legend: {},
    xAxis: {type: "category", data: data.regions, axisLabel: {rotate: 30}},
    yAxis: {type: "value", axisLabel: {formatter: "{value}%"}},
    series: [
      {name: label("investment_progress"), type: "bar", data: data.investment, itemStyle: {color: "#b71c1c"}},
      {name: label("time_progress"), type: "bar", data: data.time, itemStyle: {color: "#90a4ae"}},
    ],
  });
  const lights = echarts.init(document.getElementById("chart-lights"));
  lights.setOption({
    tooltip: {trigger: "axis"},
    legend: {},
    xAxis: {type: "category", data: data.regions, axisLabel: {rotate: 30}},
    yAxis: {type: "value", minInterval: 1},
    series: [
      {name: label("red"), type: "bar", stack: "lights", data: data.red, itemStyle: {color: "#c62828"}},
      {name: label("yellow"), type: "bar", stack: "lights", data: data.yellow, itemStyle: {color: "#f9a825"}},
    ],
  });
  window.addEventListener("resize", () => { progress.resize(); lights.resize(); });
})();
