package display

import (
	"reflect"
	"strings"
	"testing"
)

// Paths on a surface: tab10 colours from C0, a legend for labelled paths,
// markers at the ends only unless asked, and the view angle as given.
func TestSurfacePathsLegendMarkersAndView(t *testing.T) {
	f := func(x, y float64) float64 { return x*x + y*y }
	xs, ys := make([]float64, 50), make([]float64, 50)
	for i := range xs {
		xs[i], ys[i] = 1.5-float64(i)*0.03, 1-float64(i)*0.02
	}
	s := NewSurface(f, ViewAngle(60, -20))
	s.Path(xs, ys, Label("SGD"))
	s.Path(xs[:10], ys[:10], Label("momentum"), WithPoints())
	m := decoded(t, s.spec().option)
	if got := get(t, m, "legend", "data"); !reflect.DeepEqual(got, []any{"SGD", "momentum"}) {
		t.Errorf("legend %v", got)
	}
	series := get(t, m, "series").([]any)
	// surface, then per path a line3D, then per path a scatter3D of markers
	for k, want := range []struct {
		color   string
		markers int
	}{{tab10[0], 2}, {tab10[1], 10}} {
		if c := get(t, series[1+k], "lineStyle", "color"); c != want.color {
			t.Errorf("path %d colour %v, want %v", k, c, want.color)
		}
		if n := len(get(t, series[3+k], "data").([]any)); n != want.markers {
			t.Errorf("path %d: %d markers, want %d", k, n, want.markers)
		}
	}
	if a, b := get(t, m, "grid3D", "viewControl", "alpha"), get(t, m, "grid3D", "viewControl", "beta"); a != 60.0 || b != -20.0 {
		t.Errorf("view %v, %v; want elevation 60, azimuth -20", a, b)
	}
	if svg := s.spec().svg; !strings.Contains(svg, ">SGD</text>") || strings.Count(svg, "<circle") != 12 {
		t.Errorf("static picture: legend or markers missing (%d markers, want 12)", strings.Count(svg, "<circle"))
	}
	// The same landscape as a 2-D field.
	fl := s.Field()
	if v := fl.z[7][3]; v != f(fl.xs[3], fl.ys[7]) {
		t.Errorf("Field at (%v, %v) = %v, want f there", fl.xs[3], fl.ys[7], v)
	}
}

func TestSurfaceGridIsBounded(t *testing.T) {
	s := NewSurface(func(x, y float64) float64 { return x * y }, Samples(1000))
	xs, ys, _ := s.grid()
	if len(xs) != maxSurfaceSamples || len(ys) != maxSurfaceSamples || !strings.Contains(s.String(), "150×150 grid, not 1000×1000") {
		t.Errorf("a Samples(1000) surface: %d×%d grid, text %q", len(ys), len(xs), s.String())
	}
}
