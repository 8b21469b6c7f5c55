package gd

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// ErrorKind classifies misuse, so callers can test with errors.Is.
type ErrorKind int

const (
	// ErrShape: shapes do not match, broadcast or align.
	ErrShape ErrorKind = iota + 1
	// ErrIndex: an index or dimension is out of range.
	ErrIndex
	// ErrDType: operands have different dtypes where one is required.
	ErrDType
	// ErrGrad: an autograd rule was broken (backward on a non-scalar, through a freed graph, ...).
	ErrGrad
	// ErrValue: an argument has an invalid value (negative size, bad learning rate, ...).
	ErrValue
)

var kindNames = map[ErrorKind]string{
	ErrShape: "shape error", ErrIndex: "index error", ErrDType: "dtype error",
	ErrGrad: "autograd error", ErrValue: "value error",
}

func (k ErrorKind) String() string {
	if s, ok := kindNames[k]; ok {
		return s
	}
	return "error"
}

// Error is what gd panics with when it is misused. Its message names the
// operation and the offending shapes or values:
//
//	gd: MatMul: shapes (100,2) and (3) are not aligned
//
// Use Catch to turn such a panic into an ordinary error value.
type Error struct {
	Kind ErrorKind
	Op   string // the operation, e.g. "MatMul", "Backward", "View"
	Msg  string
}

func (e *Error) Error() string { return "gd: " + e.Op + ": " + e.Msg }

// Is makes errors.Is(err, gd.ErrShape) (or any other ErrorKind) work.
func (e *Error) Is(target error) bool {
	k, ok := target.(ErrorKind)
	return ok && k == e.Kind
}

// Error lets an ErrorKind be used as an errors.Is target.
func (k ErrorKind) Error() string { return "gd: " + k.String() }

func errorf(kind ErrorKind, op, format string, args ...any) *Error {
	return &Error{Kind: kind, Op: op, Msg: fmt.Sprintf(format, args...)}
}

// Catch runs f and returns the *Error it panicked with, or nil if it returned
// normally. Panics that are not gd errors are re-raised. It is the bridge for
// programs that prefer error values:
//
//	err := gd.Catch(func() { y = x.MatMul(w) })
func Catch(f func()) (err error) {
	if f == nil {
		return errorf(ErrValue, "Catch", "function is nil")
	}
	defer func() {
		if r := recover(); r != nil {
			var e *Error
			if re, ok := r.(error); ok && errors.As(re, &e) {
				err = e
				return
			}
			panic(r)
		}
	}()
	f()
	return nil
}

// shapeString formats a shape the way gd's messages show it: (100,2), (3), ().
func shapeString(shape []int) string { return joinInts("(", shape, ",", ")") }

// listString formats a shape as PyTorch's messages about shape arguments
// do: [2, 4].
func listString(shape []int) string { return joinInts("[", shape, ", ", "]") }

// joinInts writes ints between open and close, separated by sep: the one
// formatter behind the shapes in messages and in printed tensors.
func joinInts(open string, ints []int, sep, close string) string {
	var b strings.Builder
	b.WriteString(open)
	for i, v := range ints {
		if i > 0 {
			b.WriteString(sep)
		}
		b.WriteString(strconv.Itoa(v))
	}
	b.WriteString(close)
	return b.String()
}
