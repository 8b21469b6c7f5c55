#include "textflag.h"

// Row kernels of softmax along the last dim (softmax.go). Every function
// takes whole rows of size >= 8 elements: a row is read as blocks of
// eight and, when size is not a multiple of eight, a last partial block
// through the mask at mask (the first size%8 lanes set). Sums follow
// PyTorch's reduce_all: lane-wise over the blocks (the partial block
// blended into its lanes), then halves, pairs and neighbours.

// ROWSETUP loads the row geometry: DX = size, R8 = size%8, R9 = size/8
// (at least 1), Y15 = the tail mask.
#define ROWSETUP(sizeArg, maskArg) \
	MOVQ sizeArg, DX; \
	MOVQ DX, R8; \
	ANDQ $7, R8; \
	MOVQ DX, R9; \
	SHRQ $3, R9; \
	MOVQ maskArg, AX; \
	VMOVDQU (AX), Y15

// HSUM adds the eight lanes of Y0 into its lane 0, using Y1.
#define HSUM \
	VPERM2F128 $1, Y0, Y0, Y1; \
	VADDPS Y1, Y0, Y0; \
	VSHUFPS $0x4E, Y0, Y0, Y1; \
	VADDPS Y1, Y0, Y0; \
	VSHUFPS $0xB1, Y0, Y0, Y1; \
	VADDPS Y1, Y0, Y0

// ROWSUM leaves in lane 0 of Y0 the sum of the row at SI, in PyTorch's
// order: lane-wise over the blocks, the partial block blended into its
// lanes, then HSUM. It uses R10, R11, Y1 and Y3, and the labels
// sumblock, sumtail and sumdone.
#define ROWSUM \
	VMOVUPS (SI), Y0; \
	LEAQ 32(SI), R11; \
	MOVQ R9, R10; \
	DECQ R10; \
sumblock: \
	TESTQ R10, R10; \
	JEQ   sumtail; \
	VADDPS (R11), Y0, Y0; \
	ADDQ $32, R11; \
	DECQ R10; \
	JMP  sumblock; \
sumtail: \
	TESTQ R8, R8; \
	JEQ   sumdone; \
	VMASKMOVPS (R11), Y15, Y3; \
	VADDPS Y3, Y0, Y3; \
	VBLENDVPS Y15, Y3, Y0, Y0; \
sumdone: \
	HSUM

// func rowMaxShift8(out, x []float32, size int, maxes []float32, mask *[8]int32)
// For each of the len(maxes) rows: m = the row's maximum (NaN if it has
// a NaN), maxes[r] = m, and the row of out = x - m.
TEXT ·rowMaxShift8(SB), NOSPLIT, $0-88
	MOVQ out_base+0(FP), DI
	MOVQ x_base+24(FP), SI
	MOVQ maxes_base+56(FP), BX
	MOVQ maxes_len+64(FP), CX
	ROWSETUP(size+48(FP), mask+80(FP))

mrow:
	TESTQ CX, CX
	JEQ   mdone
	VMOVUPS (SI), Y0
	VCMPPS $3, Y0, Y0, Y2         // unordered: NaN lanes
	LEAQ 32(SI), R11
	MOVQ R9, R10
	DECQ R10

mblock:
	TESTQ R10, R10
	JEQ   mtail
	VMOVUPS (R11), Y3
	VMAXPS Y3, Y0, Y0
	VCMPPS $3, Y3, Y3, Y4
	VORPS Y4, Y2, Y2
	ADDQ $32, R11
	DECQ R10
	JMP  mblock

mtail:
	TESTQ R8, R8
	JEQ   mreduce
	VMASKMOVPS (R11), Y15, Y3
	VBLENDVPS Y15, Y3, Y0, Y3     // the row's lanes, the block's maxima elsewhere
	VMAXPS Y3, Y0, Y0
	VCMPPS $3, Y3, Y3, Y4
	VORPS Y4, Y2, Y2

mreduce:
	VPERM2F128 $1, Y0, Y0, Y1
	VMAXPS Y1, Y0, Y0
	VSHUFPS $0x4E, Y0, Y0, Y1
	VMAXPS Y1, Y0, Y0
	VSHUFPS $0xB1, Y0, Y0, Y1
	VMAXPS Y1, Y0, Y0
	VMOVMSKPS Y2, AX
	TESTL AX, AX
	JEQ   mstore
	VPCMPEQD Y0, Y0, Y0           // all ones: a NaN

mstore:
	VMOVSS X0, (BX)
	VBROADCASTSS X0, Y5
	MOVQ SI, R11
	MOVQ DI, R12
	MOVQ R9, R10

mshift:
	VMOVUPS (R11), Y3
	VSUBPS Y5, Y3, Y3
	VMOVUPS Y3, (R12)
	ADDQ $32, R11
	ADDQ $32, R12
	DECQ R10
	JNE  mshift
	TESTQ R8, R8
	JEQ   mnext
	VMASKMOVPS (R11), Y15, Y3
	VSUBPS Y5, Y3, Y3
	VMASKMOVPS Y3, Y15, (R12)

mnext:
	LEAQ (SI)(DX*4), SI
	LEAQ (DI)(DX*4), DI
	ADDQ $4, BX
	DECQ CX
	JMP  mrow

mdone:
	VZEROUPPER
	RET

// func rowSums8(sums, x []float32, size int, mask *[8]int32)
// sums[r] = the sum of row r of x, for each of the len(sums) rows.
TEXT ·rowSums8(SB), NOSPLIT, $0-64
	MOVQ sums_base+0(FP), BX
	MOVQ sums_len+8(FP), CX
	MOVQ x_base+24(FP), SI
	ROWSETUP(size+48(FP), mask+56(FP))

srow:
	TESTQ CX, CX
	JEQ   sdone
	ROWSUM
	VMOVSS X0, (BX)
	LEAQ (SI)(DX*4), SI
	ADDQ $4, BX
	DECQ CX
	JMP  srow

sdone:
	VZEROUPPER
	RET

// func rowShiftSub8(out, x []float32, size int, a, b []float32, mask *[8]int32)
// Row r of out = (x - a[r]) - b[r], for each of the len(a) rows.
TEXT ·rowShiftSub8(SB), NOSPLIT, $0-112
	MOVQ out_base+0(FP), DI
	MOVQ x_base+24(FP), SI
	MOVQ a_base+56(FP), BX
	MOVQ a_len+64(FP), CX
	MOVQ b_base+80(FP), R13
	ROWSETUP(size+48(FP), mask+104(FP))

hrow:
	TESTQ CX, CX
	JEQ   hdone
	VBROADCASTSS (BX), Y5
	VBROADCASTSS (R13), Y6
	MOVQ SI, R11
	MOVQ DI, R12
	MOVQ R9, R10

hblock:
	VMOVUPS (R11), Y3
	VSUBPS Y5, Y3, Y3
	VSUBPS Y6, Y3, Y3
	VMOVUPS Y3, (R12)
	ADDQ $32, R11
	ADDQ $32, R12
	DECQ R10
	JNE  hblock
	TESTQ R8, R8
	JEQ   hnext
	VMASKMOVPS (R11), Y15, Y3
	VSUBPS Y5, Y3, Y3
	VSUBPS Y6, Y3, Y3
	VMASKMOVPS Y3, Y15, (R12)

hnext:
	LEAQ (SI)(DX*4), SI
	LEAQ (DI)(DX*4), DI
	ADDQ $4, BX
	ADDQ $4, R13
	DECQ CX
	JMP  hrow

hdone:
	VZEROUPPER
	RET

// func rowScale8(out []float32, size int, c []float32, mask *[8]int32)
// Row r of out *= c[r], for each of the len(c) rows.
TEXT ·rowScale8(SB), NOSPLIT, $0-64
	MOVQ out_base+0(FP), DI
	MOVQ c_base+32(FP), BX
	MOVQ c_len+40(FP), CX
	ROWSETUP(size+24(FP), mask+56(FP))

crow:
	TESTQ CX, CX
	JEQ   cdone
	VBROADCASTSS (BX), Y5
	MOVQ DI, R12
	MOVQ R9, R10

cblock:
	VMULPS (R12), Y5, Y3
	VMOVUPS Y3, (R12)
	ADDQ $32, R12
	DECQ R10
	JNE  cblock
	// The partial block one value at a time (see logSoftmaxGradRows8).
	MOVQ R8, R10
	TESTQ R10, R10
	JEQ   cnext

ctail:
	VMULSS (R12), X5, X3
	VMOVSS X3, (R12)
	ADDQ $4, R12
	DECQ R10
	JNE  ctail

cnext:
	LEAQ (DI)(DX*4), DI
	ADDQ $4, BX
	DECQ CX
	JMP  crow

cdone:
	VZEROUPPER
	RET

// func logSoftmaxGradRows8(dst, e, g []float32, size int, mask *[8]int32)
// For each row, s = Σ g and dst = g - e·s with one rounding
// (VFNMADD231PS), len(dst)/size rows. dst may be e or g: a row's sum is
// taken before any of it is written, and each block is read before it is
// written.
TEXT ·logSoftmaxGradRows8(SB), NOSPLIT, $0-88
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ e_base+24(FP), BX
	MOVQ g_base+48(FP), SI
	ROWSETUP(size+72(FP), mask+80(FP))

lrow:
	CMPQ CX, DX
	JLT  ldone
	ROWSUM
	VBROADCASTSS X0, Y5
	MOVQ SI, R11
	MOVQ BX, R13
	MOVQ DI, R12
	MOVQ R9, R10

lout:
	VMOVUPS (R11), Y3
	VFNMADD231PS (R13), Y5, Y3    // g - s·e
	VMOVUPS Y3, (R12)
	ADDQ $32, R11
	ADDQ $32, R13
	ADDQ $32, R12
	DECQ R10
	JNE  lout

	// The partial block one value at a time: a masked store here would
	// stall the next row's load of the same 32 bytes.
	MOVQ R8, R10
	TESTQ R10, R10
	JEQ   lnext

ltail2:
	VMOVSS (R11), X3
	VFNMADD231SS (R13), X5, X3
	VMOVSS X3, (R12)
	ADDQ $4, R11
	ADDQ $4, R13
	ADDQ $4, R12
	DECQ R10
	JNE  ltail2

lnext:
	LEAQ (SI)(DX*4), SI
	LEAQ (BX)(DX*4), BX
	LEAQ (DI)(DX*4), DI
	SUBQ DX, CX
	JMP  lrow

ldone:
	VZEROUPPER
	RET

// func softmaxGradRows8(out, g, y []float32, size int, mask *[8]int32)
// For each row, s = Σ g·y (the first eight products rounded, later ones
// fused into the lanes) and out = (g - s)·y, len(out)/size rows.
TEXT ·softmaxGradRows8(SB), NOSPLIT, $0-88
	MOVQ out_base+0(FP), DI
	MOVQ out_len+8(FP), CX
	MOVQ g_base+24(FP), SI
	MOVQ y_base+48(FP), BX
	ROWSETUP(size+72(FP), mask+80(FP))

grow:
	CMPQ CX, DX
	JLT  gdone
	VMOVUPS (SI), Y0
	VMULPS (BX), Y0, Y0
	LEAQ 32(SI), R11
	LEAQ 32(BX), R13
	MOVQ R9, R10
	DECQ R10

gblock:
	TESTQ R10, R10
	JEQ   gtail
	VMOVUPS (R11), Y3
	VFMADD231PS (R13), Y3, Y0
	ADDQ $32, R11
	ADDQ $32, R13
	DECQ R10
	JMP  gblock

gtail:
	TESTQ R8, R8
	JEQ   greduce
	VMASKMOVPS (R11), Y15, Y3
	VMASKMOVPS (R13), Y15, Y4
	VMOVAPS Y0, Y6
	VFMADD231PS Y4, Y3, Y6
	VBLENDVPS Y15, Y6, Y0, Y0

greduce:
	HSUM
	VBROADCASTSS X0, Y5
	MOVQ SI, R11
	MOVQ BX, R13
	MOVQ DI, R12
	MOVQ R9, R10

gout:
	VMOVUPS (R11), Y3
	VSUBPS Y5, Y3, Y3
	VMULPS (R13), Y3, Y3          // (g - s)·y
	VMOVUPS Y3, (R12)
	ADDQ $32, R11
	ADDQ $32, R13
	ADDQ $32, R12
	DECQ R10
	JNE  gout
	TESTQ R8, R8
	JEQ   gnext
	VMASKMOVPS (R11), Y15, Y3
	VMASKMOVPS (R13), Y15, Y4
	VSUBPS Y5, Y3, Y3
	VMULPS Y4, Y3, Y3
	VMASKMOVPS Y3, Y15, (R12)

gnext:
	LEAQ (SI)(DX*4), SI
	LEAQ (BX)(DX*4), BX
	LEAQ (DI)(DX*4), DI
	SUBQ DX, CX
	JMP  grow

gdone:
	VZEROUPPER
	RET
