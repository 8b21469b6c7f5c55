package torchrand

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"math"
	"math/big"
	"os"
	"runtime"
	"testing"
)

// The C++ standard fixes the 10000th output of a default-seeded std::mt19937
// (seed 5489) at 4123659995: an independent check of seeding and twisting.
func TestMT19937MatchesStdMt19937(t *testing.T) {
	var m MT19937
	m.Seed(5489)
	var v uint32
	for range 10000 {
		v = m.Uint32()
	}
	if v != 4123659995 {
		t.Errorf("10000th output after Seed(5489) = %d, want 4123659995", v)
	}
}

// fma32 must round x*y+z exactly once. The reference computes the exact
// value with math/big and rounds it to float32 (big.Float.Float32 rounds to
// nearest even, subnormals included).
func TestFMA32IsCorrectlyRounded(t *testing.T) {
	exact := func(x, y, z float32) float32 {
		v := new(big.Float).SetPrec(400).SetFloat64(float64(x))
		v.Mul(v, new(big.Float).SetFloat64(float64(y)))
		v.Add(v, new(big.Float).SetFloat64(float64(z)))
		f, _ := v.Float32()
		return f
	}
	check := func(x, y, z float32) {
		t.Helper()
		got, want := fma32(x, y, z), exact(x, y, z)
		if math.Float32bits(got) != math.Float32bits(want) && !(got == 0 && want == 0) {
			t.Fatalf("fma32(%g, %g, %g) = %g, want %g", x, y, z, got, want)
		}
	}
	// Halfway cases. With x = 2^-24·(1+i·2^-23) and y = ±(1−i·2^-23),
	// x*y = ±2^-24·(1 − i²·2^-46): added to z in [1, 2) the exact value lies
	// a hair below z+2^-24 (or above z+2^-23−2^-24), a float32 midpoint,
	// and the float64 sum lands exactly on it. Rounding that sum to float32
	// again picks the even neighbour, wrong about half the time.
	naiveWrong := 0
	for i := 1; i <= 8; i++ {
		x := float32(math.Ldexp(1+float64(i)*0x1p-23, -24))
		for _, sign := range []float32{1, -1} {
			y := sign * float32(1-float64(i)*0x1p-23)
			for k := 0; k < 16; k++ {
				z := 1 + float32(k)*0x1p-23 // odd and even mantissas
				check(x, y, z)
				check(-x, y, -z)
				if float32(float64(x)*float64(y)+float64(z)) != exact(x, y, z) {
					naiveWrong++
				}
			}
		}
	}
	if naiveWrong == 0 {
		t.Fatal("the halfway cases do not exercise double rounding")
	}
	// Random operands over a wide range, and subnormal results.
	var m MT19937
	m.Seed(1)
	rnd := func(scale int) float32 {
		f := math.Ldexp(float64(m.Uint32())/(1<<32)+0.5, int(m.Uint32()%uint32(2*scale+1))-scale)
		if m.Uint32()&1 == 1 {
			f = -f
		}
		return float32(f)
	}
	for range 200000 {
		check(rnd(20), rnd(20), rnd(20))
	}
	for range 20000 {
		check(rnd(5)*1e-20, rnd(5)*1e-20, rnd(5)*1e-39)
	}
}

type libmFixtures struct {
	Log struct {
		N          int      `json:"n"`
		Inputs     string   `json:"sha256_inputs"`
		CR         string   `json:"sha256_correctly_rounded"`
		GlibcAt    []int    `json:"glibc_differs_at"`
		GlibcThere []uint64 `json:"glibc_values_there"`
	} `json:"log"`
	Sincos struct {
		N      int    `json:"n"`
		Inputs string `json:"sha256_inputs"`
		Sin    string `json:"sha256_correctly_rounded_sin"`
		Cos    string `json:"sha256_correctly_rounded_cos"`
	} `json:"sincos"`
}

func loadLibmFixtures(t *testing.T) *libmFixtures {
	t.Helper()
	data, err := os.ReadFile("../../testdata/rand_fixtures.json")
	if err != nil {
		t.Fatalf("reading fixtures: %v", err)
	}
	var fx libmFixtures
	if err := json.Unmarshal(data, &fx); err != nil {
		t.Fatalf("decoding fixtures: %v", err)
	}
	return &fx
}

// numpyUniforms returns np.random.RandomState(seed).random_sample(n).
func numpyUniforms(seed uint32, n int) []float64 {
	var m MT19937
	m.Seed(seed)
	out := make([]float64, n)
	for i := range out {
		a, b := m.Uint32()>>5, m.Uint32()>>6
		out[i] = (float64(a)*67108864 + float64(b)) / 9007199254740992
	}
	return out
}

func digest(v []float64) string {
	buf := make([]byte, 8*len(v))
	for i, x := range v {
		binary.LittleEndian.PutUint64(buf[8*i:], math.Float64bits(x))
	}
	s := sha256.Sum256(buf)
	return hex.EncodeToString(s[:])
}

// LogCR must equal mpmath's correctly rounded logarithm on 10^6 uniforms;
// with cgo on Linux, Log must equal glibc's, which differs from it at the
// positions the fixture lists.
func TestLogAgainstMpmathAndGlibc(t *testing.T) {
	fx := loadLibmFixtures(t).Log
	xs := numpyUniforms(7, fx.N)
	if digest(xs) != fx.Inputs {
		t.Fatal("the inputs differ from NumPy's RandomState(7).random_sample")
	}
	cr := make([]float64, len(xs))
	for i, x := range xs {
		cr[i] = LogCR(x)
	}
	if digest(cr) != fx.CR {
		t.Errorf("LogCR differs from the correctly rounded log on some of %d inputs", fx.N)
	}
	t.Logf("glibc's log differs from the correctly rounded one on %d of %d inputs", len(fx.GlibcAt), fx.N)
	if !LibmC || runtime.GOOS != "linux" {
		t.Logf("Log is %s here; the glibc comparison needs cgo on Linux", map[bool]string{true: "the C library's", false: "LogCR"}[LibmC])
		return
	}
	want := cr
	for i, at := range fx.GlibcAt {
		want[at] = math.Float64frombits(fx.GlibcThere[i])
	}
	bad := 0
	for i, x := range xs {
		if got := Log(x); got != want[i] {
			if bad < 3 {
				t.Errorf("Log(%.17g) = %.17g, glibc gave %.17g", x, got, want[i])
			}
			bad++
		}
	}
	if bad > 0 {
		t.Errorf("Log differs from the fixture's glibc on %d of %d inputs", bad, fx.N)
	}
}

func TestLogCRSpecialValues(t *testing.T) {
	for _, c := range []struct{ x, want float64 }{
		{1, 0}, {0, math.Inf(-1)}, {math.Inf(1), math.Inf(1)},
		{math.E, 1}, {2, math.Ln2}, {0.5, -math.Ln2},
		{math.SmallestNonzeroFloat64, -744.4400719213812},
		{math.MaxFloat64, 709.782712893384},
	} {
		if got := LogCR(c.x); got != c.want {
			t.Errorf("LogCR(%g) = %.17g, want %.17g", c.x, got, c.want)
		}
	}
	for _, x := range []float64{-1, math.NaN(), math.Inf(-1)} {
		if got := LogCR(x); !math.IsNaN(got) {
			t.Errorf("LogCR(%g) = %g, want NaN", x, got)
		}
	}
}

func TestSincosCRAgainstMpmath(t *testing.T) {
	fx := loadLibmFixtures(t).Sincos
	xs := numpyUniforms(11, fx.N)
	for i := range xs {
		xs[i] *= 2 * math.Pi
	}
	if digest(xs) != fx.Inputs {
		t.Fatal("the inputs differ from the fixture's")
	}
	sins, coss := make([]float64, len(xs)), make([]float64, len(xs))
	for i, x := range xs {
		sins[i], coss[i] = SincosCR(x)
	}
	if digest(sins) != fx.Sin || digest(coss) != fx.Cos {
		t.Errorf("SincosCR differs from the correctly rounded sin or cos on some of %d inputs", fx.N)
	}
	if s, c := SincosCR(0); s != 0 || c != 1 {
		t.Errorf("SincosCR(0) = %g, %g", s, c)
	}
	if s, c := SincosCR(math.Copysign(0, -1)); !math.Signbit(s) || c != 1 {
		t.Errorf("SincosCR(-0) = %g, %g, want -0, 1", s, c)
	}
}

// The coefficients as written in avxmath.go must round to the float32 bit
// patterns found in the constant pool of libtorch_cpu.so's AVX2 kernel.
func TestAVXConstantsMatchTheKernel(t *testing.T) {
	for _, c := range []struct {
		name string
		v    float32
		bits uint32
	}{
		{"log p0", logP0, 0x3d9021bb}, {"log p1", logP1, 0xbdebd1b8}, {"log p2", logP2, 0x3def251a},
		{"log p3", logP3, 0xbdfe5d4f}, {"log p4", logP4, 0x3e11e9bf}, {"log p5", logP5, 0xbe2aae50},
		{"log p6", logP6, 0x3e4cceac}, {"log p7", logP7, 0xbe7ffffc}, {"log p8", logP8, 0x3eaaaaaa},
		{"log q1", logQ1, 0xb95e8083}, {"log q2", logQ2, 0x3f318000}, {"sqrt(1/2)", sqrtHalf, 0x3f3504f3},
		{"4/π", fourOverPi, 0x3fa2f983}, {"-DP1", minusDP1, 0xbf490000}, {"-DP2", minusDP2, 0xb97da000},
		{"-DP3", minusDP3, 0xb3222169}, {"cos p0", cosP0, 0x37ccf5ce}, {"cos p1", cosP1, 0xbab6061a},
		{"cos p2", cosP2, 0x3d2aaaa5}, {"sin p0", sinP0, 0xb94ca1f9}, {"sin p1", sinP1, 0x3c08839e},
		{"sin p2", sinP2, 0xbe2aaaa3}, {"2π", twoPi32, 0x40c90fdb},
	} {
		if got := math.Float32bits(c.v); got != c.bits {
			t.Errorf("%s = %#08x, the kernel uses %#08x", c.name, got, c.bits)
		}
	}
}

func TestRandPermIsAPermutation(t *testing.T) {
	g := New(3)
	for _, n := range []int{0, 1, 2, 17, 1000} {
		p := g.RandPerm(n)
		seen := make([]bool, n)
		for _, v := range p {
			if v < 0 || v >= n || seen[v] {
				t.Fatalf("RandPerm(%d) = %v is not a permutation", n, p)
			}
			seen[v] = true
		}
	}
}
