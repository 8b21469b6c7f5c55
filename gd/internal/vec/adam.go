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
		adamRun(p, g[:n], m[:n], v[:n], &adamScalars{b1, c1, b2, c2, bc2, eps, negStep, tinyMoment(b1, negStep)})
	}
	return true
}

// adamRun steps every element: the assembly loop does blocks of eight
// until one holds a dead lane (see adam_subnormal.go). From there, runs of
// dead lanes go to the vector dead-lane path four at a time (deadStep
// takes what is left over, or all of them when the hyperparameters are
// outside what the vector path handles), the other lanes one at a time to
// the assembly's scalar loop, until the block is done and no dead run
// continues past it; then the assembly goes on.
func adamRun(p, g, m, v []float32, s *adamScalars) {
	var ds *deadScalars
	made := false
	for len(p) > 0 {
		k := adamStep32AVX2(p, g, m, v, s)
		if k == len(p) {
			return
		}
		p, g, m, v = p[k:], g[k:], m[k:], v[k:]
		if !made {
			ds, made = newDeadScalars(s), true
		}
		if ds != nil {
			if k := adamDeadAVX2(p, g, m, v, ds); k > 0 {
				p, g, m, v = p[k:], g[k:], m[k:], v[k:]
				continue
			}
		}
		b := min(8, len(p))
		for i := range b {
			if deadLane(g[i], m[i], s.tiny) {
				deadStep(&p[i], &g[i], &m[i], &v[i], s)
			} else {
				adamStep32AVX2(p[i:i+1], g[i:i+1], m[i:i+1], v[i:i+1], s)
			}
		}
		p, g, m, v = p[b:], g[b:], m[b:], v[b:]
	}
}

// adamScalars are AdamStep32's constants, in the order the assembly
// broadcasts them, and the bits of tinyMoment.
type adamScalars struct {
	b1, c1, b2, c2, bc2, eps, negStep float32
	tiny                              uint32
}

// adamAVX2 says whether AdamStep32 has its assembly path; tests turn it off.
var adamAVX2 = hasFMA
