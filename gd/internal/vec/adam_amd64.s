#include "textflag.h"

// func adamStep32AVX2(p, g, m, v []float32, s *adamScalars)
// One Adam step over len(p) elements, eight at a time, then one at a time;
// each instruction rounds once, as AdamStep32 documents:
//   m = fma(c1, g, m*b1); v = fma(c2*g, g, v*b2)
//   p = p + (negStep*m) / (sqrt(v)/bc2 + eps)
TEXT ·adamStep32AVX2(SB), NOSPLIT, $0-104
	MOVQ p_base+0(FP), DI
	MOVQ p_len+8(FP), CX
	MOVQ g_base+24(FP), SI
	MOVQ m_base+48(FP), R8
	MOVQ v_base+72(FP), R9
	MOVQ s+96(FP), AX
	VBROADCASTSS 0(AX), Y0  // b1
	VBROADCASTSS 4(AX), Y1  // c1
	VBROADCASTSS 8(AX), Y2  // b2
	VBROADCASTSS 12(AX), Y3 // c2
	VBROADCASTSS 16(AX), Y4 // bc2
	VBROADCASTSS 20(AX), Y5 // eps
	VBROADCASTSS 24(AX), Y6 // negStep

loop8:
	CMPQ CX, $8
	JLT  tail
	VMOVUPS (SI), Y7          // g
	VMULPS  (R8), Y0, Y8      // m*b1
	VFMADD231PS Y7, Y1, Y8    // m = c1*g + m*b1
	VMOVUPS Y8, (R8)
	VMULPS  Y7, Y3, Y9        // c2*g
	VMULPS  (R9), Y2, Y10     // v*b2
	VFMADD231PS Y7, Y9, Y10   // v = (c2*g)*g + v*b2
	VMOVUPS Y10, (R9)
	VSQRTPS Y10, Y11          // sqrt(v)
	VDIVPS  Y4, Y11, Y11      // / bc2
	VADDPS  Y5, Y11, Y11      // + eps
	VMULPS  Y8, Y6, Y12       // negStep*m
	VDIVPS  Y11, Y12, Y12     // / denom
	VADDPS  (DI), Y12, Y12    // p + step
	VMOVUPS Y12, (DI)
	ADDQ $32, DI
	ADDQ $32, SI
	ADDQ $32, R8
	ADDQ $32, R9
	SUBQ $8, CX
	JMP  loop8

tail:
	TESTQ CX, CX
	JEQ   done
	VMOVSS (SI), X7
	VMOVSS (R8), X8
	VMULSS X0, X8, X8
	VFMADD231SS X7, X1, X8
	VMOVSS X8, (R8)
	VMULSS X7, X3, X9
	VMOVSS (R9), X10
	VMULSS X2, X10, X10
	VFMADD231SS X7, X9, X10
	VMOVSS X10, (R9)
	VSQRTSS X10, X10, X11
	VDIVSS X4, X11, X11
	VADDSS X5, X11, X11
	VMULSS X8, X6, X12
	VDIVSS X11, X12, X12
	VMOVSS (DI), X13
	VADDSS X13, X12, X12
	VMOVSS X12, (DI)
	ADDQ $4, DI
	ADDQ $4, SI
	ADDQ $4, R8
	ADDQ $4, R9
	DECQ CX
	JMP  tail

done:
	VZEROUPPER
	RET
