// display's browser runtime: a few functions shared by every chart on a page.
// Each chart output carries this script; the first copy to run defines
// window.gdDisplay and later copies return at once (a newer version replaces
// an older one). Charts whose library has not arrived yet wait in a queue
// that the library-carrying output drains.
(function (w) {
  "use strict";
  var VERSION = 3;
  if (w.gdDisplay && w.gdDisplay.version >= VERSION) return;
  var pending = (w.gdDisplay && w.gdDisplay.pending) || [];
  var live = []; // drawn charts: {job, root, box, chart, theme}

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
      legend: {
        textStyle: { color: p.fg }, inactiveColor: p.axis,
        pageTextStyle: { color: p.muted }, pageIconColor: p.fg, pageIconInactiveColor: p.axis
      },
      tooltip: { backgroundColor: p.tipBg, borderColor: p.axis, textStyle: { color: p.fg } },
      grid: { borderColor: p.axis },
      visualMap: { textStyle: { color: p.fg } },
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

  // ECharts themes do not reach ECharts GL's 3-D axes, so colour them here
  // (again on a theme switch, hence set, not default).
  function set(o, keys, v) {
    for (var i = 0; i < keys.length - 1; i++) {
      var k = keys[i];
      if (Array.isArray(o[k])) o = o[k][0] = o[k][0] || {};
      else o = o[k] = o[k] || {};
    }
    o[keys[keys.length - 1]] = v;
  }
  function style3D(option, dark) {
    var p = palette(dark);
    set(option, ["grid3D", "axisLine", "lineStyle", "color"], p.axis);
    set(option, ["grid3D", "axisLabel", "textStyle", "color"], p.muted);
    set(option, ["grid3D", "splitLine", "lineStyle", "color"], p.grid);
    set(option, ["grid3D", "axisPointer", "lineStyle", "color"], p.fg);
    set(option, ["grid3D", "axisPointer", "label", "textStyle", "color"], p.fg);
    ["xAxis3D", "yAxis3D", "zAxis3D"].forEach(function (k) {
      set(option, [k, "nameTextStyle", "color"], p.fg);
    });
    set(option, ["visualMap", "textStyle", "color"], p.fg);
  }

  // Numbers in tooltips and labels: 4 significant digits, in exponent form
  // outside 1e-4..1e6 (1.235e-7, 1e-193).
  function fmt4(v) {
    if (typeof v !== "number" || !isFinite(v)) return String(v);
    if (v === 0) return "0";
    var a = Math.abs(v);
    if (a >= 1e-4 && a < 1e6) return String(Number(v.toPrecision(4)));
    return v.toExponential(3).replace(/\.?0+e/, "e").replace("e+", "e");
  }

  // A tick label: the shortest form of the value, in exponent form outside
  // 1e-4..1e6 (display's formatTick in Go prints the same).
  function tick(v) {
    if (typeof v !== "number" || !isFinite(v)) return String(v);
    if (v === 0) return "0";
    var a = Math.abs(v);
    return a >= 1e6 || a < 1e-4 ? v.toExponential().replace("e+", "e") : String(v);
  }

  // The label of a log axis tick at exponent e: 0.001 to 100000 plainly,
  // else 1e-120 (display's formatPower in Go prints the same).
  function power(e) {
    var r = Math.round(e);
    if (Math.abs(e - r) > 1e-9) return fmt4(Math.pow(10, e));
    if (r >= -4 && r <= 5) return String(Number(Math.pow(10, r).toPrecision(12)));
    return "1e" + r;
  }

  function escapeHTML(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  // Formatters by kind. JSON cannot carry functions, so the option names
  // them: an object holding gdFormat: {kind: ...} gets that formatter.
  var formatters = {
    // A marker: its series' label if it has one, then (x, y); on a log
    // axis the chart holds log10(y), shown here as y.
    point: function (spec) {
      return function (p) {
        var v = p.value || [], y = spec.logY ? Math.pow(10, v[1]) : v[1], x = spec.logX ? Math.pow(10, v[0]) : v[0];
        if (spec.x) x = x * spec.x.unit + spec.x.offset;
        if (spec.y) y = y * spec.y.unit + spec.y.offset;
        var xy = "(" + fmt4(x) + ", " + fmt4(y) + ")";
        return spec.named ? escapeHTML(p.seriesName) + "<br/>" + xy : xy;
      };
    },
    point3D: function () {
      return function (p) {
        var v = p.value || [];
        return "(" + fmt4(v[0]) + ", " + fmt4(v[1]) + ", " + fmt4(v[2]) + ")";
      };
    },
    power: function () { return power; },
    // Words for the ticks 0, 1, 2... (the classes of a confusion matrix).
    names: function (spec) {
      return function (v) {
        var i = Math.round(v);
        return i >= 0 && i < spec.names.length ? spec.names[i] : "";
      };
    },
    tick: function () { return tick; }
  };
  function withFormatters(o) {
    if (!o || typeof o !== "object") return;
    if (Array.isArray(o)) {
      // Data arrays hold numbers; only arrays of objects need a look.
      for (var i = 0; i < o.length; i++) if (o[i] && typeof o[i] === "object" && !Array.isArray(o[i])) withFormatters(o[i]);
      return;
    }
    for (var k in o) if (k !== "gdFormat" && k !== "data") withFormatters(o[k]);
    if (o.gdFormat) {
      var make = formatters[o.gdFormat.kind];
      if (make) o.formatter = make(o.gdFormat);
      delete o.gdFormat;
    }
  }

  function base(option) { return option.baseOption || option; }
  function first(v) { return Array.isArray(v) ? v[0] : v; }

  var measure;
  function textWidth(s) {
    measure = measure || document.createElement("canvas").getContext("2d");
    measure.font = "12px sans-serif"; // ECharts' default legend font
    return measure.measureText(String(s)).width;
  }

  // legendRows counts the rows a plain legend takes in width maxW, wrapping
  // as ECharts does: items of a 25px icon, 5px and the label, 10px apart.
  // An item wider than maxW fits in no number of rows.
  function legendRows(labels, maxW) {
    var rows = 0, x = 0;
    for (var i = 0; i < labels.length; i++) {
      var iw = 30 + textWidth(labels[i]);
      if (iw > maxW) return Infinity;
      if (rows === 0 || (x > 0 && x + iw > maxW)) { rows++; x = 0; }
      x += iw + 10;
    }
    return rows;
  }

  // The layout parts that depend on the chart's current width: a title cut
  // short with an ellipsis rather than clipped, and a legend that keeps to
  // the rows display left free for it, scrolling (with page arrows) when
  // its items need more at this width. Returns the option to merge.
  function fit(job, width) {
    var o = base(job.option), out = {};
    var title = first(o.title);
    if (title && title.text) out.title = { textStyle: { width: Math.max(40, width - 24), overflow: "truncate" } };
    var legend = first(o.legend);
    if (legend && legend.show && legend.data && job.legendRows) {
      var left = legend.left != null ? parseFloat(legend.left) : 0, right = parseFloat(legend.right) || 0;
      var rows = legendRows(legend.data, width - left - right - 10);
      var l = {};
      for (var k in legend) l[k] = legend[k];
      if (rows > job.legendRows) {
        l.type = "scroll";
        l.left = right;
      }
      out.legend = l;
    }
    return out;
  }
  function same(a, b) { return JSON.stringify(a) === JSON.stringify(b); }

  // Field pictures (graphic images marked gdPlace: their rectangle as
  // fractions of the plot area) follow the plot area as the chart resizes,
  // and so does a colour bar (gdBar: beside the plot, as tall as it; its
  // tick labels at their fraction of its height, in the theme's colour).
  function place(e) {
    var gs = base(e.job.option).graphic;
    if (!gs) return;
    var grid = e.chart.getModel().getComponent("grid", 0);
    var r = grid && grid.coordinateSystem && grid.coordinateSystem.getRect();
    if (!r) return;
    var out = { graphic: [] }, muted = palette(e.theme === "gd-dark").muted;
    for (var i = 0; i < gs.length; i++) {
      var p = gs[i].gdPlace, b = gs[i].gdBar, x = r.x + r.width + 14;
      if (p) {
        var x0 = r.x + p[0] * r.width, y0 = r.y + p[1] * r.height;
        out.graphic.push({ id: gs[i].id, x: x0, y: y0,
          style: { width: r.x + p[2] * r.width - x0, height: r.y + p[3] * r.height - y0 } });
      } else if (b && b.text) {
        out.graphic.push({ id: gs[i].id, x: x + 21, y: r.y + (1 - b.frac) * r.height, style: { fill: muted } });
      } else if (b) {
        var g = { id: gs[i].id, x: x, y: r.y };
        if (gs[i].type === "rect") g.shape = { width: 14, height: r.height };
        else g.style = { width: 14, height: r.height };
        out.graphic.push(g);
      }
    }
    if (!same(out, e.placed)) {
      e.placed = out;
      e.chart.setOption(e.job.option.baseOption ? { baseOption: out } : out);
    }
  }

  function webglAvailable() {
    try {
      var c = document.createElement("canvas");
      return !!(c.getContext("webgl") || c.getContext("experimental-webgl"));
    } catch (e) {
      return false;
    }
  }

  // A diagram keeps its natural layout and shrinks as a picture: the host
  // has its natural size, scaled down, and negative margins give back the
  // room the scaling frees.
  function scale(e) {
    var k = Math.min(1, e.root.clientWidth / e.job.w) || 1, s = e.box.style;
    s.width = e.job.w + "px";
    s.height = e.job.h + "px";
    s.transformOrigin = "0 0";
    s.transform = k < 1 ? "scale(" + k + ")" : "";
    s.marginRight = -e.job.w * (1 - k) + "px";
    s.marginBottom = -e.job.h * (1 - k) + "px";
  }

  // layout follows the chart's container: a chart re-lays itself out at
  // the new size, a diagram rescales.
  function layout(e) {
    if (e.root.clientWidth === 0) return; // hidden: keep the last layout
    if (e.job.scaled) {
      scale(e);
      return;
    }
    e.chart.resize({ width: "auto", height: "auto" });
    var f = fit(e.job, e.chart.getWidth());
    if (!same(f, e.fit)) {
      e.fit = f;
      e.chart.setOption(e.job.option.baseOption ? { baseOption: f } : f);
    }
    place(e);
  }

  var observer = null, queued = false;
  function relayout() {
    queued = false;
    for (var i = live.length - 1; i >= 0; i--) {
      var e = live[i];
      if (!e.root.isConnected) {
        // The output was cleared or replaced: let the chart go.
        if (observer) observer.unobserve(e.root);
        e.chart.dispose();
        live.splice(i, 1);
      } else {
        layout(e);
      }
    }
  }
  function schedule() {
    if (!queued) {
      queued = true;
      (w.requestAnimationFrame || setTimeout)(relayout);
    }
  }
  function watch(root) {
    if (!observer && w.ResizeObserver) observer = new w.ResizeObserver(schedule);
    if (observer) observer.observe(root);
    else if (live.length === 1) w.addEventListener("resize", schedule);
  }

  // A theme switch in JupyterLab changes attributes on <body>: charts whose
  // text colour no longer suits the page are drawn again in the other theme.
  var themeWatch = null;
  function watchTheme() {
    if (themeWatch || !w.MutationObserver || !document.body) return;
    var check = function () {
      for (var i = 0; i < live.length; i++) {
        var e = live[i];
        if (e.root.isConnected && themeName(e.root).name !== e.theme) {
          e.chart.dispose();
          live.splice(i--, 1);
          e.root.removeAttribute("data-gd-drawn");
          safeDraw(e.job);
        }
      }
    };
    themeWatch = new w.MutationObserver(function () {
      check();
      setTimeout(check, 500); // the new theme's stylesheet may still be loading
    });
    themeWatch.observe(document.body, { attributes: true, attributeFilter: ["data-jp-theme-light", "data-jp-theme-name"] });
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
    var e = { job: job, root: root, box: box, theme: t.name };
    box.style.display = "block";
    try {
      withFormatters(job.option);
      var o = base(job.option);
      // Tooltips stay inside the chart, however narrow it is.
      o.tooltip = first(o.tooltip) || {};
      o.tooltip.confine = true;
      if (job.gl) style3D(o, t.dark);
      var size = null;
      if (job.scaled) {
        scale(e);
        size = { width: job.w, height: job.h };
      } else if (!box.clientWidth) {
        size = { width: job.w, height: job.h }; // not on screen yet: natural size until it is
      }
      var chart = w.echarts.init(box, t.name, { renderer: "canvas", width: size && size.width, height: size && size.height });
      e.chart = chart;
      chart.setOption(job.option);
      // A chart switched by sliders before a redraw (a theme change) keeps its values.
      (job.selected || []).forEach(function (ch) {
        if (ch) chart.setOption(ch, { replaceMerge: ch.gdReplace ? ["series"] : [] });
      });
      if (!job.scaled) {
        e.fit = fit(job, chart.getWidth());
        chart.setOption(job.option.baseOption ? { baseOption: e.fit } : e.fit);
        place(e);
      }
    } catch (err) {
      box.style.display = "none";
      throw err;
    }
    if (img) img.style.display = "none";
    root.setAttribute("data-gd-theme", t.name);
    root.setAttribute("data-gd-drawn", "1");
    live.push(e);
    watch(root);
    watchTheme();
  }

  // One broken chart must not stop the others drawing; report it all the same.
  function safeDraw(job) {
    try {
      draw(job);
    } catch (e) {
      setTimeout(function () { throw e; });
    }
  }

  function entry(id) {
    for (var i = 0; i < live.length; i++) if (live[i].job.id === id) return live[i];
    return null;
  }

  // explore wires an Explorer's sliders: each position of the sliders is a
  // combination of values, and for each, spec.changes holds what to merge
  // into each linked chart's option. With spec.each (ExploreEach), every
  // slider switches its own series: spec.changes[parameter][value]. Every
  // view was computed in Go, so no kernel is needed: the page switches
  // between them.
  function explore(spec) {
    var root = document.getElementById(spec.id);
    if (!root) return;
    var inputs = root.querySelectorAll("input[data-gd-param]");
    var at = spec.initial.slice(), formatted = {};
    var jobs = {}; // the chart jobs, to keep the selection across redraws
    for (var q = 0; q < pending.length; q++) jobs[pending[q].id] = pending[q];
    function index() {
      var k = 0;
      for (var i = 0; i < spec.params.length; i++) k = k * spec.params[i].labels.length + at[i];
      return k;
    }
    function update(p) {
      var k = spec.each ? p + ":" + at[p] : index();
      var changes = spec.each ? spec.changes[p][at[p]] : spec.changes[k];
      if (!formatted[k]) {
        for (var f = 0; f < changes.length; f++) withFormatters(changes[f]);
        formatted[k] = true;
      }
      for (var c = 0; c < spec.charts.length; c++) {
        var ch = changes[c];
        var e = entry(spec.charts[c]), job = e ? e.job : jobs[spec.charts[c]];
        if (job) {
          job.selected = spec.each ? job.selected || [] : [];
          job.selected[spec.each ? p : 0] = ch;
        }
        if (!e) continue; // not drawn yet: draw() applies job.selected
        e.chart.setOption(ch, { replaceMerge: ch.gdReplace ? ["series"] : [] });
        e.fit = e.placed = null; // titles, legends and pictures may have changed
        layout(e);
      }
    }
    for (var i = 0; i < inputs.length; i++) {
      (function (input) {
        var p = +input.getAttribute("data-gd-param");
        input.addEventListener("input", function () {
          at[p] = +input.value;
          input.parentNode.querySelector(".gd-value").textContent = spec.params[p].labels[at[p]];
          update(p);
        });
      })(inputs[i]);
    }
    root.style.display = "block";
    var still = root.nextElementSibling;
    if (still && still.className === "gd-slider-static") still.style.display = "none";
  }

  w.gdDisplay = {
    explore: explore,
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
    },
    // For tests and curious readers: the formatting rules above.
    fmt4: fmt4,
    tick: tick,
    power: power,
    live: live
  };
  if (w.echarts) w.gdDisplay.loaded();
})(window);
