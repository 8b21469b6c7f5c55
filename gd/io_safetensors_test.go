package gd

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func sampleTensors() map[string]*Tensor {
	return map[string]*Tensor{
		"a":       FromSlice([]float32{1.5, -2, float32(math.Pi), 0, float32(math.Inf(-1)), 1e-45}, 2, 3),
		"b.c":     FromSlice([]float64{math.E, -0.1, 1e300, math.SmallestNonzeroFloat64}, 4),
		"scalar":  Scalar(7.25),
		"empty":   Zeros(0, 3),
		"strided": Arange(0, 6).View(2, 3).T(), // written row-major: 0 3 1 4 2 5
		"labels":  FromInts([]int{3, -7, 1 << 53}),
		"mask":    Vector(1, -1, 0.5).Gt(0),
	}
}

func sameTensor(t *testing.T, name string, got, want *Tensor) {
	t.Helper()
	if got == nil {
		t.Errorf("%s: missing", name)
		return
	}
	if !slices.Equal(got.Shape(), want.Shape()) || got.DType() != want.DType() {
		t.Errorf("%s: %v %s, want %v %s", name, got.Shape(), got.DType(), want.Shape(), want.DType())
		return
	}
	g, w := got.Float64s(), want.Float64s()
	for i := range g {
		if math.Float64bits(g[i]) != math.Float64bits(w[i]) {
			t.Errorf("%s[%d] = %v, want %v", name, i, g[i], w[i])
		}
	}
}

func TestSafetensorsRoundTrip(t *testing.T) {
	in := sampleTensors()
	var b bytes.Buffer
	md := map[string]string{"format": "pt", "note": `quotes " and ünïcode`}
	if err := WriteSafetensors(&b, in, md); err != nil {
		t.Fatal(err)
	}
	hlen := binary.LittleEndian.Uint64(b.Bytes())
	if hlen%8 != 0 || b.Bytes()[8] != '{' {
		t.Errorf("header length %d (want a multiple of 8) starting %q", hlen, b.Bytes()[8])
	}
	b.WriteString("next object") // a reader stops at the object's end
	out, gotMD, err := ReadSafetensors(&b)
	if err != nil {
		t.Fatal(err)
	}
	if len(out) != len(in) || gotMD["note"] != md["note"] || gotMD["format"] != "pt" {
		t.Errorf("read %d tensors, metadata %v", len(out), gotMD)
	}
	for k, v := range in {
		sameTensor(t, k, out[k], v)
	}
	if b.String() != "next object" {
		t.Errorf("reader consumed past the object: %q left", b.String())
	}
}

// header builds a safetensors object from a header and data, for the
// malformed-input cases.
func rawSafetensors(header string, data []byte) []byte {
	var b bytes.Buffer
	binary.Write(&b, binary.LittleEndian, uint64(len(header)))
	b.WriteString(header)
	b.Write(data)
	return b.Bytes()
}

func TestSafetensorsRefusesMalformedInput(t *testing.T) {
	eight := make([]byte, 8)
	cases := map[string][]byte{
		"empty":          {},
		"short length":   {1, 2, 3},
		"huge header":    {0, 0, 0, 0, 0, 0, 0, 1},
		"truncated head": rawSafetensors(`{"a":`, nil)[:10],
		"not json":       rawSafetensors(`{"a":}`, nil),
		"not an object":  rawSafetensors(`[1,2]`, nil),
		"bad dtype":      rawSafetensors(`{"a":{"dtype":"I32","shape":[2],"data_offsets":[0,8]}}`, eight),
		"inexact int64":  rawSafetensors(`{"a":{"dtype":"I64","shape":[1],"data_offsets":[0,8]}}`, []byte{1, 0, 0, 0, 0, 0, 0x20, 0}),
		"bool byte 2":    rawSafetensors(`{"a":{"dtype":"BOOL","shape":[1],"data_offsets":[0,1]}}`, []byte{2}),
		"negative shape": rawSafetensors(`{"a":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}}`, eight),
		"size mismatch":  rawSafetensors(`{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}`, eight),
		"gap":            rawSafetensors(`{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}`, eight),
		"overlap":        rawSafetensors(`{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}`, eight),
		"truncated data": rawSafetensors(`{"a":{"dtype":"F64","shape":[2],"data_offsets":[0,16]}}`, eight),
		"bad metadata":   rawSafetensors(`{"__metadata__":{"a":1}}`, nil),
		"huge shape":     rawSafetensors(`{"a":{"dtype":"F64","shape":[4611686018427387904,4],"data_offsets":[0,8]}}`, eight),
	}
	for name, b := range cases {
		t.Run(name, func(t *testing.T) {
			_, _, err := ReadSafetensors(bytes.NewReader(b))
			if err == nil {
				t.Fatal("accepted")
			}
			if !strings.Contains(err.Error(), "ReadSafetensors") {
				t.Errorf("error does not name the operation: %v", err)
			}
		})
	}
	// The reference reader ignores fields it does not know; so does gd.
	if ts, _, err := ReadSafetensors(bytes.NewReader(rawSafetensors(`{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8],"x":1}}`, eight))); err != nil || ts["a"].Numel() != 2 {
		t.Errorf("unknown field: %v", err)
	}
	var e *Error
	_, _, err := ReadSafetensors(bytes.NewReader(cases["bad dtype"]))
	if !errors.As(err, &e) || e.Kind != ErrDType || !strings.Contains(e.Msg, `"a"`) || !strings.Contains(e.Msg, "I32") {
		t.Errorf("bad dtype: %v", err)
	}
	for _, bad := range []map[string]*Tensor{{"": Scalar(1)}, {"__metadata__": Scalar(1)}, {"x": nil}} {
		if err := WriteSafetensors(&bytes.Buffer{}, bad, nil); !errors.Is(err, ErrValue) {
			t.Errorf("WriteSafetensors(%v) = %v", bad, err)
		}
	}
}

// A failed save leaves the previous file as it was and no temporary file.
func TestSaveSafetensorsIsAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "m.safetensors")
	if err := SaveSafetensors(path, map[string]*Tensor{"w": Ones(2)}, nil); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o644 {
		t.Errorf("saved file mode %v (%v), want -rw-r--r--", fi.Mode(), err)
	}
	before, _ := os.ReadFile(path)
	if err := SaveSafetensors(path, map[string]*Tensor{"w": Ones(3), "bad": nil}, nil); err == nil {
		t.Fatal("saving a nil tensor succeeded")
	}
	after, _ := os.ReadFile(path)
	if !bytes.Equal(before, after) {
		t.Error("a failed save changed the file")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("directory holds %d entries after a failed save, want 1", len(entries))
	}
	if err := SaveSafetensors(filepath.Join(dir, "missing", "m.safetensors"), map[string]*Tensor{"w": Ones(2)}, nil); err == nil {
		t.Error("saving into a missing directory succeeded")
	}
	// Trailing bytes after the object: not a file safetensors wrote.
	os.WriteFile(path, append(before, 0), 0o644)
	if _, _, err := LoadSafetensors(path); err == nil {
		t.Error("loaded a file with trailing bytes")
	}
}

func TestTensorBinaryRoundTrip(t *testing.T) {
	x := FromSlice([]float64{1, 2, 3, 4}, 2, 2).RequiresGrad_()
	b, err := x.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var y Tensor
	if err := y.UnmarshalBinary(b); err != nil {
		t.Fatal(err)
	}
	sameTensor(t, "tensor", &y, x)
	if !y.RequiresGrad() || !y.IsLeaf() || y.Grad() != nil {
		t.Errorf("requires grad %v, leaf %v", y.RequiresGrad(), y.IsLeaf())
	}
	p := Parameter(Ones(2))
	b, _ = p.MarshalBinary()
	var q Tensor
	if err := q.UnmarshalBinary(b); err != nil || !q.IsParameter() {
		t.Errorf("parameter flag lost: %v", err)
	}
	if err := q.UnmarshalBinary(b[:len(b)-1]); err == nil {
		t.Error("truncated bytes accepted")
	}
}

// venvPython is the project venv's interpreter (kernel/requirements.txt
// installed by `go run ./kernel install`), or $GD_VENV's.
func venvPython(t *testing.T) string {
	t.Helper()
	venv := os.Getenv("GD_VENV")
	if venv == "" {
		venv = filepath.Join("..", ".venv")
	}
	py, _ := filepath.Abs(filepath.Join(venv, "bin", "python"))
	if _, err := os.Stat(py); err != nil {
		t.Fatalf("the project venv is missing (%v): run `go run ./kernel install` first, which installs kernel/requirements.txt (with safetensors)", err)
	}
	return py
}

// The interop test: a file gd writes loads with the safetensors package
// into the same named arrays, and a file the package writes loads in gd.
func TestSafetensorsInteropWithPython(t *testing.T) {
	py := venvPython(t)
	dir := t.TempDir()
	goFile, pyFile := filepath.Join(dir, "go.safetensors"), filepath.Join(dir, "py.safetensors")
	in := sampleTensors()
	if err := SaveSafetensors(goFile, in, map[string]string{"written_by": "gd"}); err != nil {
		t.Fatal(err)
	}
	// Python reads gd's file and prints each array as dtype, shape and the
	// hex of its little-endian bytes; then writes its own file.
	script := `
import json, sys
import numpy as np
from safetensors import safe_open
from safetensors.numpy import load_file, save_file
arrays = load_file(sys.argv[1])
with safe_open(sys.argv[1], framework="np") as f:
    meta = f.metadata()
out = {k: {"dtype": str(v.dtype), "shape": list(v.shape), "hex": v.astype(v.dtype.newbyteorder("<")).tobytes().hex()} for k, v in arrays.items()}
save_file({
    "w": (np.arange(12, dtype=np.float32).reshape(3, 4) / np.float32(7)),
    "layer.0.bias": np.array([np.pi, -1e-310, np.inf], dtype=np.float64),
    "s": np.array(2.5, dtype=np.float32),
}, sys.argv[2], metadata={"written_by": "python"})
print(json.dumps({"arrays": out, "meta": meta}))
`
	cmd := exec.Command(py, "-c", script, goFile, pyFile)
	outb, err := cmd.Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			t.Fatalf("python: %v\n%s", err, ee.Stderr)
		}
		t.Fatal(err)
	}
	var res struct {
		Arrays map[string]struct {
			DType string
			Shape []int
			Hex   string
		}
		Meta map[string]string
	}
	if err := json.Unmarshal(outb, &res); err != nil {
		t.Fatalf("%v: %s", err, outb)
	}
	if res.Meta["written_by"] != "gd" || len(res.Arrays) != len(in) {
		t.Errorf("python read %d arrays, metadata %v", len(res.Arrays), res.Meta)
	}
	for name, want := range in {
		got, ok := res.Arrays[name]
		if !ok {
			t.Errorf("python did not read %q", name)
			continue
		}
		var b bytes.Buffer
		for _, v := range want.Float64s() {
			switch want.DType() {
			case Float32:
				binary.Write(&b, binary.LittleEndian, float32(v))
			case Int64:
				binary.Write(&b, binary.LittleEndian, int64(v))
			case Bool:
				binary.Write(&b, binary.LittleEndian, v != 0)
			default:
				binary.Write(&b, binary.LittleEndian, v)
			}
		}
		wantDType := map[DType]string{Float32: "float32", Float64: "float64", Int64: "int64", Bool: "bool"}[want.DType()]
		if got.DType != wantDType || !slices.Equal(got.Shape, want.Shape()) || got.Hex != hex.EncodeToString(b.Bytes()) {
			t.Errorf("python read %q as %s %v %s, want %s %v %s", name, got.DType, got.Shape, got.Hex, wantDType, want.Shape(), hex.EncodeToString(b.Bytes()))
		}
	}
	ts, md, err := LoadSafetensors(pyFile)
	if err != nil {
		t.Fatal(err)
	}
	if md["written_by"] != "python" || len(ts) != 3 {
		t.Errorf("gd read %d tensors, metadata %v", len(ts), md)
	}
	w := make([]float32, 12)
	for i := range w {
		w[i] = float32(i) / 7
	}
	sameTensor(t, "w", ts["w"], FromSlice(w, 3, 4))
	sameTensor(t, "layer.0.bias", ts["layer.0.bias"], FromSlice([]float64{math.Pi, -1e-310, math.Inf(1)}, 3))
	sameTensor(t, "s", ts["s"], Scalar(2.5))
}
