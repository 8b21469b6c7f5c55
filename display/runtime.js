// display's browser runtime: a few functions shared by every chart on a page.
// Each chart output carries this script; the first copy to run defines
// window.gdDisplay and later copies return at once. Charts whose library has
// not arrived yet wait in a queue that the library-carrying output drains.
(function (w) {
  "use strict";
  var VERSION = 1;
  if (w.gdDisplay && w.gdDisplay.version >= VERSION) return;
  var pending = (w.gdDisplay && w.gdDisplay.pending) || [];

  function ready(job) {
    return !!w.echarts && typeof w.echarts.init === "function" && (!job.gl || !!w["echarts-gl"]);
  }

  // Light text on the output means a dark notebook theme.
  function isDark(el) {
    var m = /rgba?\(([^)]+)\)/.exec(getComputedStyle(el).color || "");
    if (!m) return false;
    var c = m[1].split(",").map(parseFloat);
    return (0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2]) / 255 > 0.5;
  }

  function palette(dark) {
    return dark
      ? { fg: "#d8d8d8", muted: "#a8a8a8", axis: "#8c8c8c", grid: "rgba(255,255,255,0.12)", tipBg: "#2b2b2b" }
      : { fg: "#333333", muted: "#666666", axis: "#999999", grid: "#e6e6e6", tipBg: "#ffffff" };
  }

  function theme(dark) {
    var p = palette(dark);
    var axis = {
      axisLine: { lineStyle: { color: p.axis } },
      axisTick: { lineStyle: { color: p.axis } },
      axisLabel: { color: p.muted },
      splitLine: { lineStyle: { color: p.grid } },
      nameTextStyle: { color: p.fg, fontSize: 12 }
    };
    return {
      backgroundColor: "transparent",
      textStyle: { color: p.fg },
      title: { textStyle: { color: p.fg }, subtextStyle: { color: p.muted } },
      legend: { textStyle: { color: p.fg }, inactiveColor: p.axis },
      tooltip: { backgroundColor: p.tipBg, borderColor: p.axis, textStyle: { color: p.fg } },
      grid: { borderColor: p.axis },
      valueAxis: axis, logAxis: axis, categoryAxis: axis,
      timeline: {
        lineStyle: { color: p.axis }, itemStyle: { color: p.axis },
        label: { color: p.muted }, controlStyle: { color: p.fg, borderColor: p.fg },
        checkpointStyle: { color: "#1f77b4", borderColor: p.tipBg }
      }
    };
  }

  var registered = {};
  function themeName(el) {
    var dark = isDark(el), name = dark ? "gd-dark" : "gd-light";
    if (!registered[name]) {
      w.echarts.registerTheme(name, theme(dark));
      registered[name] = true;
    }
    return { name: name, dark: dark };
  }

  // ECharts themes do not reach ECharts GL's 3-D axes, so colour them here,
  // leaving alone whatever the option already sets.
  function dflt(o, keys, v) {
    for (var i = 0; i < keys.length - 1; i++) o = o[keys[i]] = o[keys[i]] || {};
    if (o[keys[keys.length - 1]] == null) o[keys[keys.length - 1]] = v;
  }
  function style3D(option, dark) {
    var p = palette(dark), g = option.grid3D = option.grid3D || {};
    dflt(g, ["axisLine", "lineStyle", "color"], p.axis);
    dflt(g, ["axisLabel", "textStyle", "color"], p.muted);
    dflt(g, ["splitLine", "lineStyle", "color"], p.grid);
    dflt(g, ["axisPointer", "lineStyle", "color"], p.fg);
    dflt(g, ["axisPointer", "label", "textStyle", "color"], p.fg);
    ["xAxis3D", "yAxis3D", "zAxis3D"].forEach(function (k) {
      dflt(option, [k, "nameTextStyle", "color"], p.fg);
    });
    (Array.isArray(option.visualMap) ? option.visualMap : [option.visualMap || {}]).forEach(function (v) {
      dflt(v, ["textStyle", "color"], p.fg);
    });
  }

  function webglAvailable() {
    try {
      var c = document.createElement("canvas");
      return !!(c.getContext("webgl") || c.getContext("experimental-webgl"));
    } catch (e) {
      return false;
    }
  }

  function draw(job) {
    var root = document.getElementById(job.id);
    if (!root || root.getAttribute("data-gd-drawn")) return;
    if (job.gl && !webglAvailable()) {
      // Keep the static image: it is the right view where WebGL is missing.
      console.warn("display: WebGL is not available; " + job.id + " keeps its static image");
      return;
    }
    var box = root.querySelector(".gd-canvas"), img = root.querySelector(".gd-fallback");
    var t = themeName(root);
    box.style.display = "block";
    try {
      if (job.gl) style3D(job.option.baseOption || job.option, t.dark);
      var chart = w.echarts.init(box, t.name, { renderer: "canvas", width: job.w, height: job.h });
      chart.setOption(job.option);
    } catch (e) {
      box.style.display = "none";
      throw e;
    }
    if (img) img.style.display = "none";
    root.setAttribute("data-gd-theme", t.name);
    root.setAttribute("data-gd-drawn", "1");
  }

  // One broken chart must not stop the others drawing; report it all the same.
  function safeDraw(job) {
    try {
      draw(job);
    } catch (e) {
      setTimeout(function () { throw e; });
    }
  }

  w.gdDisplay = {
    version: VERSION,
    pending: pending,
    // render draws a chart now if its libraries are loaded, else when they are.
    render: function (job) {
      if (ready(job)) draw(job);
      else pending.push(job);
    },
    // loaded is called by the output that carries a library, once evaluated.
    loaded: function () {
      var rest = [];
      for (var i = 0; i < pending.length; i++) {
        if (!ready(pending[i])) rest.push(pending[i]);
        else safeDraw(pending[i]);
      }
      pending.length = 0;
      Array.prototype.push.apply(pending, rest);
    }
  };
  if (w.echarts) w.gdDisplay.loaded();
})(window);
