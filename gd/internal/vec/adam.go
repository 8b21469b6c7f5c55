package vec

// AdamStep32 applies one step of Adam (no weight decay, no AMSGrad, not
// maximizing) to the parameters p, given their gradients g and the moment
// estimates m and v, which it updates. Each operation rounds as the
// float32 kernels of PyTorch 1.13's single-tensor Adam do:
//
//	m = fma(c1, g, m·b1)           exp_avg.mul_(beta1).add_(grad, alpha=1-beta1)
//	v = fma(c2·g, g, v·b2)         exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1-beta2)
//	d = √v / bc2 + eps             (exp_avg_sq.sqrt() / bias_correction2_sqrt).add_(eps)
//	p = p + (negStep·m) / d        param.addcdiv_(exp_avg, denom, value=-step_size)
//
// where every product, quotient, sum and square root is rounded to float32
// and fma rounds once. g, m and v must have at least len(p) elements.
//
// It reports false, having changed nothing, where it has no vectorised
// path (no AVX2 and FMA): callers then run their own exact loop, since
// without a float32 fused multiply-add this package could only round
// twice.
func AdamStep32(p, g, m, v []float32, b1, c1, b2, c2, bc2, eps, negStep float32) bool {
	n := len(p)
	if len(g) < n || len(m) < n || len(v) < n {
		panic("vec: AdamStep32: g, m or v is shorter than p")
	}
	if !adamAVX2 {
		return false
	}
	if n > 0 {
		adamStep32AVX2(p, g[:n], m[:n], v[:n], &adamScalars{b1, c1, b2, c2, bc2, eps, negStep})
	}
	return true
}

// adamScalars are AdamStep32's constants, in the order the assembly
// broadcasts them.
type adamScalars struct{ b1, c1, b2, c2, bc2, eps, negStep float32 }

// adamAVX2 says whether AdamStep32 has its assembly path; tests turn it off.
var adamAVX2 = hasFMA
