// Package gemm multiplies dense row-major matrices: C = alpha*op(A)*op(B) + beta*C.
// It is the engine behind gd's MatMul.
package gemm
