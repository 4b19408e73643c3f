// 一张图: draws a map payload (core/mapping.py) with the vendored ECharts, offline. Every element with
// data-map="<id of a json_script>" becomes a chart: the areas (the uploaded boundary, or the schematic's dashed
// cells), markers (projects by light, carriers by vacancy, stops), routes in stop order with their numbers.
// A click on a marker with a url opens it. Labels come translated from #map-labels (core/labels.js).
(function () {
  if (!window.echarts) return;
  const label = window.yuanquLabels ? window.yuanquLabels("map-labels") : (key) => key;
  let mapCount = 0;

  function extent(areas) {
    let minLon = 180, minLat = 90, maxLon = -180, maxLat = -90;
    const walk = (coords) => {
      if (typeof coords[0] === "number") {
        minLon = Math.min(minLon, coords[0]); maxLon = Math.max(maxLon, coords[0]);
        minLat = Math.min(minLat, coords[1]); maxLat = Math.max(maxLat, coords[1]);
      } else coords.forEach(walk);
    };
    areas.features.forEach((f) => walk(f.geometry.coordinates));
    return [minLon, minLat, maxLon, maxLat];
  }

  function draw(element) {
    const data = JSON.parse(document.getElementById(element.dataset.map).textContent);
    if (!data.areas.features.length) return;
    const name = "yuanqu-areas-" + (++mapCount);
    echarts.registerMap(name, data.areas);
    const box = extent(data.areas);
    const groups = [];
    const byGroup = {};
    data.markers.forEach((m) => {
      const key = m.group || m.kind;
      if (!byGroup[key]) { byGroup[key] = {color: m.color, kind: m.kind, items: []}; groups.push(key); }
      byGroup[key].items.push({name: m.name, value: [m.lon, m.lat], url: m.url, detail: m.detail});
    });
    const series = groups.map((key) => ({
      name: key, type: "scatter", coordinateSystem: "geo", z: 4,
      symbol: byGroup[key].kind === "carrier" ? "rect" : "circle",
      symbolSize: byGroup[key].kind === "district" ? 18 : byGroup[key].kind === "carrier" ? 9 : 10,
      itemStyle: {color: byGroup[key].color, borderColor: "#fff", borderWidth: 1},
      data: byGroup[key].items,
    }));
    data.routes.forEach((route) => {
      series.push({
        name: route.name, type: "lines", coordinateSystem: "geo", polyline: true, z: 3,
        lineStyle: {color: route.color, width: 3, opacity: 0.8},
        effect: {show: false},
        data: [{coords: route.points.map((p) => [p[0], p[1]])}],
      });
      series.push({
        name: route.name, type: "scatter", coordinateSystem: "geo", z: 5, symbolSize: 20,
        itemStyle: {color: route.color},
        label: {show: true, formatter: (p) => p.data.stop, color: "#fff", fontSize: 11},
        data: route.points.filter((p) => p[2]).map((p) => ({name: route.name + " " + p[2], value: [p[0], p[1]], stop: p[2], url: p[3]})),
      });
    });
    const chart = echarts.init(element);
    chart.setOption({
      animation: false,  // a map is read, not watched; and the big screen redraws it without flicker
      tooltip: {trigger: "item", formatter: (p) => {
        if (p.seriesType === "lines") return p.seriesName;
        const detail = p.data && p.data.detail ? "<br>" + echarts.format.encodeHTML(p.data.detail) : "";
        return echarts.format.encodeHTML(p.name || "") + detail;
      }},
      legend: {type: "scroll", bottom: 0, data: [...groups, ...new Set(data.routes.map((r) => r.name))]},
      geo: {
        map: name, roam: true, aspectScale: Math.cos(((box[1] + box[3]) / 2) * Math.PI / 180),
        label: {show: true, color: "#607d8b", fontSize: 11},
        itemStyle: {areaColor: data.schematic ? "#f5f5f5" : "#eef3f8", borderColor: "#90a4ae",
                    borderType: data.schematic ? "dashed" : "solid"},
        emphasis: {label: {show: true}, itemStyle: {areaColor: "#e3f2fd"}},
        select: {disabled: true},
      },
      series: series,
      aria: {enabled: true, label: {description: element.getAttribute("aria-label") || label("map")}},
    });
    chart.on("click", (p) => { if (p.data && p.data.url) window.location.href = p.data.url; });
    element.dataset.drawn = String(data.markers.length);
    window.addEventListener("resize", () => chart.resize());
  }

  document.querySelectorAll("[data-map]").forEach(draw);
})();
