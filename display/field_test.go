package display

import (
	"bytes"
	"encoding/base64"
	"image"
	"image/png"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/gonotebooks/descent/gd"
)

// Contour lines are checked against the geometry of functions whose level
// sets are known: a plane's are straight lines, a paraboloid's circles, a
// saddle's hyperbolas.
func TestIsolinesFollowKnownLevelSets(t *testing.T) {
	grid := func(n int, lo, hi float64, f func(x, y float64) float64) ([]float64, []float64, [][]float64) {
		xs := evenly(lo, hi, n, nil)
		z := make([][]float64, n)
		for j := range z {
			z[j] = make([]float64, n)
			for i := range z[j] {
				z[j][i] = f(xs[i], xs[j])
			}
		}
		return xs, xs, z
	}

	// z = x: linear interpolation is exact, so the line is x = 0.3 exactly.
	xs, ys, z := grid(21, -1, 1, func(x, y float64) float64 { return x })
	lines := isolines(xs, ys, z, 0.3)
	if len(lines) != 1 || len(lines[0]) != 21 {
		t.Fatalf("plane: %d lines (first of %d points), want one line crossing the 21 rows", len(lines), len(lines[0]))
	}
	for _, p := range lines[0] {
		if math.Abs(p[0]-0.3) > 1e-12 {
			t.Errorf("plane: point %v is not on x = 0.3", p)
		}
	}

	// z = x² + y² at level 1: one closed line, all within interpolation
	// error (under h²/4 of the level, h the grid step) of the unit circle.
	xs, ys, z = grid(81, -2, 2, func(x, y float64) float64 { return x*x + y*y })
	lines = isolines(xs, ys, z, 1)
	if len(lines) != 1 || lines[0][0] != lines[0][len(lines[0])-1] {
		t.Fatalf("paraboloid: %d lines, want one closed line", len(lines))
	}
	for _, p := range lines[0] {
		if r := math.Hypot(p[0], p[1]); math.Abs(r-1) > 0.01 {
			t.Errorf("paraboloid: point %v is %v from the centre, want 1", p, r)
		}
	}

	// z = x·y at level 0.5: two branches of the hyperbola, open at the border.
	xs, ys, z = grid(41, -2, 2, func(x, y float64) float64 { return x * y })
	lines = isolines(xs, ys, z, 0.5)
	if len(lines) != 2 {
		t.Fatalf("saddle: %d lines, want the 2 branches", len(lines))
	}
	for _, l := range lines {
		if l[0] == l[len(l)-1] {
			t.Error("saddle: a branch of the hyperbola came back closed")
		}
		for _, p := range l {
			if math.Abs(p[0]*p[1]-0.5) > 0.02 {
				t.Errorf("saddle: x·y = %v at %v, want 0.5", p[0]*p[1], p)
			}
		}
	}

	// A hole of NaN values cuts the plane's line in two.
	xs, ys, z = grid(21, -1, 1, func(x, y float64) float64 { return x })
	z[10][13], z[10][14] = math.NaN(), math.NaN() // the two columns around x = 0.3
	if lines = isolines(xs, ys, z, 0.3); len(lines) != 2 {
		t.Errorf("plane with a hole: %d lines, want 2", len(lines))
	}
}

func rosenbrock(x, y float64) float64 { return (1-x)*(1-x) + 100*(y-x*x)*(y-x*x) }

// TensorField evaluates a gd function once over the grid; it must give the
// values the same function written in float64 gives at every point.
func TestTensorFieldMatchesTheFloat64Function(t *testing.T) {
	calls := 0
	rosen := func(x, y *gd.Tensor) *gd.Tensor {
		calls++
		return x.Neg().Add(1).Pow(2).Add(y.Sub(x.Pow(2)).Pow(2).Mul(100))
	}
	opts := []FigureOption{XLim(-2, 2), YLim(-1, 3), Samples(31)}
	got, want := TensorField(rosen, opts...), NewField(rosenbrock, opts...)
	if calls != 1 {
		t.Errorf("the tensor function was called %d times, want once", calls)
	}
	if !reflect.DeepEqual(got.xs, want.xs) || !reflect.DeepEqual(got.ys, want.ys) {
		t.Fatal("grids differ")
	}
	for j := range want.z {
		for i := range want.z[j] {
			if g, w := got.z[j][i], want.z[j][i]; math.Abs(g-w) > 1e-12*math.Max(1, math.Abs(w)) {
				t.Fatalf("at (%v, %v): tensor %v, float64 %v", want.xs[i], want.ys[j], g, w)
			}
		}
	}
	wantPanic(t, gd.ErrShape, func() {
		TensorField(func(x, y *gd.Tensor) *gd.Tensor { return x.Sum() }, Samples(5))
	}, "1 values for a 5×5 grid")
}

func TestFieldOfATensor(t *testing.T) {
	fl := FieldOf(gd.Matrix([][]float64{{1, 2, 3}, {4, 5, 6}}), XLim(10, 30))
	if !reflect.DeepEqual(fl.xs, []float64{10, 20, 30}) || !reflect.DeepEqual(fl.ys, []float64{0, 1}) ||
		!reflect.DeepEqual(fl.z, [][]float64{{1, 2, 3}, {4, 5, 6}}) {
		t.Errorf("FieldOf: xs %v ys %v z %v", fl.xs, fl.ys, fl.z)
	}
	if lo, hi := fl.Range(); lo != 1 || hi != 6 {
		t.Errorf("Range = %v, %v", lo, hi)
	}
	wantPanic(t, gd.ErrShape, func() { FieldOf(gd.Vector(1, 2, 3)) }, "2-D tensor", "[3]")
}

// decodePNG reads the raster of a data: URI.
func decodePNG(t *testing.T, uri string) image.Image {
	t.Helper()
	raw, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(uri, "data:image/png;base64,"))
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// A heat map of z = x in grey goes from black at the left edge to white at
// the right, each pixel the value at its centre; the picture covers the
// plot exactly, since the axes take the field's extent.
func TestHeatMapOption(t *testing.T) {
	f := NewFigure()
	f.HeatMap(NewField(func(x, y float64) float64 { return x }, XLim(0, 1), YLim(0, 1), Samples(11)), ColorMap("gray"))
	f.Line([]float64{0.2, 0.8}, []float64{0.5, 0.5})
	m := decoded(t, f.spec().option)
	for _, ax := range []string{"xAxis", "yAxis"} {
		if lo, hi := get(t, m, ax, 0, "min"), get(t, m, ax, 0, "max"); lo != 0.0 || hi != 1.0 {
			t.Errorf("%s range %v..%v, want the field's 0..1 without margins", ax, lo, hi)
		}
	}
	g := get(t, m, "graphic", 0).(map[string]any)
	if !reflect.DeepEqual(g["gdPlace"], []any{0.0, 0.0, 1.0, 1.0}) {
		t.Errorf("picture placed at %v of the plot, want all of it", g["gdPlace"])
	}
	img := decodePNG(t, get(t, g, "style", "image").(string))
	w := img.Bounds().Dx()
	for _, c := range []int{0, w / 2, w - 1} {
		r, _, _, _ := img.At(c, 0).RGBA()
		want := 255 * (float64(c) + 0.5) / float64(w)
		if math.Abs(float64(r>>8)-want) > 1.5 {
			t.Errorf("column %d of %d: grey %d, want %.1f", c, w, r>>8, want)
		}
	}
	if got := barLabels(t, m); !reflect.DeepEqual(got, []string{"0", "0.2", "0.4", "0.6", "0.8", "1"}) {
		t.Errorf("colour bar labels %v, want 0 to 1 every 0.2", got)
	}
	if n := len(get(t, m, "series").([]any)); n != 1 {
		t.Errorf("%d series, want the line only (the field is a picture)", n)
	}
}

// barLabels are the colour bar's tick labels in a chart option.
func barLabels(t *testing.T, m map[string]any) []string {
	t.Helper()
	var out []string
	for _, g := range get(t, m, "graphic").([]any) {
		if b, ok := g.(map[string]any)["gdBar"].(map[string]any); ok && b["text"] == true {
			out = append(out, get(t, g, "style", "text").(string))
		}
	}
	return out
}

// An image puts row 0 at the top: the y axis runs downwards.
func TestImageRowsRunDownwards(t *testing.T) {
	f := NewFigure(AxisOff())
	f.Image(gd.Matrix([][]float64{{0, 1}, {0, 0}}), ColorMap("gray"))
	spec := f.spec()
	m := decoded(t, spec.option)
	if get(t, m, "yAxis", 0, "inverse") != true || get(t, m, "xAxis", 0, "show") != false {
		t.Error("the image's y axis must be inverted and the axes hidden")
	}
	img := decodePNG(t, get(t, m, "graphic", 0, "style", "image").(string))
	b := img.Bounds()
	if b.Dx() != b.Dy() {
		t.Errorf("a 2×2 image drawn %d×%d: its blocks are not square", b.Dx(), b.Dy())
	}
	bright := func(x, y int) bool { r, _, _, _ := img.At(x, y).RGBA(); return r > 0x8000 }
	if !bright(b.Dx()-1, 0) || bright(0, 0) || bright(b.Dx()-1, b.Dy()-1) || bright(0, b.Dy()-1) {
		t.Error("the one bright value, row 0 column 1, is not the top right block")
	}
	if !strings.Contains(spec.svg, "<image ") {
		t.Error("the static picture does not show the image")
	}
}

func TestContourOption(t *testing.T) {
	// z = 10^(3x) spans 1e-6 to 1e6: its log levels are the vertical lines
	// x = log10(level)/3, found to within the error of interpolating
	// linearly across one 0.07-wide cell.
	f := NewFigure()
	fl := NewField(func(x, y float64) float64 { return math.Pow(10, 3*x) }, Samples(60))
	f.Contour(fl, LogScale(), LevelCount(12), Label("loss"))
	f.Line([]float64{-1.5, 1}, []float64{1.5, 1}, Label("path"))
	m := decoded(t, f.spec().option)
	series := get(t, m, "series").([]any)
	if len(series) != 1+11 {
		t.Fatalf("%d series, want the path and one per decade from 1e-5 to 1e5", len(series))
	}
	for k := range 11 {
		want := float64(k-5) / 3
		xs, ys := points(t, get(t, series[1+k], "data"))
		for i := range xs {
			if !math.IsNaN(ys[i]) && math.Abs(xs[i]-want) > 0.02 {
				t.Errorf("level 1e%d: a point at x = %v, want %v", k-5, xs[i], want)
				break
			}
		}
	}
	if get(t, m, "legend", "data") == nil || !reflect.DeepEqual(get(t, m, "legend", "data"), []any{"loss", "path"}) {
		t.Errorf("legend %v", get(t, m, "legend", "data"))
	}
}

func TestAutomaticLevels(t *testing.T) {
	for _, c := range []struct {
		lo, hi float64
		n      int
		want   []float64
	}{
		{1e-3, 2500, 10, []float64{0.01, 0.1, 1, 10, 100, 1000}},
		{0.5, 30, 10, []float64{1, 2, 5, 10, 20}},
		{1e-12, 1e12, 6, []float64{1e-11, 1e-7, 1e-3, 10, 1e5, 1e9}},
	} {
		got := logLevels(c.lo, c.hi, c.n)
		ok := len(got) == len(c.want)
		for i := range got {
			ok = ok && math.Abs(got[i]/c.want[i]-1) < 1e-12
		}
		if !ok {
			t.Errorf("logLevels(%v, %v, %d) = %v, want %v", c.lo, c.hi, c.n, got, c.want)
		}
	}
	s := &Series{field: &Field{z: [][]float64{{0, 10}}}, cfg: seriesConfig{nLevels: 5}}
	if got := s.levels(); !reflect.DeepEqual(got, []float64{2, 4, 6, 8}) {
		t.Errorf("linear levels in 0..10 = %v, want 2, 4, 6, 8", got)
	}
}

// A log axis over less than two decades labels the values in between.
func TestShortLogAxis(t *testing.T) {
	f := NewFigure(LogX())
	f.Line([]float64{0.0025, 0.0087}, []float64{1, 2})
	w, h := f.size()
	sx, _ := f.scales(w, h)
	var labels []string
	for _, c := range sx.ticks() {
		labels = append(labels, sx.label(c))
	}
	if want := []string{"0.003", "0.004", "0.005", "0.006", "0.007", "0.008", "0.009"}; !reflect.DeepEqual(labels, want) {
		t.Errorf("labels %v, want %v", labels, want)
	}
	m := decoded(t, f.spec().option)
	if n := len(get(t, m, "xAxis", 0, "axisLabel", "customValues").([]any)); n != len(labels) {
		t.Errorf("the live chart labels %d values, the picture %d", n, len(labels))
	}
	xs, _ := points(t, get(t, m, "series", 0, "data"))
	if math.Abs(xs[0]-math.Log10(0.0025)) > 1e-6 {
		t.Errorf("log x axis plots %v for 0.0025, want its log10", xs[0])
	}
}

func TestScatterByClassAndByValue(t *testing.T) {
	f := NewFigure()
	f.Scatter([]float64{1, 2, 3, 4}, []float64{1, 2, 3, 4}, Classes([]string{"cat", "dog", "cat", "bird"}))
	m := decoded(t, f.spec().option)
	if got := get(t, m, "legend", "data"); !reflect.DeepEqual(got, []any{"cat", "dog", "bird"}) {
		t.Errorf("legend %v, want the classes in order of appearance", got)
	}
	for i, want := range []struct {
		color string
		xs    []float64
	}{{tab10[0], []float64{1, 3}}, {tab10[1], []float64{2}}, {tab10[2], []float64{4}}} {
		xs, _ := points(t, get(t, m, "series", i, "data"))
		if c := get(t, m, "series", i, "itemStyle", "color"); c != want.color || !reflect.DeepEqual(xs, want.xs) {
			t.Errorf("class %d: colour %v points %v, want %v %v", i, c, xs, want.color, want.xs)
		}
	}

	g := NewFigure()
	g.Line([]float64{0, 1}, []float64{0, 1})
	g.Scatter([]float64{1, 2, 3}, []float64{1, 2, 3}, ColorBy([]float64{10, 20, 40}))
	m = decoded(t, g.spec().option)
	// The ends of the range take viridis's end colours (matplotlib's #440154 and #fde725).
	for i, want := range map[int]string{0: "#440154", 2: "#fde725"} {
		if c := get(t, m, "series", 1, "data", i, "itemStyle", "color"); c != want {
			t.Errorf("point %d coloured %v, want %v", i, c, want)
		}
	}
	if got := barLabels(t, m); !reflect.DeepEqual(got, []string{"10", "15", "20", "25", "30", "35", "40"}) {
		t.Errorf("colour bar labels %v, want 10 to 40 every 5", got)
	}
	wantPanic(t, gd.ErrShape, func() { g.Scatter([]float64{1, 2}, []float64{1, 2}, ColorBy([]float64{1})) }, "1 ColorBy values for 2 points")
}

func TestFieldMisuse(t *testing.T) {
	wantPanic(t, gd.ErrValue, func() { ColorMap("jet") }, `"jet"`, "viridis")
	wantPanic(t, gd.ErrValue, func() { Levels(1, math.NaN()) }, "level")
	wantPanic(t, gd.ErrValue, func() { NewFigure().Contour(nil) }, "display.Contour", "NewField")
	wantPanic(t, gd.ErrShape, func() { NewFigure().Image(gd.Vector(1, 2)) }, "display.Image", "2-D")
}

func TestConfusionMatrix(t *testing.T) {
	fig := ConfusionMatrix(gd.Matrix([][]float64{{50, 2, 0}, {5, 43, 1}, {0, 3, 40}}), []string{"cat", "dog", "bird"})
	spec := fig.spec()
	m := decoded(t, spec.option)
	for _, ax := range []string{"xAxis", "yAxis"} {
		if got := get(t, m, ax, 0, "axisLabel", "gdFormat", "names"); !reflect.DeepEqual(got, []any{"cat", "dog", "bird"}) {
			t.Errorf("%s labels %v, want the classes", ax, got)
		}
		if got := get(t, m, ax, 0, "axisLabel", "customValues"); !reflect.DeepEqual(got, []any{0.0, 1.0, 2.0}) {
			t.Errorf("%s ticks %v, want one per class", ax, got)
		}
	}
	for _, want := range []string{">cat</text>", ">bird</text>", ">43</text>", ">predicted</text>"} {
		if !strings.Contains(spec.svg, want) {
			t.Errorf("static picture lacks %s", want)
		}
	}
	// The count in row 1 (actual dog), column 0 (predicted cat) sits at x 0, y 1.
	for _, s := range fig.series {
		if s.kind == kindText && s.text == "5" && (s.x[0] != 0 || s.y[0] != 1) {
			t.Errorf("count 5 written at (%v, %v), want (0, 1)", s.x[0], s.y[0])
		}
	}
	wantPanic(t, gd.ErrShape, func() { ConfusionMatrix(gd.Zeros(2, 3), []string{"a", "b"}) }, "[2, 2]")
}

// A field is a layer like any other: under an animated path, and in each
// cell of a grid.
func TestFieldsInAnimationsAndGrids(t *testing.T) {
	fl := NewField(rosenbrock, XLim(-2, 2), YLim(-1, 3), Samples(30))
	fig := NewFigure()
	fig.Contour(fl, LogScale(), LevelCount(4))
	dot := fig.Point(-1.5, 2)
	a := Animate(fig, 2, func(i int) { dot.SetData([]float64{float64(i)}, []float64{1}) })
	m := decoded(t, a.spec().option)
	base := get(t, m, "baseOption", "series").([]any)
	if xs, _ := points(t, get(t, base[0], "data")); len(base) < 3 || xs[0] != -1.5 {
		t.Fatalf("base series: %d, the point first; got %v", len(base), get(t, base[0], "data"))
	}
	for k, want := range []float64{0, 1} {
		frame := get(t, m, "options", k+1, "series").([]any)
		if xs, _ := points(t, get(t, frame[0], "data")); len(frame) != 1 || xs[0] != want {
			t.Errorf("frame %d: series %v, want only the point's, at x = %v", k+1, frame, want)
		}
	}

	g := Subplots(1, 2)
	g.At(0, 0).HeatMap(fl)
	g.At(0, 1).ContourFilled(fl, LogScale())
	for i, c := range g.view().charts {
		pictures := 0
		for _, g := range decoded(t, c.option)["graphic"].([]any) {
			if _, ok := g.(map[string]any)["gdPlace"]; ok {
				pictures++
			}
		}
		if pictures != 1 || !strings.Contains(c.svg, "<image ") {
			t.Errorf("cell %d: %d field pictures, want 1", i, pictures)
		}
	}
}

// ContourLabels writes each level on its own line.
func TestContourLabels(t *testing.T) {
	f := NewFigure()
	s := f.Contour(NewField(func(x, y float64) float64 { return math.Pow(10, 3*x) }, Samples(60)),
		LogScale(), LevelCount(12), ContourLabels())
	w, h := f.size()
	sx, sy := f.scales(w, h)
	labels := s.contourLabels(sx, sy, f.frame(w, h, sx, sy))
	if len(labels) != 11 {
		t.Fatalf("%d labels, want one per level 1e-5 .. 1e5", len(labels))
	}
	for k, l := range labels {
		if want := sig4(math.Pow(10, float64(k-5))); l.text != want || math.Abs(l.x-float64(k-5)/3) > 0.02 {
			t.Errorf("label %d: %q at x = %v, want %q on its line at x = %v", k, l.text, l.x, want, float64(k-5)/3)
		}
	}
}

// A field sampled finely still makes an output of bounded size: contour
// lines keep a point per pixel, the pictures are at most the plot's size.
func TestFineFieldStaysWithinBudget(t *testing.T) {
	fl := NewField(rosenbrock, XLim(-2, 2), YLim(-1, 3), Samples(1500))
	f := NewFigure()
	f.Contour(fl, LogScale())
	f.ContourFilled(fl, LogScale())
	b := render(f.view())
	if n := len(b.html) + len(b.svg); n > maxOutput {
		t.Errorf("output of %d KB for a 1500×1500 field, over the %d MB budget", n>>10, maxOutput>>20)
	}
}

func TestShowAFieldDrawsItsHeatMap(t *testing.T) {
	b := capture(t, func() { Show(NewField(rosenbrock, Samples(20))) })
	if len(b) != 1 || !strings.Contains(b[0].text, "heat map of 20×20 values") {
		t.Errorf("Show(field): %d outputs, text %q", len(b), b[0].text)
	}
	wantPanic(t, gd.ErrValue, func() { Show((*Field)(nil)) }, "display.Show", "nil or empty")
}

// A field over the widest range of float64 still fills the plot: the
// rightmost pixels hold the highest values, not a gap.
func TestHeatMapOverTheWidestRange(t *testing.T) {
	f := NewFigure()
	f.HeatMap(NewField(func(x, y float64) float64 { return x }, XLim(-1e308, 1e308), Samples(11)), ColorMap("gray"))
	img := decodePNG(t, get(t, decoded(t, f.spec().option), "graphic", 0, "style", "image").(string))
	r, _, _, a := img.At(img.Bounds().Dx()-1, 0).RGBA()
	if a == 0 || r>>8 < 250 {
		t.Errorf("rightmost pixel: grey %d, alpha %d; want white, the highest value", r>>8, a>>8)
	}
}

func BenchmarkContourFilledRosenbrock(b *testing.B) {
	fl := NewField(rosenbrock, XLim(-2, 2), YLim(-1, 3))
	for b.Loop() {
		f := NewFigure()
		f.ContourFilled(fl, LogScale())
		f.Contour(fl, LogScale(), Color("white"))
		render(f.view())
	}
}
