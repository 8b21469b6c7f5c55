#include "textflag.h"

// func adamStep32AVX2(p, g, m, v []float32, s *adamScalars) int
// One Adam step over len(p) elements, eight at a time, then one at a time;
// each instruction rounds once, as AdamStep32 documents:
//   m = fma(c1, g, m*b1); v = fma(c2*g, g, v*b2)
//   p = p + (negStep*m) / (sqrt(v)/bc2 + eps)
// It stops before a block of eight that holds a dead lane (zero gradient,
// first moment nonzero with bits below s.tiny, see adam_subnormal.go)
// and returns how many elements it did.
TEXT ·adamStep32AVX2(SB), NOSPLIT, $0-112
	MOVQ p_base+0(FP), DI
	MOVQ p_len+8(FP), CX
	MOVQ CX, R10
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
	VPBROADCASTD 28(AX), Y14 // tiny
	MOVL $0x7fffffff, AX
	VMOVD AX, X13
	VPBROADCASTD X13, Y13   // the bits below the sign

loop8:
	CMPQ CX, $8
	JLT  tail
	VMOVUPS (SI), Y7          // g
	VPAND   (R8), Y13, Y11    // |m| bits
	VPAND   Y13, Y7, Y10      // |g| bits
	VPXOR   Y12, Y12, Y12
	VPCMPEQD Y12, Y10, Y10    // g == ±0
	VPCMPGTD Y11, Y14, Y15    // |m| < tiny
	VPAND   Y15, Y10, Y10
	VPCMPEQD Y12, Y11, Y11    // m == ±0
	VPANDN  Y10, Y11, Y10     // dead: g == 0, 0 < |m| < tiny
	VPTEST  Y10, Y10
	JNE     stop
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
	MOVQ R10, ret+104(FP)
	VZEROUPPER
	RET

stop:
	SUBQ CX, R10
	MOVQ R10, ret+104(FP)
	VZEROUPPER
	RET

// The dead-lane path (adam_subnormal.go): four lanes at a time in float64,
// every float32 result rounded by hand so that no float32 instruction sees
// or makes a subnormal. AX points at a deadScalars.

// ROUND32 rounds the doubles in x to float32 values (kept as doubles): a
// result below 2^-126 on the subnormal grid by adding and subtracting
// 2^-97 with x's sign (the sum's last bit is 2^-149), the sign put back
// for a zero; any other through the hardware conversion, tiny lanes
// replaced by zero first so that the conversion never makes a subnormal.
#define ROUND32(x, t1, t2, t3, t3x, t4) \
	VANDPD 224(AX), x, t1; \
	VCMPPD $1, 288(AX), t1, t1; \
	VANDPD 256(AX), x, t2; \
	VORPD 320(AX), t2, t3; \
	VADDPD t3, x, t4; \
	VSUBPD t3, t4, t4; \
	VORPD t2, t4, t4; \
	VANDNPD x, t1, t3; \
	VCVTPD2PSY t3, t3x; \
	VCVTPS2PD t3x, t3; \
	VBLENDVPD t1, t4, t3, x

// WIDEM loads four float32 at src as doubles exactly, subnormal lanes
// through their integer significands (never a float32 instruction).
#define WIDEM(src, dst, t1x, t1, t2x, t2, t3x, t3, zx) \
	VMOVDQU src, t1x; \
	VPAND 416(AX), t1x, t2x; \
	VPXOR zx, zx, zx; \
	VPCMPEQD zx, t2x, t2x; \
	VPAND 448(AX), t1x, t3x; \
	VCVTDQ2PD t3x, t3; \
	VMULPD 384(AX), t3, t3; \
	VPAND 480(AX), t1x, zx; \
	VCVTPS2PD zx, dst; \
	VORPD dst, t3, t3; \
	VPANDN t1x, t2x, zx; \
	VCVTPS2PD zx, dst; \
	VPMOVSXDQ t2x, t2; \
	VBLENDVPD t2, t3, dst, dst

// NARROWB stores the float32 values held as doubles in x at dst: tiny
// lanes from their integer significands, the others by conversion; lanes
// set in mask (those that are not dead) take hw's bits instead.
#define NARROWB(x, dst, mask, hw, t1, t2, t2x, t3, t3x, t4, t4x) \
	VANDPD 224(AX), x, t1; \
	VCMPPD $1, 288(AX), t1, t1; \
	VANDPD t1, x, t2; \
	VANDNPD x, t1, t3; \
	VCVTPD2PSY t3, t3x; \
	VANDPD 256(AX), t2, t4; \
	VCVTPD2PSY t4, t4x; \
	VANDPD 224(AX), t2, t2; \
	VMULPD 352(AX), t2, t2; \
	VCVTTPD2DQY t2, t2x; \
	VPOR t4x, t2x, t2x; \
	VPOR t3x, t2x, t2x; \
	VBLENDVPS mask, hw, t2x, t2x; \
	VMOVDQU t2x, dst

// MPATH steps the first moment and then the parameter of four lanes at
// byte offset off (0 or 16 within the block of eight) the dead-lane way:
// dx holds their denominators as float32, gx their gradients, mask the
// lanes that are not dead, which keep the results of the float32
// instructions stored at off(SP) (m) and 32+off(SP) (p).
#define MPATH(off, dx, gx, mask) \
	WIDEM(off(R8), Y0, X10, Y10, X11, Y11, X12, Y12, X13); \
	VMULPD 0(AX), Y0, Y0; \
	ROUND32(Y0, Y4, Y5, Y6, X6, Y7); \
	VCVTPS2PD gx, Y1; \
	VMULPD 32(AX), Y1, Y1; \
	VADDPD Y1, Y0, Y0; \
	NARROWB(Y0, off(R8), mask, off(SP), Y4, Y5, X5, Y6, X6, Y7, X7); \
	VMULPD 192(AX), Y0, Y0; \
	ROUND32(Y0, Y4, Y5, Y6, X6, Y7); \
	VCVTPS2PD dx, Y2; \
	VDIVPD Y2, Y0, Y0; \
	ROUND32(Y0, Y4, Y5, Y6, X6, Y7); \
	VCVTPS2PD off(DI), Y1; \
	VADDPD Y1, Y0, Y0; \
	ROUND32(Y0, Y4, Y5, Y6, X6, Y7); \
	NARROWB(Y0, off(DI), mask, 32+off(SP), Y4, Y5, X5, Y6, X6, Y7, X7)

// func adamDeadAVX2(p, g, m, v []float32, s *deadScalars) int
// One Adam step on blocks of eight that hold dead lanes. v and the
// denominator stay normal floats on dead lanes (see the conditions below),
// so every lane takes the float32 instructions of adamStep32AVX2 for
// them; the first moment and everything computed from it go through the
// float32 instructions for the other lanes (dead lanes' moments zeroed
// there) and through float64, every float32 result rounded by hand, for
// the dead ones. It stops before the first block of eight with no dead
// lane (zero gradient, 0 < |m| below s's tiny bits) or with a dead lane
// whose v is not finite and +0 or at least 2^-90, and returns how many
// elements it did.
TEXT ·adamDeadAVX2(SB), NOSPLIT, $64-112
	MOVQ p_base+0(FP), DI
	MOVQ p_len+8(FP), CX
	MOVQ g_base+24(FP), SI
	MOVQ m_base+48(FP), R8
	MOVQ v_base+72(FP), R9
	MOVQ s+96(FP), AX
	XORQ R10, R10               // elements done

dead8:
	CMPQ CX, $8
	JLT  deadret
	// Which lanes are dead, and whether their v suits, on their bits.
	VMOVDQU (SI), Y8
	VPAND 512(AX), Y8, Y14      // |g| bits
	VPXOR Y15, Y15, Y15
	VPCMPEQD Y15, Y14, Y14      // g == ±0
	VMOVDQU (R8), Y9
	VPAND 512(AX), Y9, Y9       // |m| bits
	VPCMPEQD Y15, Y9, Y13       // m == ±0
	VPANDN Y14, Y13, Y14        // g == 0 and m != 0
	VMOVDQU 544(AX), Y13
	VPCMPGTD Y9, Y13, Y13       // |m| < tiny
	VPAND Y13, Y14, Y14         // dead lanes
	VPTEST Y14, Y14
	JEQ  deadret                // none: back to adamStep32AVX2
	VMOVDQU (R9), Y9            // v bits (a sign bit makes them negative)
	VPCMPEQD Y15, Y9, Y13       // v == +0
	VMOVDQU 576(AX), Y12
	VPCMPGTD Y12, Y9, Y12       // v >= 2^-90
	VMOVDQU 608(AX), Y11
	VPCMPGTD Y9, Y11, Y11       // v < +Inf
	VPAND Y11, Y12, Y12
	VPOR Y12, Y13, Y13          // v suits
	VPANDN Y14, Y13, Y12        // dead lanes whose v does not
	VPTEST Y12, Y12
	JNE  deadret

	// v and the denominator, in float32 as adamStep32AVX2 has them.
	VMULPS 672(AX), Y8, Y9      // c2*g
	VMOVUPS (R9), Y3
	VMULPS 640(AX), Y3, Y3      // v*b2
	VFMADD231PS Y8, Y9, Y3      // v = (c2*g)*g + v*b2
	VMOVUPS Y3, (R9)
	VSQRTPS Y3, Y3
	VDIVPS 704(AX), Y3, Y3      // / bc2
	VADDPS 736(AX), Y3, Y3      // + eps: d

	// m and p of the lanes that are not dead, in float32, kept on the
	// stack for the blends (dead lanes' moments zeroed: no subnormal).
	VMOVUPS (R8), Y10
	VANDNPS Y10, Y14, Y10
	VMULPS 768(AX), Y10, Y10    // m*b1
	VFMADD231PS 800(AX), Y8, Y10 // m = c1*g + m*b1
	VMOVUPS Y10, 0(SP)
	VMULPS 832(AX), Y10, Y10    // negStep*m
	VDIVPS Y3, Y10, Y10         // / d
	VADDPS (DI), Y10, Y10       // p + step
	VMOVUPS Y10, 32(SP)

	VPCMPEQD Y15, Y15, Y15
	VPXOR Y15, Y14, Y14         // the lanes that are not dead
	VEXTRACTF128 $1, Y3, X9     // d of the upper four
	VEXTRACTF128 $1, Y8, X15    // g of the upper four
	MPATH(0, X3, X8, X14)
	VEXTRACTF128 $1, Y14, X3
	MPATH(16, X9, X15, X3)

	ADDQ $32, DI
	ADDQ $32, SI
	ADDQ $32, R8
	ADDQ $32, R9
	ADDQ $8, R10
	SUBQ $8, CX
	JMP  dead8

deadret:
	MOVQ R10, ret+104(FP)
	VZEROUPPER
	RET
