package cache

import (
	"bytes"
	"crypto/sha256"
	"encoding"
	"encoding/gob"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"sync"

	"github.com/gonotebooks/descent/internal/atomicfile"
)

// Set by the kernel's go shim with -X linker flags when it builds a cell; all
// empty elsewhere, which turns the cache off.
var (
	codeKey  string // the notebook's declarations and the sources it builds from
	callKeys string // line:key,... for each Value call in callFile
	callFile string // the cell program's main.go
	dir      string // where values are stored, inside the kernel session's folder
)

// Value returns the value stored under name for this code, or runs compute,
// stores its result and returns it. See the package documentation for what
// makes a stored value current and for the limits.
func Value[T any](name string, compute func() T) T {
	_, file, line, _ := runtime.Caller(1)
	return value(name, compute, file, line)
}

func value[T any](name string, compute func() T, file string, line int) T {
	path, ok := pathFor[T](name, file, line)
	if !ok {
		return compute()
	}
	if b, err := os.ReadFile(path); err == nil {
		if v, err := decode[T](b); err == nil {
			return v
		}
	}
	v := compute()
	b, err := encode(v)
	if err == nil {
		err = writeAtomic(path, b)
	}
	if err != nil {
		warnOnce(name, err)
	}
	return v
}

// pathFor is the file of a value: a hash of its name, its type and the
// code keys. ok is false when the call has no key (not built by the shim,
// or not written in a cell).
func pathFor[T any](name, file string, line int) (string, bool) {
	if codeKey == "" || dir == "" || file != callFile {
		return "", false
	}
	var call string
	for _, kv := range strings.Split(callKeys, ",") {
		if l, k, found := strings.Cut(kv, ":"); found && l == strconv.Itoa(line) {
			call = k
		}
	}
	if call == "" {
		return "", false
	}
	h := sha256.New()
	for _, part := range []string{codeKey, call, reflect.TypeFor[T]().String(), name} {
		fmt.Fprintf(h, "%d:%s\n", len(part), part)
	}
	return filepath.Join(dir, hex.EncodeToString(h.Sum(nil))), true
}

// The first byte of a stored value says how the rest is encoded.
const (
	formatBinary = 'B'
	formatGob    = 'G'
	formatJSON   = 'J'
)

func encode[T any](v T) ([]byte, error) {
	if m, ok := any(v).(encoding.BinaryMarshaler); ok {
		if _, ok := any(newOf[T]()).(encoding.BinaryUnmarshaler); ok {
			b, err := m.MarshalBinary()
			if err != nil {
				return nil, err
			}
			return append([]byte{formatBinary}, b...), nil
		}
	}
	var buf bytes.Buffer
	buf.WriteByte(formatGob)
	gobErr := gob.NewEncoder(&buf).Encode(&v)
	if gobErr == nil {
		return buf.Bytes(), nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("neither gob (%v) nor JSON (%v) can encode a %T", gobErr, err, v)
	}
	return append([]byte{formatJSON}, b...), nil
}

// newOf returns a pointer to a new T, or for a pointer type T a new T
// pointing at a zero value: what UnmarshalBinary is called on.
func newOf[T any]() any {
	t := reflect.TypeFor[T]()
	if t.Kind() == reflect.Pointer {
		return reflect.New(t.Elem()).Interface()
	}
	return new(T)
}

func decode[T any](b []byte) (T, error) {
	var v T
	if len(b) == 0 {
		return v, errors.New("empty")
	}
	switch b[0] {
	case formatBinary:
		p := newOf[T]()
		u, ok := p.(encoding.BinaryUnmarshaler)
		if !ok {
			return v, errors.New("no UnmarshalBinary")
		}
		if err := u.UnmarshalBinary(b[1:]); err != nil {
			return v, err
		}
		if reflect.TypeFor[T]().Kind() == reflect.Pointer {
			return p.(T), nil
		}
		return *p.(*T), nil
	case formatGob:
		err := gob.NewDecoder(bytes.NewReader(b[1:])).Decode(&v)
		return v, err
	case formatJSON:
		err := json.Unmarshal(b[1:], &v)
		return v, err
	}
	return v, fmt.Errorf("unknown format %q", b[0])
}

// writeAtomic stores a value so that a cell interrupted while writing
// leaves no half-written file for the next cell to read.
func writeAtomic(path string, b []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	return atomicfile.Write(path, b, 0o600)
}

var warned sync.Map

func warnOnce(name string, err error) {
	if _, done := warned.LoadOrStore(name, true); !done {
		fmt.Fprintf(os.Stderr, "cache: %q is not stored, later cells will compute it again: %v\n", name, err)
	}
}
