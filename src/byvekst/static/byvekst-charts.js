/* Charts drawn with Apache ECharts from a JSON spec the server writes beside each chart (json_script).
   Numbers are formatted in the page's language (1 451,0 in Norwegian); every chart has a data table next to it
   for screen readers and for print, and an aria description from the spec. No markup is built from numbers. */
(function () {
  "use strict";
  if (typeof echarts === "undefined") { return; }
  var lang = document.documentElement.lang || "nb";
  echarts.registerLocale("NB", {
    time: {
      month: ["januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "desember"],
      monthAbbr: ["jan", "feb", "mar", "apr", "mai", "jun", "jul", "aug", "sep", "okt", "nov", "des"],
      dayOfWeek: ["søndag", "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag"],
      dayOfWeekAbbr: ["søn", "man", "tir", "ons", "tor", "fre", "lør"]
    },
    legend: { selector: { all: "Alle", inverse: "Omvendt" } },
    toolbox: {
      brush: { title: { rect: "Rektangelutvalg", polygon: "Lassoutvalg", lineX: "Vannrett utvalg", lineY: "Loddrett utvalg", keep: "Behold utvalg", clear: "Tøm utvalg" } },
      dataView: { title: "Datavisning", lang: ["Datavisning", "Lukk", "Oppdater"] },
      dataZoom: { title: { zoom: "Zoom", back: "Tilbakestill zoom" } },
      magicType: { title: { line: "Linjediagram", bar: "Søylediagram", stack: "Stable", tiled: "Side om side" } },
      restore: { title: "Tilbakestill" },
      saveAsImage: { title: "Lagre som bilde", lang: ["Høyreklikk for å lagre bildet"] }
    },
    series: { typeNames: { pie: "Sektordiagram", bar: "Søylediagram", line: "Linjediagram", scatter: "Punktdiagram", chart: "Diagram" } },
    aria: {
      general: { withTitle: "Dette er et diagram om «{title}»", withoutTitle: "Dette er et diagram" },
      series: { single: { prefix: "", withName: " med navnet {name}.", withoutName: " av typen {seriesType}." },
        multiple: { prefix: ". Det har {seriesCount} serier.", withName: " Serie {seriesId} er et {seriesType} for {seriesName}.", withoutName: " Serie {seriesId} er et {seriesType}.", separator: { middle: "", end: "" } } },
      data: { allData: "Dataene er: ", partialData: "De første {displayCnt} er: ", withName: "verdien for {name} er {value}", withoutName: "{value}", separator: { middle: ", ", end: ". " } }
    }
  });
  var PALETTE = ["#00563f", "#0072b2", "#d55e00", "#7a1f7a", "#4a5560", "#e69f00", "#009e73", "#a4000f"];

  function formatter(decimals) {
    var nf = new Intl.NumberFormat(lang, { maximumFractionDigits: decimals, minimumFractionDigits: 0 });
    return function (v) { return (v === null || v === undefined || isNaN(v)) ? "–" : nf.format(v); };
  }

  function axis(ax, fmt) {
    var out = { type: ax.type || "value", name: ax.label || "", nameLocation: "middle", nameGap: ax.type === "category" ? 28 : 48,
      axisLabel: {}, splitLine: { lineStyle: { color: "#d8dee4" } } };
    if (ax.type === "category") { out.data = ax.categories; out.axisLabel.interval = 0; }
    else { out.axisLabel.formatter = fmt; if (ax.min !== undefined) { out.min = ax.min; } out.scale = !!ax.scale; }
    return out;
  }

  function option(spec) {
    var fmt = formatter(spec.decimals === undefined ? 1 : spec.decimals);
    var unit = spec.unit ? " " + spec.unit : "";
    var horizontal = !!spec.horizontal;
    var x = axis(spec.x, fmt), y = axis(spec.y, fmt);
    var series = spec.series.map(function (s, i) {
      var item = { name: s.name, type: s.type, data: s.data, stack: s.stack || undefined, itemStyle: { color: s.color || PALETTE[i % PALETTE.length] },
        emphasis: { focus: "series" }, label: { show: false } };
      if (s.type === "line") { item.symbolSize = 7; item.connectNulls = false; item.lineStyle = { width: 2, type: s.dashed ? "dashed" : "solid" }; if (s.step) { item.step = "middle"; } }
      if (s.type === "scatter") { item.symbolSize = s.size || 10; item.encode = { x: 0, y: 1, tooltip: [2, 0, 1] }; }
      if (s.type === "bar") { item.barMaxWidth = 48; }
      return item;
    });
    return {
      animation: false,
      aria: { enabled: true, label: { description: spec.description || "" } },
      color: PALETTE,
      textStyle: { fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif" },
      grid: { containLabel: true, left: 16, right: 24, top: 24, bottom: spec.series.length > 1 ? 56 : 24 },
      legend: { show: spec.series.length > 1, bottom: 0, type: "scroll" },
      tooltip: spec.series.some(function (s) { return s.type === "scatter"; }) ? {
        trigger: "item",
        formatter: function (p) {
          var d = p.data;
          var box = document.createElement("div");
          var title = document.createElement("strong"); title.textContent = d[2] || p.seriesName; box.appendChild(title);
          var line = document.createElement("div");
          line.textContent = spec.x.label + ": " + fmt(d[0]) + " · " + spec.y.label + ": " + fmt(d[1]);
          box.appendChild(line);
          return box;
        }
      } : { trigger: "axis", axisPointer: { type: "shadow" }, valueFormatter: function (v) { return fmt(v) + unit; } },
      xAxis: horizontal ? y : x,
      yAxis: horizontal ? x : y,
      series: series
    };
  }

  function draw(el) {
    var source = document.getElementById(el.getAttribute("data-chart"));
    if (!source) { return; }
    var spec = JSON.parse(source.textContent);
    var chart = echarts.init(el, null, { renderer: "svg", locale: lang.indexOf("nb") === 0 ? "NB" : "EN" });
    chart.setOption(option(spec));
    window.addEventListener("resize", function () { chart.resize(); });
  }

  function drawAll(root) { (root || document).querySelectorAll("[data-chart]").forEach(draw); }
  document.addEventListener("DOMContentLoaded", function () { drawAll(document); });
  document.body && document.body.addEventListener("htmx:afterSwap", function (e) { drawAll(e.target); });
})();
