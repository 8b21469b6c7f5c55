package torchrand

// RandPerm returns a random permutation of 0..n-1 as torch.randperm(n) makes
// it on the CPU in PyTorch 1.13: start from the identity and, for each i
// from 0 to n-2, swap element i with element i + Random()%(n-i). Every n
// uses this one algorithm in 1.13: later releases switch to 64-bit draws
// for n of about 2×10^8 and more, but 1.13's randperm makes no 64-bit draw.
func (g *Generator) RandPerm(n int) []int {
	p := make([]int, n)
	for i := range p {
		p[i] = i
	}
	for i := 0; i < n-1; i++ {
		z := int(uint64(g.Random()) % uint64(n-i))
		p[i], p[i+z] = p[i+z], p[i]
	}
	return p
}
