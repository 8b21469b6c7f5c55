#include "textflag.h"

// Offsets of the fields of logConsts (log.go), 32 bytes each.
#define MINNORMAL 0
#define TWO64 32
#define FOURTHIRDS 64
#define LN2HI 96
#define LN2LO 128
#define NEGONE 160
#define ONE 192
#define C0 224
#define C1 256
#define C2 288
#define INF 320
#define ZERO 352
#define NAN 384
#define NEGINF 416
#define EXPMASK 448
#define EXPBIAS 480
#define SIXTYFOUR 512

// func log32AVX2(dst, src []float32, c *logConsts)
// len(dst) must be a multiple of 8. log32One in log.go is the same
// computation for one value, step by step.
TEXT ·log32AVX2(SB), NOSPLIT, $0-56
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ src_base+24(FP), SI
	MOVQ c+48(FP), AX

loop:
	CMPQ CX, $8
	JLT  done
	VMOVUPS (SI), Y0

	// Subnormals scaled by 2**64; e and m.
	VCMPPS $0x11, MINNORMAL(AX), Y0, Y1 // tiny = d < 2**-126
	VMULPS TWO64(AX), Y0, Y2
	VBLENDVPS Y1, Y2, Y0, Y0
	VMULPS FOURTHIRDS(AX), Y0, Y2
	VPSRLD $23, Y2, Y2
	VPAND EXPMASK(AX), Y2, Y2
	VPSUBD EXPBIAS(AX), Y2, Y2          // e
	VPSLLD $23, Y2, Y3
	VPSUBD Y3, Y0, Y3                   // m = d / 2**e
	VPAND SIXTYFOUR(AX), Y1, Y1
	VPSUBD Y1, Y2, Y2
	VCVTDQ2PS Y2, Y2                    // float(e)

	// s = e·ln2: Y4 + Y5.
	VMULPS LN2HI(AX), Y2, Y4
	VMOVAPS Y4, Y5
	VFMSUB231PS LN2HI(AX), Y2, Y5       // ln2hi·e - sx
	VFMADD231PS LN2LO(AX), Y2, Y5       // ln2lo·e + that

	// m-1 = Y6 + Y7 and m+1 = Y8 + Y9, exactly.
	VADDPS NEGONE(AX), Y3, Y6
	VSUBPS NEGONE(AX), Y6, Y7
	VSUBPS Y7, Y6, Y8
	VMOVUPS NEGONE(AX), Y9
	VSUBPS Y8, Y9, Y8
	VSUBPS Y7, Y3, Y9
	VADDPS Y9, Y8, Y7
	VADDPS ONE(AX), Y3, Y8
	VSUBPS ONE(AX), Y8, Y9
	VSUBPS Y9, Y8, Y10
	VMOVUPS ONE(AX), Y11
	VSUBPS Y10, Y11, Y10
	VSUBPS Y9, Y3, Y11
	VADDPS Y11, Y10, Y9

	// x = (m-1)/(m+1) = Y2 + Y3.
	VMOVUPS ONE(AX), Y1
	VDIVPS Y8, Y1, Y1                   // t = 1/dx
	VMULPS Y1, Y6, Y2                   // xx = nx·t
	VMOVAPS Y2, Y3
	VFMSUB231PS Y6, Y1, Y3              // u = t·nx - xx
	VMOVUPS ONE(AX), Y10
	VFNMADD231PS Y1, Y8, Y10            // 1 - dx·t
	VFNMADD231PS Y1, Y9, Y10            // v = that - dy·t
	VFMADD231PS Y1, Y7, Y3              // ny·t + u
	VFMADD231PS Y10, Y2, Y3             // xy = xx·v + that

	// P(x²) = Y7.
	VMULPS Y2, Y2, Y6
	VMOVUPS C0(AX), Y7
	VFMADD213PS C1(AX), Y6, Y7
	VFMADD213PS C2(AX), Y6, Y7

	// s + 2x = Y10 + Y11.
	VADDPS Y2, Y2, Y8
	VADDPS Y3, Y3, Y9
	VADDPS Y8, Y4, Y10
	VSUBPS Y10, Y4, Y11
	VADDPS Y8, Y11, Y11
	VADDPS Y5, Y11, Y11
	VADDPS Y9, Y11, Y11

	// + x³·P = Y13 + Y14, rounded to Y13.
	VMULPS Y2, Y6, Y12
	VMULPS Y7, Y12, Y12
	VADDPS Y12, Y10, Y13
	VSUBPS Y13, Y10, Y14
	VADDPS Y12, Y14, Y14
	VADDPS Y11, Y14, Y14
	VADDPS Y14, Y13, Y13

	// +Inf, negative or NaN, zero.
	VCMPPS $0x00, INF(AX), Y0, Y1
	VBLENDVPS Y1, INF(AX), Y13, Y13
	VCMPPS $0x11, ZERO(AX), Y0, Y1
	VCMPPS $0x03, Y0, Y0, Y2
	VORPS Y2, Y1, Y1
	VBLENDVPS Y1, NAN(AX), Y13, Y13
	VCMPPS $0x00, ZERO(AX), Y0, Y1
	VBLENDVPS Y1, NEGINF(AX), Y13, Y13

	VMOVUPS Y13, (DI)
	ADDQ $32, SI
	ADDQ $32, DI
	SUBQ $8, CX
	JMP  loop

done:
	VZEROUPPER
	RET
