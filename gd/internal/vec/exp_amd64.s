#include "textflag.h"

// Offsets of the fields of expConsts (exp.go), 32 bytes each.
#define INVLN2 0
#define NLN2HI 32
#define NLN2LO 64
#define C0 96
#define C1 128
#define C2 160
#define C3 192
#define C4 224
#define C5 256
#define ONE 288
#define BIAS 320
#define LOW 352
#define HIGH 384
#define INF 416

// func exp32AVX2(dst, src []float32, c *expConsts)
// len(dst) must be a multiple of 8. exp32One in exp.go is the same
// computation for one value; two blocks of eight are interleaved so that
// one's chain of dependent operations fills the other's waits.
TEXT ·exp32AVX2(SB), NOSPLIT, $0-56
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ src_base+24(FP), SI
	MOVQ c+48(FP), AX

loop16:
	CMPQ CX, $16
	JLT  loop8
	VMOVUPS (SI), Y0
	VMOVUPS 32(SI), Y8
	VMULPS INVLN2(AX), Y0, Y1          // t = x/ln2
	VMULPS INVLN2(AX), Y8, Y9
	VCVTPS2DQ Y1, Y1                   // q = rint(t)
	VCVTPS2DQ Y9, Y9
	VCVTDQ2PS Y1, Y2
	VCVTDQ2PS Y9, Y10
	VMOVAPS Y0, Y3
	VMOVAPS Y8, Y11
	VFMADD231PS NLN2HI(AX), Y2, Y3     // s = x - q*ln2hi
	VFMADD231PS NLN2HI(AX), Y10, Y11
	VFMADD231PS NLN2LO(AX), Y2, Y3     // s = s - q*ln2lo
	VFMADD231PS NLN2LO(AX), Y10, Y11
	VMOVUPS C0(AX), Y4
	VMOVUPS C0(AX), Y12
	VFMADD213PS C1(AX), Y3, Y4         // u = u*s + c1, then c2 ... c5
	VFMADD213PS C1(AX), Y11, Y12
	VFMADD213PS C2(AX), Y3, Y4
	VFMADD213PS C2(AX), Y11, Y12
	VFMADD213PS C3(AX), Y3, Y4
	VFMADD213PS C3(AX), Y11, Y12
	VFMADD213PS C4(AX), Y3, Y4
	VFMADD213PS C4(AX), Y11, Y12
	VFMADD213PS C5(AX), Y3, Y4
	VFMADD213PS C5(AX), Y11, Y12
	VMULPS Y3, Y3, Y5
	VMULPS Y11, Y11, Y13
	VFMADD213PS Y3, Y5, Y4             // u = s*s*u + s
	VFMADD213PS Y11, Y13, Y12
	VADDPS ONE(AX), Y4, Y4             // u = 1 + u
	VADDPS ONE(AX), Y12, Y12
	VPSRAD $1, Y1, Y5                  // h = q>>1
	VPSRAD $1, Y9, Y13
	VPSUBD Y5, Y1, Y1                  // q - h
	VPSUBD Y13, Y9, Y9
	VPADDD BIAS(AX), Y5, Y5
	VPADDD BIAS(AX), Y13, Y13
	VPSLLD $23, Y5, Y5                 // 2**h
	VPSLLD $23, Y13, Y13
	VPADDD BIAS(AX), Y1, Y1
	VPADDD BIAS(AX), Y9, Y9
	VPSLLD $23, Y1, Y1                 // 2**(q-h)
	VPSLLD $23, Y9, Y9
	VMULPS Y5, Y4, Y4
	VMULPS Y13, Y12, Y12
	VMULPS Y1, Y4, Y4                  // u * 2**h * 2**(q-h)
	VMULPS Y9, Y12, Y12
	VCMPPS $0x11, LOW(AX), Y0, Y5      // x < -104 (ordered): 0
	VCMPPS $0x11, LOW(AX), Y8, Y13
	VANDNPS Y4, Y5, Y4
	VANDNPS Y12, Y13, Y12
	VCMPPS $0x1e, HIGH(AX), Y0, Y5     // x > 100 (ordered): +Inf
	VCMPPS $0x1e, HIGH(AX), Y8, Y13
	VBLENDVPS Y5, INF(AX), Y4, Y4
	VBLENDVPS Y13, INF(AX), Y12, Y12
	VMOVUPS Y4, (DI)
	VMOVUPS Y12, 32(DI)
	ADDQ $64, SI
	ADDQ $64, DI
	SUBQ $16, CX
	JMP  loop16

loop8:
	CMPQ CX, $8
	JLT  done
	VMOVUPS (SI), Y0
	VMULPS INVLN2(AX), Y0, Y1
	VCVTPS2DQ Y1, Y1
	VCVTDQ2PS Y1, Y2
	VMOVAPS Y0, Y3
	VFMADD231PS NLN2HI(AX), Y2, Y3
	VFMADD231PS NLN2LO(AX), Y2, Y3
	VMOVUPS C0(AX), Y4
	VFMADD213PS C1(AX), Y3, Y4
	VFMADD213PS C2(AX), Y3, Y4
	VFMADD213PS C3(AX), Y3, Y4
	VFMADD213PS C4(AX), Y3, Y4
	VFMADD213PS C5(AX), Y3, Y4
	VMULPS Y3, Y3, Y5
	VFMADD213PS Y3, Y5, Y4
	VADDPS ONE(AX), Y4, Y4
	VPSRAD $1, Y1, Y5
	VPSUBD Y5, Y1, Y1
	VPADDD BIAS(AX), Y5, Y5
	VPSLLD $23, Y5, Y5
	VPADDD BIAS(AX), Y1, Y1
	VPSLLD $23, Y1, Y1
	VMULPS Y5, Y4, Y4
	VMULPS Y1, Y4, Y4
	VCMPPS $0x11, LOW(AX), Y0, Y5
	VANDNPS Y4, Y5, Y4
	VCMPPS $0x1e, HIGH(AX), Y0, Y5
	VBLENDVPS Y5, INF(AX), Y4, Y4
	VMOVUPS Y4, (DI)
	ADDQ $32, SI
	ADDQ $32, DI
	SUBQ $8, CX
	JMP  loop8

done:
	VZEROUPPER
	RET
