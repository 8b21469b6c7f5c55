// Package assets holds the JavaScript libraries that display embeds in notebook
// output, so charts render with no network: Apache ECharts for 2-D charts and
// ECharts GL for 3-D ones.
//
// The files are the minified browser bundles of the exact npm versions pinned in
// package.json and package-lock.json beside this file; refresh.sh fetches them
// again with the npm client and copies their licences into licenses/. Both
// libraries are Apache-2.0 (ECharts) or BSD-3-Clause (ECharts GL) licensed;
// the bundles also contain zrender (BSD-3-Clause), claygl (BSD-2-Clause) and
// tslib (0BSD), whose licences are kept in licenses/ too.
package assets

import _ "embed"

// Pinned versions. A test checks them against package.json and the bundles.
const (
	EChartsVersion   = "5.6.0"
	EChartsGLVersion = "2.0.9"
)

//go:embed echarts.min.js
var echartsJS string

//go:embed echarts-gl.min.js
var echartsGLJS string

// ECharts returns the minified UMD bundle of ECharts (it defines window.echarts
// when evaluated with no AMD or CommonJS loader in scope).
func ECharts() string { return echartsJS }

// EChartsGL returns the minified UMD bundle of ECharts GL, which registers the
// 3-D series (surface, line3D, scatter3D) and grid3D on window.echarts.
func EChartsGL() string { return echartsGLJS }
