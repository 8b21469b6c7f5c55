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

// ROUNDN is ROUND32 for a result known not to be below 2^-126.
#define ROUNDN(x, xx) \
	VCVTPD2PSY x, xx; \
	VCVTPS2PD xx, x

// NARROW stores the float32 values held as doubles in x at dst: tiny
// lanes from their integer significands, the others by conversion.
#define NARROW(x, dst, t1, t2, t2x, t3, t3x, t4, t4x) \
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
	VMOVDQU t2x, dst

// func adamDead4AVX2(p, g, m, v []float32, s *deadScalars)
// One Adam step on len(p) elements, a multiple of four, each with a zero
// gradient and a finite v that is zero or at least 2^-90.
TEXT ·adamDead4AVX2(SB), NOSPLIT, $0-104
	MOVQ p_base+0(FP), DI
	MOVQ p_len+8(FP), CX
	MOVQ g_base+24(FP), SI
	MOVQ m_base+48(FP), R8
	MOVQ v_base+72(FP), R9
	MOVQ s+96(FP), AX

dead4:
	CMPQ CX, $4
	JLT  deaddone
	// m, exactly: subnormal lanes from their integer significands.
	VMOVDQU (R8), X10
	VPAND 416(AX), X10, X11
	VPXOR X12, X12, X12
	VPCMPEQD X12, X11, X11      // exponent 0: subnormal or zero
	VPAND 432(AX), X10, X12
	VCVTDQ2PD X12, Y12
	VMULPD 384(AX), Y12, Y12    // significand · 2^-149
	VPAND 448(AX), X10, X13
	VCVTPS2PD X13, Y13          // ±0 with m's sign
	VORPD Y13, Y12, Y12
	VPANDN X10, X11, X13
	VCVTPS2PD X13, Y13          // the normal lanes
	VPMOVSXDQ X11, Y11
	VBLENDVPD Y11, Y12, Y13, Y0 // Y0 = m

	VCVTPS2PD (SI), Y1          // g: ±0
	VCVTPS2PD (R9), Y2          // v

	VMULPD 0(AX), Y0, Y0        // t1 = m·b1
	ROUND32(Y0, Y4, Y5, Y6, X6, Y7)
	VMULPD 32(AX), Y1, Y3       // c1·g, an exact ±0
	VADDPD Y3, Y0, Y0           // m = t1 + c1·g, exact
	NARROW(Y0, (R8), Y4, Y5, X5, Y6, X6, Y7, X7)

	VMULPD 96(AX), Y1, Y3       // u = c2·g, ±0
	VMULPD Y1, Y3, Y3           // u·g, ±0
	VMULPD 64(AX), Y2, Y2       // t2 = v·b2
	ROUNDN(Y2, X2)
	VADDPD Y3, Y2, Y2           // v = t2 + u·g, exact
	VCVTPD2PSY Y2, X3
	VMOVUPS X3, (R9)

	VSQRTPD Y2, Y2
	ROUNDN(Y2, X2)
	VDIVPD 128(AX), Y2, Y2      // / bc2
	ROUNDN(Y2, X2)
	VADDPD 160(AX), Y2, Y2      // + eps: d
	ROUNDN(Y2, X2)

	VMULPD 192(AX), Y0, Y0      // negStep·m
	ROUND32(Y0, Y4, Y5, Y6, X6, Y7)
	VDIVPD Y2, Y0, Y0           // / d
	ROUND32(Y0, Y4, Y5, Y6, X6, Y7)
	VCVTPS2PD (DI), Y1
	VADDPD Y1, Y0, Y0           // p + q
	ROUND32(Y0, Y4, Y5, Y6, X6, Y7)
	NARROW(Y0, (DI), Y4, Y5, X5, Y6, X6, Y7, X7)

	ADDQ $16, DI
	ADDQ $16, SI
	ADDQ $16, R8
	ADDQ $16, R9
	SUBQ $4, CX
	JMP  dead4

deaddone:
	VZEROUPPER
	RET
