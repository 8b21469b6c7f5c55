package torchrand

// MT19937 is the 32-bit Mersenne Twister with the classic init_genrand
// seeding. PyTorch's CPU generator and NumPy's legacy RandomState both use
// exactly this engine, so one implementation serves both.
//
// Regenerating the 624-word state is deferred until the first draw after
// seeding (PyTorch does the same), which keeps Seed cheap.
type MT19937 struct {
	state [mtN]uint32
	next  int // index of the next word to temper; mtN means "regenerate first"
}

const (
	mtN         = 624
	mtM         = 397
	mtMatrixA   = 0x9908b0df
	mtUpperMask = 0x80000000
	mtLowerMask = 0x7fffffff
)

// Seed fills the state from a 32-bit seed (Knuth's multiplier 1812433253).
func (m *MT19937) Seed(seed uint32) {
	m.state[0] = seed
	for j := 1; j < mtN; j++ {
		prev := m.state[j-1]
		m.state[j] = 1812433253*(prev^(prev>>30)) + uint32(j)
	}
	m.next = mtN
}

// Uint32 returns the next tempered 32-bit output.
func (m *MT19937) Uint32() uint32 {
	if m.next >= mtN {
		m.twist()
	}
	y := m.state[m.next]
	m.next++
	y ^= y >> 11
	y ^= (y << 7) & 0x9d2c5680
	y ^= (y << 15) & 0xefc60000
	y ^= y >> 18
	return y
}

// twist regenerates all 624 words of the state.
func (m *MT19937) twist() {
	s := &m.state
	for i := 0; i < mtN; i++ {
		y := s[i]&mtUpperMask | s[(i+1)%mtN]&mtLowerMask
		v := s[(i+mtM)%mtN] ^ y>>1
		if y&1 != 0 {
			v ^= mtMatrixA
		}
		s[i] = v
	}
	m.next = 0
}
