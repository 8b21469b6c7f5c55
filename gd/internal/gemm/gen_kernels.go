//go:build ignore

// gen_kernels writes kernels_amd64.s, the assembly of the package, and
// kernels_direct_amd64.go, its Go declarations: the AVX2 micro-kernels of
// the packed algorithm, the AVX-512 micro-kernels that read A through
// strides (one per row count, with and without lane masks), and the block
// transposes used to pack a transposed B. The kernels differ only in
// element size, vector width and tile shape, so they come from templates
// rather than being written by hand:
//
//	go generate ./gd/internal/gemm
package main

import (
	"bytes"
	"fmt"
	"go/format"
	"log"
	"os"
)

// spec describes one packed micro-kernel: an mr×nr tile of C, held in mr*vecs
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

func (s spec) nr() int        { return s.vecs * s.vbytes / s.elem }
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
	var g bytes.Buffer
	fmt.Fprintln(&g, "// Code generated by gen_kernels.go; DO NOT EDIT.")
	fmt.Fprintln(&g)
	fmt.Fprintln(&g, "//go:build amd64")
	fmt.Fprintln(&g)
	fmt.Fprintln(&g, "package gemm")
	for _, d := range []direct{{prefix: "sgemm", elem: 4}, {prefix: "dgemm", elem: 8}} {
		d.emit(&w, &g)
	}
	emitTranspose(&w, &g)
	if err := os.WriteFile("kernels_amd64.s", w.Bytes(), 0o644); err != nil {
		log.Fatal(err)
	}
	src, err := format.Source(g.Bytes())
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile("kernels_direct_amd64.go", src, 0o644); err != nil {
		log.Fatal(err)
	}
}

// direct describes the AVX-512 kernels that read A and B in place, through
// strides, instead of from packed panels: element (r, p) of the A sliver is
// at a + r*rsA + p*csA and element (p, j) of B at b + p*rsB + j. One kernel
// is generated per row count (1..12) and per width: two full vectors, two
// vectors of which the second is masked, or one masked vector. Masked lanes
// are neither loaded nor stored, so ragged edges of C need no scratch copy
// and reads never run past the end of B's rows.
type direct struct {
	prefix string // "sgemm" or "dgemm"
	elem   int
}

const directRows = 12

type variant struct {
	suffix string
	vecs   int
	masked bool
}

var variants = []variant{{"v2", 2, false}, {"v2m", 2, true}, {"v1m", 1, true}}

func (d direct) name(rows int, v variant) string {
	return fmt.Sprintf("%sDirect%d%s", d.prefix, rows, v.suffix)
}

func (d direct) emit(w, g *bytes.Buffer) {
	scalar, suffix, bcast, shift := "float32", "PS", "VBROADCASTSS", 2
	alphaOff, betaOff, maskOff, frame := 64, 68, 72, 80
	if d.elem == 8 {
		scalar, suffix, bcast, shift = "float64", "PD", "VBROADCASTSD", 3
		alphaOff, betaOff, maskOff, frame = 64, 72, 80, 88
	}
	mov := "VMOVUP" + suffix[1:]
	sig := fmt.Sprintf("(kc int, a *%[1]s, rsA, csA int, b *%[1]s, rsB int, c *%[1]s, ldc int, alpha, beta %[1]s, mask uint64)", scalar)

	// The Go side: declarations and a table indexed by variant and rows.
	fmt.Fprintln(g)
	for _, v := range variants {
		for rows := 1; rows <= directRows; rows++ {
			fmt.Fprintf(g, "\n//go:noescape\nfunc %s%s\n", d.name(rows, v), sig)
		}
	}
	fmt.Fprintf(g, "\n// %sDirect holds the kernels by variant (two vectors, two with the\n", d.prefix)
	fmt.Fprintf(g, "// second masked, one masked) and by row count.\n")
	fmt.Fprintf(g, "var %sDirect = [%d][%d]func%s{\n", d.prefix, len(variants), directRows+1, sig)
	for _, v := range variants {
		fmt.Fprintf(g, "\t{nil")
		for rows := 1; rows <= directRows; rows++ {
			fmt.Fprintf(g, ", %s", d.name(rows, v))
		}
		fmt.Fprintf(g, "},\n")
	}
	fmt.Fprintf(g, "}\n")

	vbytes := 64
	bases := []string{"SI", "R11", "R12", "R13"}
	addr := func(r int) string {
		switch r % 3 {
		case 1:
			return fmt.Sprintf("(%s)(R10*1)", bases[r/3])
		case 2:
			return fmt.Sprintf("(%s)(R10*2)", bases[r/3])
		}
		return fmt.Sprintf("(%s)", bases[r/3])
	}
	for _, v := range variants {
		for rows := 1; rows <= directRows; rows++ {
			p := func(format string, args ...any) { fmt.Fprintf(w, "\t"+format+"\n", args...) }
			acc := func(r, j int) string { return fmt.Sprintf("Z%d", r*v.vecs+j) }
			breg := func(j int) string { return fmt.Sprintf("Z%d", 24+j) }
			areg := func(r int) string { return fmt.Sprintf("Z%d", 26+r%6) }
			// load or store vector j of a row, masking the last one if asked.
			last := func(j int) bool { return v.masked && j == v.vecs-1 }

			fmt.Fprintf(w, "// func %s%s\n", d.name(rows, v), sig)
			fmt.Fprintf(w, "TEXT ·%s(SB), NOSPLIT, $0-%d\n", d.name(rows, v), frame)
			p("MOVQ kc+0(FP), CX")
			p("MOVQ a+8(FP), SI")
			p("MOVQ rsA+16(FP), R10")
			p("SHLQ $%d, R10", shift)
			p("MOVQ csA+24(FP), BX")
			p("SHLQ $%d, BX", shift)
			p("MOVQ b+32(FP), DI")
			p("MOVQ rsB+40(FP), R9")
			p("SHLQ $%d, R9", shift)
			p("MOVQ c+48(FP), DX")
			p("MOVQ ldc+56(FP), R8")
			p("SHLQ $%d, R8", shift)
			if v.masked {
				p("MOVQ mask+%d(FP), AX", maskOff)
				p("KMOVW AX, K1")
			}
			for i := 1; i < len(bases) && 3*i < rows; i++ {
				p("LEAQ (%s)(R10*2), %s", bases[i-1], bases[i])
				p("ADDQ R10, %s", bases[i])
			}
			p("MOVQ DX, AX")
			for r := 0; r < rows; r++ {
				for off := 0; off < v.vecs*vbytes; off += 64 {
					p("PREFETCHT0 %d(AX)", off)
				}
				if r < rows-1 {
					p("ADDQ R8, AX")
				}
			}
			for r := 0; r < rows; r++ {
				for j := 0; j < v.vecs; j++ {
					p("VPXORD %s, %s, %s", acc(r, j), acc(r, j), acc(r, j))
				}
			}
			p("TESTQ CX, CX")
			p("JZ done")
			fmt.Fprintln(w, "loop:")
			for j := 0; j < v.vecs; j++ {
				if last(j) {
					p("%s.Z %d(DI), K1, %s", mov, j*vbytes, breg(j))
				} else {
					p("%s %d(DI), %s", mov, j*vbytes, breg(j))
				}
			}
			for r := 0; r < rows; r++ {
				p("%s %s, %s", bcast, addr(r), areg(r))
				for j := 0; j < v.vecs; j++ {
					p("VFMADD231%s %s, %s, %s", suffix, breg(j), areg(r), acc(r, j))
				}
			}
			for i := 0; i < len(bases) && 3*i < rows; i++ {
				p("ADDQ BX, %s", bases[i])
			}
			p("ADDQ R9, DI")
			p("DECQ CX")
			p("JNZ loop")
			fmt.Fprintln(w, "done:")
			alpha, beta, tmp := "Z24", "Z25", "Z26"
			p("%s alpha+%d(FP), %s", bcast, alphaOff, alpha)
			if d.elem == 4 {
				p("MOVL beta+%d(FP), AX", betaOff)
				p("SHLL $1, AX")
			} else {
				p("MOVQ beta+%d(FP), AX", betaOff)
				p("SHLQ $1, AX")
			}
			p("JZ store")
			p("%s beta+%d(FP), %s", bcast, betaOff, beta)
			for r := 0; r < rows; r++ {
				for j := 0; j < v.vecs; j++ {
					if last(j) {
						p("%s.Z %d(DX), K1, %s", mov, j*vbytes, tmp)
						p("VMUL%s %s, %s, %s", suffix, beta, tmp, tmp)
					} else {
						p("VMUL%s %d(DX), %s, %s", suffix, j*vbytes, beta, tmp)
					}
					p("VFMADD231%s %s, %s, %s", suffix, alpha, acc(r, j), tmp)
					if last(j) {
						p("%s %s, K1, %d(DX)", mov, tmp, j*vbytes)
					} else {
						p("%s %s, %d(DX)", mov, tmp, j*vbytes)
					}
				}
				if r < rows-1 {
					p("ADDQ R8, DX")
				}
			}
			p("VZEROUPPER")
			p("RET")
			fmt.Fprintln(w, "store:")
			for r := 0; r < rows; r++ {
				for j := 0; j < v.vecs; j++ {
					p("VMUL%s %s, %s, %s", suffix, alpha, acc(r, j), acc(r, j))
					if last(j) {
						p("%s %s, K1, %d(DX)", mov, acc(r, j), j*vbytes)
					} else {
						p("%s %s, %d(DX)", mov, acc(r, j), j*vbytes)
					}
				}
				if r < rows-1 {
					p("ADDQ R8, DX")
				}
			}
			p("VZEROUPPER")
			p("RET")
			fmt.Fprintln(w)
		}
	}
}

// emitTranspose writes transpose16x16 (float32) and transpose8x8 (float64):
// load a square block, one row per zmm register, and store its transpose.
// They pack a transposed B, where the scalar loop would move one element
// at a time. The shuffle network is the usual one: interleave pairs of rows
// by element (the float64 version starts here), then by pairs of elements,
// then exchange 128-bit lanes twice.
func emitTranspose(w, g *bytes.Buffer) {
	fmt.Fprintln(g)
	fmt.Fprintln(g, "//go:noescape")
	fmt.Fprintln(g, "func transpose16x16(src *float32, lds int, dst *float32, ldd int)")
	fmt.Fprintln(g)
	fmt.Fprintln(g, "//go:noescape")
	fmt.Fprintln(g, "func transpose8x8(src *float64, lds int, dst *float64, ldd int)")

	p := func(format string, args ...any) { fmt.Fprintf(w, "\t"+format+"\n", args...) }
	z := func(i int) string { return fmt.Sprintf("Z%d", i) }
	prologue := func(name string, shift, n int, mov string) {
		fmt.Fprintf(w, "// func %s(src *%s, lds int, dst *%s, ldd int)\n", name,
			map[int]string{2: "float32", 3: "float64"}[shift], map[int]string{2: "float32", 3: "float64"}[shift])
		fmt.Fprintf(w, "TEXT ·%s(SB), NOSPLIT, $0-32\n", name)
		p("MOVQ src+0(FP), SI")
		p("MOVQ lds+8(FP), AX")
		p("SHLQ $%d, AX", shift)
		p("MOVQ dst+16(FP), DI")
		p("MOVQ ldd+24(FP), BX")
		p("SHLQ $%d, BX", shift)
		for i := 0; i < n; i++ {
			p("%s (SI), %s", mov, z(i))
			if i < n-1 {
				p("ADDQ AX, SI")
			}
		}
	}
	epilogue := func(n int, mov string, out func(i int) int) {
		for i := 0; i < n; i++ {
			p("%s %s, (DI)", mov, z(out(i)))
			if i < n-1 {
				p("ADDQ BX, DI")
			}
		}
		p("VZEROUPPER")
		p("RET")
		fmt.Fprintln(w)
	}
	// op emits dst = f(a, b) in Go operand order (b, a, dst).
	op := func(ins string, a, b, dst int) { p("%s %s, %s, %s", ins, z(b), z(a), z(dst)) }
	shuf := func(ins string, imm, a, b, dst int) { p("%s $0x%x, %s, %s, %s", ins, imm, z(b), z(a), z(dst)) }

	// float32, rows in Z0..Z15, temporaries in Z16..Z31.
	prologue("transpose16x16", 2, 16, "VMOVUPS")
	t := func(i int) int { return 16 + i }
	for i := 0; i < 8; i++ {
		op("VUNPCKLPS", 2*i, 2*i+1, t(2*i))
		op("VUNPCKHPS", 2*i, 2*i+1, t(2*i+1))
	}
	for q := 0; q < 4; q++ {
		b := 4 * q
		op("VUNPCKLPD", t(b), t(b+2), b)
		op("VUNPCKHPD", t(b), t(b+2), b+1)
		op("VUNPCKLPD", t(b+1), t(b+3), b+2)
		op("VUNPCKHPD", t(b+1), t(b+3), b+3)
	}
	for h := 0; h < 2; h++ {
		b := 8 * h
		for i := 0; i < 4; i++ {
			shuf("VSHUFF32X4", 0x88, b+i, b+i+4, t(b+i))
			shuf("VSHUFF32X4", 0xdd, b+i, b+i+4, t(b+i+4))
		}
	}
	for i := 0; i < 8; i++ {
		shuf("VSHUFF32X4", 0x88, t(i), t(i+8), i)
		shuf("VSHUFF32X4", 0xdd, t(i), t(i+8), i+8)
	}
	epilogue(16, "VMOVUPS", func(i int) int { return i })

	// float64, rows in Z0..Z7, temporaries in Z8..Z15.
	prologue("transpose8x8", 3, 8, "VMOVUPD")
	u := func(i int) int { return 8 + i }
	for i := 0; i < 4; i++ {
		op("VUNPCKLPD", 2*i, 2*i+1, u(2*i))
		op("VUNPCKHPD", 2*i, 2*i+1, u(2*i+1))
	}
	for h := 0; h < 2; h++ {
		b := 4 * h
		shuf("VSHUFF64X2", 0x88, u(b), u(b+2), b)
		shuf("VSHUFF64X2", 0x88, u(b+1), u(b+3), b+1)
		shuf("VSHUFF64X2", 0xdd, u(b), u(b+2), b+2)
		shuf("VSHUFF64X2", 0xdd, u(b+1), u(b+3), b+3)
	}
	for i := 0; i < 4; i++ {
		shuf("VSHUFF64X2", 0x88, i, i+4, u(i))
		shuf("VSHUFF64X2", 0xdd, i, i+4, u(i+4))
	}
	epilogue(8, "VMOVUPD", u)
}
