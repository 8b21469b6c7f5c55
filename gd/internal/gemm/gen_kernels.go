//go:build ignore

// gen_kernels writes kernels_amd64.s, the AVX-512 and AVX2 micro-kernels.
// The four kernels differ only in element size, vector width and tile shape,
// so they are generated from one template rather than written by hand:
//
//	go generate ./gd/internal/gemm
package main

import (
	"bytes"
	"fmt"
	"log"
	"os"
)

// spec describes one micro-kernel: an mr×nr tile of C, held in mr*vecs
// vector registers, where each row of the tile is vecs vectors wide.
type spec struct {
	name   string
	elem   int    // bytes per element: 4 or 8
	vbytes int    // bytes per vector register: 32 (ymm) or 64 (zmm)
	reg    string // "Y" or "Z"
	mr     int    // rows of the tile
	vecs   int    // vectors per row; nr = vecs*vbytes/elem
	bcast  int    // registers used to hold broadcast elements of A
}

func (s spec) nr() int       { return s.vecs * s.vbytes / s.elem }
func (s spec) suffix() string { return map[int]string{4: "PS", 8: "PD"}[s.elem] }
func (s spec) bcastOp() string {
	return map[int]string{4: "VBROADCASTSS", 8: "VBROADCASTSD"}[s.elem]
}
func (s spec) r(i int) string { return fmt.Sprintf("%s%d", s.reg, i) }

// Register plan: accumulators first, then the B row vectors, then the
// broadcast registers. The epilogue reuses the B registers for alpha and
// beta and the first broadcast register as a temporary.
func (s spec) acc(row, v int) string { return s.r(row*s.vecs + v) }
func (s spec) breg(v int) string     { return s.r(s.mr*s.vecs + v) }
func (s spec) areg(i int) string     { return s.r(s.mr*s.vecs + s.vecs + i%s.bcast) }

const unroll = 4

func (s spec) emit(w *bytes.Buffer) {
	p := func(format string, args ...any) { fmt.Fprintf(w, "\t"+format+"\n", args...) }
	scalar := "float32"
	frame := 48
	betaOff := 44
	if s.elem == 8 {
		scalar, frame, betaOff = "float64", 56, 48
	}
	astep, bstep := s.mr*s.elem, s.nr()*s.elem
	shift := map[int]int{4: 2, 8: 3}[s.elem]

	fmt.Fprintf(w, "// func %s(kc int, a, b, c *%s, ldc int, alpha, beta %s)\n", s.name, scalar, scalar)
	fmt.Fprintf(w, "// C[%d×%d] = alpha*A*B + beta*C; beta == 0 stores without reading C.\n", s.mr, s.nr())
	fmt.Fprintf(w, "TEXT ·%s(SB), NOSPLIT, $0-%d\n", s.name, frame)
	p("MOVQ kc+0(FP), CX")
	p("MOVQ a+8(FP), SI")
	p("MOVQ b+16(FP), DI")
	p("MOVQ c+24(FP), DX")
	p("MOVQ ldc+32(FP), R8")
	p("SHLQ $%d, R8", shift)

	// Touch the C tile early so its lines are in cache by the epilogue.
	p("MOVQ DX, R9")
	for row := 0; row < s.mr; row++ {
		for off := 0; off < s.vecs*s.vbytes; off += 64 {
			p("PREFETCHT0 %d(R9)", off)
		}
		if row < s.mr-1 {
			p("ADDQ R8, R9")
		}
	}

	xor := "VXORPS"
	if s.reg == "Z" {
		xor = "VPXORD" // EVEX VXORPS needs AVX512DQ; VPXORD is in AVX512F.
	}
	for row := 0; row < s.mr; row++ {
		for v := 0; v < s.vecs; v++ {
			p("%s %s, %s, %s", xor, s.acc(row, v), s.acc(row, v), s.acc(row, v))
		}
	}

	step := func(u int) {
		for v := 0; v < s.vecs; v++ {
			p("VMOVUP%s %d(DI), %s", s.suffix()[1:], u*bstep+v*s.vbytes, s.breg(v))
		}
		for row := 0; row < s.mr; row++ {
			a := s.areg(row)
			p("%s %d(SI), %s", s.bcastOp(), u*astep+row*s.elem, a)
			for v := 0; v < s.vecs; v++ {
				p("VFMADD231%s %s, %s, %s", s.suffix(), s.breg(v), a, s.acc(row, v))
			}
		}
	}

	p("MOVQ CX, BX")
	p("SHRQ $2, BX")
	p("JZ tail")
	fmt.Fprintln(w, "loop4:")
	for u := 0; u < unroll; u++ {
		step(u)
	}
	p("ADDQ $%d, SI", unroll*astep)
	p("ADDQ $%d, DI", unroll*bstep)
	p("DECQ BX")
	p("JNZ loop4")
	fmt.Fprintln(w, "tail:")
	p("ANDQ $3, CX")
	p("JZ done")
	fmt.Fprintln(w, "loop1:")
	step(0)
	p("ADDQ $%d, SI", astep)
	p("ADDQ $%d, DI", bstep)
	p("DECQ CX")
	p("JNZ loop1")

	fmt.Fprintln(w, "done:")
	alpha, beta, tmp := s.breg(0), s.breg(1), s.areg(0)
	p("%s alpha+40(FP), %s", s.bcastOp(), alpha)
	if s.elem == 4 {
		p("MOVL beta+%d(FP), AX", betaOff)
		p("SHLL $1, AX") // drop the sign bit: -0 counts as zero too
	} else {
		p("MOVQ beta+%d(FP), AX", betaOff)
		p("SHLQ $1, AX")
	}
	p("JZ store")
	p("%s beta+%d(FP), %s", s.bcastOp(), betaOff, beta)
	for row := 0; row < s.mr; row++ {
		for v := 0; v < s.vecs; v++ {
			p("VMUL%s %d(DX), %s, %s", s.suffix(), v*s.vbytes, beta, tmp)
			p("VFMADD231%s %s, %s, %s", s.suffix(), alpha, s.acc(row, v), tmp)
			p("VMOVUP%s %s, %d(DX)", s.suffix()[1:], tmp, v*s.vbytes)
		}
		if row < s.mr-1 {
			p("ADDQ R8, DX")
		}
	}
	p("VZEROUPPER")
	p("RET")

	// beta == 0: C is overwritten and never read, so NaNs in it vanish.
	fmt.Fprintln(w, "store:")
	for row := 0; row < s.mr; row++ {
		for v := 0; v < s.vecs; v++ {
			p("VMUL%s %s, %s, %s", s.suffix(), alpha, s.acc(row, v), s.acc(row, v))
			p("VMOVUP%s %s, %d(DX)", s.suffix()[1:], s.acc(row, v), v*s.vbytes)
		}
		if row < s.mr-1 {
			p("ADDQ R8, DX")
		}
	}
	p("VZEROUPPER")
	p("RET")
	fmt.Fprintln(w)
}

func main() {
	specs := []spec{
		{name: "sgemmKernelAVX512", elem: 4, vbytes: 64, reg: "Z", mr: 12, vecs: 2, bcast: 6},
		{name: "dgemmKernelAVX512", elem: 8, vbytes: 64, reg: "Z", mr: 12, vecs: 2, bcast: 6},
		{name: "sgemmKernelAVX2", elem: 4, vbytes: 32, reg: "Y", mr: 6, vecs: 2, bcast: 2},
		{name: "dgemmKernelAVX2", elem: 8, vbytes: 32, reg: "Y", mr: 6, vecs: 2, bcast: 2},
	}
	var w bytes.Buffer
	fmt.Fprintln(&w, "// Code generated by gen_kernels.go; DO NOT EDIT.")
	fmt.Fprintln(&w)
	fmt.Fprintln(&w, "//go:build amd64")
	fmt.Fprintln(&w)
	fmt.Fprintln(&w, `#include "textflag.h"`)
	fmt.Fprintln(&w)
	for _, s := range specs {
		if regs := s.mr*s.vecs + s.vecs + s.bcast; regs > map[string]int{"Y": 16, "Z": 32}[s.reg] {
			log.Fatalf("%s needs %d registers", s.name, regs)
		}
		s.emit(&w)
	}
	if err := os.WriteFile("kernels_amd64.s", w.Bytes(), 0o644); err != nil {
		log.Fatal(err)
	}
}
