package assets

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
)

// The version constants must match what refresh.sh installs, and the embedded
// bundles must be the builds of those versions.
func TestPinnedVersions(t *testing.T) {
	var pkg struct {
		Dependencies map[string]string `json:"dependencies"`
	}
	raw, err := os.ReadFile("package.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &pkg); err != nil {
		t.Fatal(err)
	}
	if got := pkg.Dependencies["echarts"]; got != EChartsVersion {
		t.Errorf("package.json pins echarts %q, assets.go says %q", got, EChartsVersion)
	}
	if got := pkg.Dependencies["echarts-gl"]; got != EChartsGLVersion {
		t.Errorf("package.json pins echarts-gl %q, assets.go says %q", got, EChartsGLVersion)
	}

	var lock struct {
		Packages map[string]struct {
			Version   string `json:"version"`
			Integrity string `json:"integrity"`
		} `json:"packages"`
	}
	raw, err = os.ReadFile("package-lock.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &lock); err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{"echarts": EChartsVersion, "echarts-gl": EChartsGLVersion} {
		p := lock.Packages["node_modules/"+name]
		if p.Version != want || !strings.HasPrefix(p.Integrity, "sha512-") {
			t.Errorf("package-lock.json: %s is %q (integrity %q), want %q with a sha512 hash", name, p.Version, p.Integrity, want)
		}
	}

	// ECharts stamps its version into the bundle as version="x.y.z".
	if !strings.Contains(ECharts(), `version="`+EChartsVersion+`"`) {
		t.Errorf("embedded echarts.min.js is not version %s", EChartsVersion)
	}
}

// The bundles are inlined into <script> elements, so they must not contain a
// sequence that would end the element early, and they must be UMD bundles that
// fall back to a browser global (display relies on that to dodge require.js).
func TestBundlesAreInlineSafe(t *testing.T) {
	for name, js := range map[string]string{"echarts": ECharts(), "echarts-gl": EChartsGL()} {
		if len(js) < 100_000 {
			t.Errorf("%s bundle is only %d bytes: not the minified library", name, len(js))
		}
		low := strings.ToLower(js)
		if strings.Contains(low, "</script") || strings.Contains(low, "<!--") {
			t.Errorf("%s bundle contains </script or <!--, unsafe to inline", name)
		}
		if !strings.Contains(js, "define.amd") {
			t.Errorf("%s bundle has no UMD header (define.amd check)", name)
		}
	}
	if !strings.Contains(EChartsGL(), `e["echarts-gl"]=t(e.echarts)`) {
		t.Error("echarts-gl bundle no longer falls back to the global echarts object")
	}
}

func TestLicencesKept(t *testing.T) {
	for _, f := range []string{"echarts-LICENSE", "echarts-NOTICE", "echarts-LICENSE-d3", "echarts-gl-LICENSE",
		"zrender-LICENSE", "claygl-LICENSE", "tslib-LICENSE"} {
		if st, err := os.Stat("licenses/" + f); err != nil || st.Size() == 0 {
			t.Errorf("licence file licenses/%s missing or empty", f)
		}
	}
}
