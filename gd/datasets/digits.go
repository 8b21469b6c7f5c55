package datasets

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"sync"

	"github.com/gonotebooks/descent/gd"
)

//go:embed digits.csv.gz
var digitsCSV []byte

// Digits is the 8×8 handwritten digits data set (see the package doc for its
// source and licence), laid out as scikit-learn's load_digits returns it.
type Digits struct {
	// Images holds the pictures as a (1797, 8, 8) float32 tensor of pixel
	// counts from 0 to 16, row by row from the top left.
	Images *gd.Tensor
	// Data holds the same pixels flattened, one image per row: (1797, 64).
	// It shares storage with Images.
	Data *gd.Tensor
	// Target holds each image's digit, 0 to 9.
	Target []int
	// Labels holds the same digits as a (1797) int64 tensor, the class
	// indices CrossEntropyLoss takes (scikit-learn's target array).
	Labels *gd.Tensor
}

// digits is the embedded file, parsed once; LoadDigits hands out copies.
var digits = sync.OnceValue(func() parsedDigits {
	var p parsedDigits
	p.pixels, p.target, p.err = parseDigits()
	return p
})

type parsedDigits struct {
	pixels []float32
	target []int
	err    error
}

// LoadDigits returns the digits data set. Each call returns fresh tensors
// and a fresh slice, so changing them does not affect later calls.
func LoadDigits() Digits {
	p := digits()
	if p.err != nil {
		// The file is embedded and checked by the package's test: a parse
		// error means the binary was built from a corrupted checkout.
		panic(p.err)
	}
	n := len(p.target)
	images := gd.FromSlice(append([]float32(nil), p.pixels...), n, 8, 8)
	return Digits{
		Images: images,
		Data:   images.View(n, 64),
		Target: append([]int(nil), p.target...),
		Labels: gd.FromInts(p.target),
	}
}

func parseDigits() ([]float32, []int, error) {
	zr, err := gzip.NewReader(bytes.NewReader(digitsCSV))
	if err != nil {
		return nil, nil, fmt.Errorf("datasets: digits.csv.gz: %w", err)
	}
	r := csv.NewReader(zr)
	r.FieldsPerRecord = 65
	r.ReuseRecord = true
	var pixels []float32
	var target []int
	for line := 1; ; line++ {
		rec, err := r.Read()
		if err != nil {
			if errors.Is(err, io.EOF) {
				break
			}
			return nil, nil, fmt.Errorf("datasets: digits.csv.gz: %w", err)
		}
		for i, field := range rec {
			v, err := strconv.Atoi(field)
			if err != nil || v < 0 || (i < 64 && v > 16) || (i == 64 && v > 9) {
				return nil, nil, fmt.Errorf("datasets: digits.csv.gz line %d, field %d: bad value %q", line, i+1, field)
			}
			if i < 64 {
				pixels = append(pixels, float32(v))
			} else {
				target = append(target, v)
			}
		}
	}
	return pixels, target, nil
}
