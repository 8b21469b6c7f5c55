package main

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The MLP epoch's matrix products, counted by hand for 784-128-10 over
// 60,000 samples: forward 784·128 + 128·10 multiply-adds per sample, the
// two weight gradients the same again, the hidden layer's input gradient
// 128·10; two FLOP each.
func TestMLPFLOP(t *testing.T) {
	perSample := (784*128 + 128*10) + (784*128 + 128*10) + 128*10
	if got, want := mlpFLOP(60_000, 784, 128, 10), float64(2*60_000*perSample); got != want {
		t.Errorf("mlpFLOP = %g, want %g", got, want)
	}
}

// An epoch of 350 ms whose products are 24.5 GFLOP, in a run where sgemm
// reaches 140 GFLOP/s: the floor is 175 ms and the epoch 2.00× it.
func TestFloorTable(t *testing.T) {
	runs := []run{{Threads: 1, Results: map[string]result{
		"mlp":    {Seconds: 0.35, FLOP: 24.5e9},
		"matmul": {GFLOPS: 140},
	}}}
	var b strings.Builder
	floorTable(&b, runs)
	row := "| MLP 784-128-10, 1 epoch | 1 | 350.0 ms | 140 GFLOP/s | 175.0 ms | 2.00× | ≤ 2× | ✓ |"
	if !strings.Contains(b.String(), row) {
		t.Errorf("floor table:\n%s\nwant the row\n%s", b.String(), row)
	}
	// Without the matmul row of the same run there is no floor to show.
	b.Reset()
	floorTable(&b, []run{{Threads: 1, Results: map[string]result{"mlp": {Seconds: 0.35, FLOP: 24.5e9}}}})
	if b.Len() != 0 {
		t.Errorf("floor table without an sgemm rate:\n%s", b.String())
	}
}

// Only the sizes both sides measured are compared.
func TestPairs(t *testing.T) {
	gd := []point{{Sweep: sweepBatch, Size: 16, Seconds: 1}, {Sweep: sweepBatch, Size: 32, Seconds: 2}, {Sweep: sweepHidden, Size: 16, Seconds: 3}}
	torch := []point{{Sweep: sweepBatch, Size: 32, Seconds: 4}, {Sweep: sweepHidden, Size: 16, Seconds: 5}}
	ps := pairs(sweepBatch, gd, torch)
	if len(ps) != 1 || ps[0].size != 32 || ps[0].gd.Seconds != 2 || ps[0].torch.Seconds != 4 {
		t.Errorf("pairs = %+v, want the one batch size both measured (32: gd 2 s, PyTorch 4 s)", ps)
	}
}

// The chart is written as the display package's page and a picture of it
// taken in headless Chromium (as the display tests, it needs Debian's
// chromium or GD_CHROMIUM).
func TestWriteChart(t *testing.T) {
	var gdPts, torchPts []point
	for i, s := range sweepBatches {
		gdPts = append(gdPts, point{Sweep: sweepBatch, Size: s, Seconds: 0.5 + 0.1*float64(i)})
		torchPts = append(torchPts, point{Sweep: sweepBatch, Size: s, Seconds: 1.5 - 0.1*float64(i)})
	}
	for _, n := range sweepMatmuls {
		gdPts = append(gdPts, point{Sweep: sweepMatmul, Size: n, Seconds: 1, GFLOPS: 100})
		torchPts = append(torchPts, point{Sweep: sweepMatmul, Size: n, Seconds: 1.25, GFLOPS: 80})
	}
	dir := t.TempDir()
	if err := writeChart(dir, gdPts, torchPts); err != nil {
		t.Fatal(err)
	}
	page, err := os.ReadFile(filepath.Join(dir, chartName+".html"))
	if err != nil || !bytes.Contains(page, []byte("MLP 784-128-10, one epoch of 60k")) {
		t.Fatalf("chart page missing or without the batch-size chart (%v)", err)
	}
	pic, err := os.ReadFile(filepath.Join(dir, chartName+".png"))
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(pic))
	if err != nil {
		t.Fatalf("chart picture: %v", err)
	}
	if w := img.Bounds().Dx(); w < 800 {
		t.Errorf("chart picture is %d pixels wide, want the whole 2×2 grid (about 1000)", w)
	}
}
