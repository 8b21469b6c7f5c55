package gd

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"slices"

	"github.com/gonotebooks/descent/internal/atomicfile"
)

// The safetensors format (what Hugging Face's safetensors package reads and
// writes) is a little-endian uint64 N, then N bytes of JSON naming each
// tensor's dtype, shape and byte range, then the tensors' bytes, row-major
// and little-endian. It holds no code, so loading a file cannot run
// anything. gd reads and writes F32, F64, I64 and BOOL tensors; the JSON may carry a
// "__metadata__" object of string values.

// maxHeader bounds the JSON header, as the safetensors package does, so
// a corrupt length cannot make a reader allocate without limit.
const maxHeader = 100 << 20

const metadataKey = "__metadata__"

type stEntry struct {
	DType   string `json:"dtype"`
	Shape   []int  `json:"shape"`
	Offsets [2]int `json:"data_offsets"`
}

// WriteSafetensors writes the named tensors, and metadata if not nil, to w
// in the safetensors format. Tensors are stored in name order. Names must
// be non-empty and not "__metadata__"; nil tensors are refused.
func WriteSafetensors(w io.Writer, tensors map[string]*Tensor, metadata map[string]string) error {
	names := make([]string, 0, len(tensors))
	for name, t := range tensors {
		if name == "" || name == metadataKey {
			return errorf(ErrValue, "WriteSafetensors", "invalid tensor name %q", name)
		}
		if t == nil {
			return errorf(ErrValue, "WriteSafetensors", "tensor %q is nil", name)
		}
		names = append(names, name)
	}
	slices.Sort(names)
	// The header, built by hand so that entries keep their (sorted) order.
	var h bytes.Buffer
	h.WriteByte('{')
	if len(metadata) > 0 {
		m, err := json.Marshal(metadata)
		if err != nil {
			return err
		}
		h.WriteString(`"` + metadataKey + `":`)
		h.Write(m)
	}
	off := 0
	for _, name := range names {
		t := tensors[name]
		size := t.Numel() * dtypeSize(t.dtype)
		shape := append([]int{}, t.shape...) // [] for a 0-d tensor, never null
		e, err := json.Marshal(stEntry{DType: stDType(t.dtype), Shape: shape, Offsets: [2]int{off, off + size}})
		if err != nil {
			return err
		}
		if h.Len() > 1 {
			h.WriteByte(',')
		}
		k, _ := json.Marshal(name)
		h.Write(k)
		h.WriteByte(':')
		h.Write(e)
		off += size
	}
	h.WriteByte('}')
	for h.Len()%8 != 0 { // pad so the data starts 8-byte aligned, as the reference writer does
		h.WriteByte(' ')
	}
	var n [8]byte
	binary.LittleEndian.PutUint64(n[:], uint64(h.Len()))
	if _, err := w.Write(n[:]); err != nil {
		return err
	}
	if _, err := w.Write(h.Bytes()); err != nil {
		return err
	}
	buf := make([]byte, 0, 4096)
	for _, name := range names {
		t := tensors[name]
		buf = buf[:0]
		switch t.dtype {
		case Float32:
			for _, v := range t.Float32s() {
				buf = binary.LittleEndian.AppendUint32(buf, math.Float32bits(v))
			}
		case Int64:
			for _, v := range t.Float64s() {
				buf = binary.LittleEndian.AppendUint64(buf, uint64(int64(v)))
			}
		case Bool:
			for _, v := range t.Float64s() {
				buf = append(buf, byte(v))
			}
		default:
			for _, v := range t.Float64s() {
				buf = binary.LittleEndian.AppendUint64(buf, math.Float64bits(v))
			}
		}
		if _, err := w.Write(buf); err != nil {
			return err
		}
	}
	return nil
}

// ReadSafetensors reads one safetensors object from r: the tensors by name
// (contiguous, not requiring grad) and the metadata (nil if none). It reads
// exactly the object's bytes, so several can follow each other in a stream.
// A malformed object (bad JSON, byte ranges that do not tile the data, a
// size that does not match the shape) is an ErrValue error, and so is a
// dtype gd does not have (it reads F32, F64, I64 and BOOL).
func ReadSafetensors(r io.Reader) (map[string]*Tensor, map[string]string, error) {
	const op = "ReadSafetensors"
	var n [8]byte
	if _, err := io.ReadFull(r, n[:]); err != nil {
		return nil, nil, fmt.Errorf("gd: %s: reading the header length: %w", op, err)
	}
	hlen := binary.LittleEndian.Uint64(n[:])
	if hlen > maxHeader {
		return nil, nil, errorf(ErrValue, op, "header of %d bytes is larger than the %d the format allows (not a safetensors file?)", hlen, maxHeader)
	}
	header := make([]byte, hlen)
	if _, err := io.ReadFull(r, header); err != nil {
		return nil, nil, fmt.Errorf("gd: %s: reading the %d-byte header: %w", op, hlen, err)
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(header, &raw); err != nil {
		return nil, nil, errorf(ErrValue, op, "header is not a JSON object: %v", err)
	}
	var metadata map[string]string
	type item struct {
		name string
		e    stEntry
		d    DType
	}
	var items []item
	for name, msg := range raw {
		if name == metadataKey {
			if err := json.Unmarshal(msg, &metadata); err != nil {
				return nil, nil, errorf(ErrValue, op, "__metadata__ must map strings to strings: %v", err)
			}
			continue
		}
		var e stEntry // unknown fields are ignored, as the reference reader does
		if err := json.Unmarshal(msg, &e); err != nil {
			return nil, nil, errorf(ErrValue, op, "tensor %q: %v", name, err)
		}
		d, ok := dtypeFromST(e.DType)
		if !ok {
			return nil, nil, errorf(ErrDType, op, "tensor %q has dtype %s; gd reads F32, F64, I64 and BOOL", name, e.DType)
		}
		size, ok := byteSize(e.Shape, dtypeSize(d))
		if !ok {
			return nil, nil, errorf(ErrValue, op, "tensor %q has an invalid shape %v", name, e.Shape)
		}
		if e.Offsets[0] < 0 || e.Offsets[1]-e.Offsets[0] != size {
			return nil, nil, errorf(ErrValue, op, "tensor %q of shape %s and dtype %s needs %d bytes, but its data_offsets %v hold %d", name, shapeString(e.Shape), e.DType, size, e.Offsets, e.Offsets[1]-e.Offsets[0])
		}
		items = append(items, item{name, e, d})
	}
	// The byte ranges must tile the data exactly, in some order.
	slices.SortFunc(items, func(a, b item) int { // empty tensors first at a shared offset
		if a.e.Offsets[0] != b.e.Offsets[0] {
			return a.e.Offsets[0] - b.e.Offsets[0]
		}
		return a.e.Offsets[1] - b.e.Offsets[1]
	})
	total := 0
	for _, it := range items {
		if it.e.Offsets[0] != total {
			return nil, nil, errorf(ErrValue, op, "tensor %q starts at byte %d, expected %d (data_offsets must be contiguous, without gaps or overlaps)", it.name, it.e.Offsets[0], total)
		}
		total = it.e.Offsets[1]
	}
	data, err := io.ReadAll(io.LimitReader(r, int64(total)))
	if err != nil {
		return nil, nil, fmt.Errorf("gd: %s: reading the data: %w", op, err)
	}
	if len(data) != total {
		return nil, nil, errorf(ErrValue, op, "data is truncated: %d of %d bytes", len(data), total)
	}
	tensors := make(map[string]*Tensor, len(items))
	for _, it := range items {
		b := data[it.e.Offsets[0]:it.e.Offsets[1]]
		var t *Tensor
		switch it.d {
		case Float32:
			v := make([]float32, len(b)/4)
			for i := range v {
				v[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
			}
			t = FromSlice(v, len(v))
		case Float64:
			v := make([]float64, len(b)/8)
			for i := range v {
				v[i] = math.Float64frombits(binary.LittleEndian.Uint64(b[8*i:]))
			}
			t = FromSlice(v, len(v))
		case Int64:
			t = empty(Int64, []int{len(b) / 8})
			for i := range t.f64 {
				x := int64(binary.LittleEndian.Uint64(b[8*i:]))
				if x > maxExactInt || x < -maxExactInt {
					return nil, nil, errorf(ErrValue, op, "tensor %q holds the int64 %d, beyond ±2^53 where gd's integers stop being exact", it.name, x)
				}
				t.f64[i] = float64(x)
			}
		default:
			t = empty(Bool, []int{len(b)})
			for i, x := range b {
				if x > 1 {
					return nil, nil, errorf(ErrValue, op, "tensor %q holds the byte %d where a bool (0 or 1) belongs", it.name, x)
				}
				t.f64[i] = float64(x)
			}
		}
		tensors[it.name] = t.View(it.e.Shape...)
	}
	return tensors, metadata, nil
}

// SaveSafetensors writes the named tensors (and metadata, if not nil) to
// the file at path, like safetensors' save_file. The write is atomic: the
// data goes to a temporary file in the same directory, is synced, and then
// renamed over path, so a failed save never leaves a partial file.
func SaveSafetensors(path string, tensors map[string]*Tensor, metadata map[string]string) error {
	return writeFileAtomic(path, func(w io.Writer) error { return WriteSafetensors(w, tensors, metadata) })
}

// LoadSafetensors reads the file at path (see ReadSafetensors), like
// safetensors' load_file.
func LoadSafetensors(path string) (map[string]*Tensor, map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	ts, md, err := ReadSafetensors(f)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	// A file holds exactly one object.
	var one [1]byte
	if n, _ := f.Read(one[:]); n > 0 {
		return nil, nil, errorf(ErrValue, "LoadSafetensors", "%s has bytes after the tensors' data", path)
	}
	return ts, md, nil
}

// writeFileAtomic writes path through a temporary file in the same
// directory (write, sync, rename; see internal/atomicfile), with the mode
// a plain os.WriteFile would give a new file here.
func writeFileAtomic(path string, write func(io.Writer) error) error {
	return atomicfile.WriteFunc(path, 0o644, write)
}

// stDTypes names gd's dtypes as safetensors does, with their sizes in bytes.
var stDTypes = [...]struct {
	name string
	size int
}{Float32: {"F32", 4}, Float64: {"F64", 8}, Int64: {"I64", 8}, Bool: {"BOOL", 1}}

func dtypeSize(d DType) int { return stDTypes[d].size }

func stDType(d DType) string { return stDTypes[d].name }

func dtypeFromST(s string) (DType, bool) {
	for d, e := range stDTypes {
		if e.name == s {
			return DType(d), true
		}
	}
	return 0, false
}

// byteSize returns the bytes a tensor of shape needs, or false for a
// negative size or one too large to address.
func byteSize(shape []int, elem int) (int, bool) {
	n := elem
	for _, s := range shape {
		if s < 0 {
			return 0, false
		}
		if s != 0 && n > math.MaxInt32*int(1<<20)/s {
			return 0, false
		}
		n *= s
	}
	return n, true
}

// tensorKey names the one tensor of a Tensor's binary form.
const tensorKey = "tensor"

// MarshalBinary encodes t as a safetensors object holding one tensor named
// "tensor" (values, shape, dtype), with whether it requires grad and is a
// Parameter in the metadata. It makes a tensor storable as bytes, e.g. in a
// cache between notebook cells (encoding.BinaryMarshaler).
func (t *Tensor) MarshalBinary() ([]byte, error) {
	var b bytes.Buffer
	md := map[string]string{"requires_grad": pyBool(t.requiresGrad), "parameter": pyBool(t.param)}
	err := WriteSafetensors(&b, map[string]*Tensor{tensorKey: t}, md)
	return b.Bytes(), err
}

// UnmarshalBinary replaces t with the tensor MarshalBinary encoded: a new
// leaf with its own storage, no gradient and no history.
func (t *Tensor) UnmarshalBinary(data []byte) error {
	ts, md, err := ReadSafetensors(bytes.NewReader(data))
	if err != nil {
		return err
	}
	v, ok := ts[tensorKey]
	if !ok || len(ts) != 1 {
		return errorf(ErrValue, "UnmarshalBinary", "expected one tensor named %q, got %d tensors", tensorKey, len(ts))
	}
	v.requiresGrad = md["requires_grad"] == "True"
	v.param = md["parameter"] == "True"
	*t = *v
	return nil
}
