package datasets

import (
	"encoding/json"
	"os"
	"slices"
	"testing"

	"github.com/gonotebooks/descent/gd"
)

// digitsFixture holds facts about the file computed with NumPy by
// testdata/make_digits_fixture.py, independently of the Go reader.
type digitsFixture struct {
	N               int         `json:"n"`
	ClassCounts     []int       `json:"class_counts"`
	PixelSumByClass []float64   `json:"pixel_sum_by_class"`
	FirstImage      [][]float64 `json:"first_image"`
	LastTarget      int         `json:"last_target"`
	MeanImage       [][]float64 `json:"mean_image"`
}

func TestDigitsMatchNumPy(t *testing.T) {
	raw, err := os.ReadFile("testdata/digits_fixture.json")
	if err != nil {
		t.Fatal(err)
	}
	var want digitsFixture
	if err := json.Unmarshal(raw, &want); err != nil {
		t.Fatal(err)
	}
	d := LoadDigits()
	if got := d.Images.Shape(); !slices.Equal(got, []int{want.N, 8, 8}) {
		t.Fatalf("Images shape %v, want [%d 8 8]", got, want.N)
	}
	if got := d.Data.Shape(); !slices.Equal(got, []int{want.N, 64}) {
		t.Fatalf("Data shape %v, want [%d 64]", got, want.N)
	}
	if len(d.Target) != want.N || d.Target[want.N-1] != want.LastTarget {
		t.Fatalf("%d targets ending in %d, want %d ending in %d", len(d.Target), d.Target[len(d.Target)-1], want.N, want.LastTarget)
	}
	if got := d.Labels.Ints(); d.Labels.DType() != gd.Int64 || !slices.Equal(got, d.Target) {
		t.Errorf("Labels (%s) differ from Target", d.Labels.DType())
	}
	pixels := d.Data.Float64s()
	counts := make([]int, 10)
	sums := make([]float64, 10)
	for i, k := range d.Target {
		counts[k]++
		for _, v := range pixels[i*64 : (i+1)*64] {
			sums[k] += v
		}
	}
	if !slices.Equal(counts, want.ClassCounts) {
		t.Errorf("class counts %v, want %v", counts, want.ClassCounts)
	}
	if !slices.Equal(sums, want.PixelSumByClass) {
		t.Errorf("pixel sums by class %v, want %v", sums, want.PixelSumByClass)
	}
	for r := range 8 {
		for c := range 8 {
			if got := pixels[r*8+c]; got != want.FirstImage[r][c] {
				t.Errorf("first image [%d,%d] = %v, want %v", r, c, got, want.FirstImage[r][c])
			}
			var mean float64
			for i := range want.N {
				mean += pixels[i*64+r*8+c]
			}
			mean /= float64(want.N)
			if diff := mean - want.MeanImage[r][c]; diff > 1e-12 || diff < -1e-12 {
				t.Errorf("mean image [%d,%d] = %v, want %v", r, c, mean, want.MeanImage[r][c])
			}
		}
	}
}

func TestLoadDigitsReturnsFreshCopies(t *testing.T) {
	a := LoadDigits()
	a.Images.Fill_(-1)
	a.Target[0] = 7
	a.Labels.Fill_(7)
	b := LoadDigits()
	if v := b.Images.Float64s()[2]; v != 5 {
		t.Errorf("second load sees the first load's change: pixel 2 = %v", v)
	}
	if b.Target[0] != 0 || b.Labels.Ints()[0] != 0 {
		t.Errorf("second load sees the first load's change: target 0 = %d", b.Target[0])
	}
}
