package gd

import (
	"iter"
	"slices"
)

// Dataset is an indexed collection of samples, each a list of tensors
// (e.g. features and label), like torch.utils.data.Dataset.
type Dataset interface {
	Len() int
	Get(i int) []*Tensor
}

// TensorDataset pairs tensors along their first dimension: sample i is
// (t0[i], t1[i], ...), like torch.utils.data.TensorDataset.
type TensorDataset struct {
	tensors []*Tensor
}

// NewTensorDataset returns the dataset of the tensors' rows. All tensors
// must have at least one dimension and the same size along dimension 0.
func NewTensorDataset(ts ...*Tensor) *TensorDataset {
	if len(ts) == 0 {
		panic(errorf(ErrValue, "NewTensorDataset", "needs at least one tensor"))
	}
	for i, t := range ts {
		if t == nil || t.Dim() == 0 {
			panic(errorf(ErrShape, "NewTensorDataset", "tensor %d must have at least one dimension", i))
		}
		if t.shape[0] != ts[0].shape[0] {
			panic(errorf(ErrShape, "NewTensorDataset", "size mismatch between tensors: tensor 0 has %d rows (shape %s), tensor %d has %d (shape %s)",
				ts[0].shape[0], shapeString(ts[0].shape), i, t.shape[0], shapeString(t.shape)))
		}
	}
	return &TensorDataset{tensors: slices.Clone(ts)}
}

// Len returns the number of samples.
func (d *TensorDataset) Len() int { return d.tensors[0].shape[0] }

// Get returns sample i: the i-th row of every tensor (views).
func (d *TensorDataset) Get(i int) []*Tensor {
	out := make([]*Tensor, len(d.tensors))
	for k, t := range d.tensors {
		out[k] = t.Index(i)
	}
	return out
}

// Tensors returns the tensors the dataset was made of.
func (d *TensorDataset) Tensors() []*Tensor { return slices.Clone(d.tensors) }

// batch gathers rows idx of every tensor into new tensors.
func (d *TensorDataset) batch(idx []int) []*Tensor {
	out := make([]*Tensor, len(d.tensors))
	for k, t := range d.tensors {
		out[k] = t.IndexSelect(0, idx)
	}
	return out
}

// DataLoader iterates over a dataset in batches, optionally shuffled, like
// torch.utils.data.DataLoader (single process):
//
//	loader := gd.NewDataLoader(gd.NewTensorDataset(X, y), 10, gd.Shuffle(true))
//	for xb, yb := range loader.Pairs() { ... }
//
// A shuffled loader draws a new order at the start of every pass, from the
// default generator (or WithGenerator's), consuming random numbers exactly as
// PyTorch 1.13 does, so seeded programs see PyTorch's batches.
type DataLoader struct {
	ds        Dataset
	batchSize int
	shuffle   bool
	dropLast  bool
	gen       *Generator
}

// LoaderOption configures NewDataLoader.
type LoaderOption func(*DataLoader)

// Shuffle makes each pass visit the samples in a fresh random order.
func Shuffle(on bool) LoaderOption { return func(l *DataLoader) { l.shuffle = on } }

// DropLast drops the last batch of a pass when it is smaller than the batch size.
func DropLast(on bool) LoaderOption { return func(l *DataLoader) { l.dropLast = on } }

// WithGenerator makes the loader draw its random numbers from g instead of
// the default generator (PyTorch's generator= argument).
func WithGenerator(g *Generator) LoaderOption { return func(l *DataLoader) { l.gen = g } }

// NewDataLoader returns a loader over ds with the given batch size (> 0).
func NewDataLoader(ds Dataset, batchSize int, opts ...LoaderOption) *DataLoader {
	if ds == nil {
		panic(errorf(ErrValue, "NewDataLoader", "dataset is nil"))
	}
	if batchSize <= 0 {
		panic(errorf(ErrValue, "NewDataLoader", "batch_size should be a positive integer value, but got batch_size=%d", batchSize))
	}
	l := &DataLoader{ds: ds, batchSize: batchSize}
	for _, o := range opts {
		o(l)
	}
	return l
}

// Len returns the number of batches in one pass.
func (l *DataLoader) Len() int {
	n := l.datasetLen()
	if l.dropLast {
		return n / l.batchSize
	}
	return (n + l.batchSize - 1) / l.batchSize
}

// datasetLen is the dataset's Len, refused when negative (a loop over it
// would otherwise misbehave), as PyTorch refuses it.
func (l *DataLoader) datasetLen() int {
	n := l.ds.Len()
	if n < 0 {
		panic(errorf(ErrValue, "DataLoader", "the dataset's Len() should return >= 0, got %d", n))
	}
	return n
}

// BatchSize returns the batch size.
func (l *DataLoader) BatchSize() int { return l.batchSize }

// Dataset returns the dataset the loader reads.
func (l *DataLoader) Dataset() Dataset { return l.ds }

// order starts a pass: it makes the random draws PyTorch makes when an
// epoch's iterator is created and returns the sample order.
func (l *DataLoader) order() []int {
	n := l.datasetLen()
	if l.shuffle {
		return shuffleOrder(n, l.gen)
	}
	// Even without shuffling, PyTorch draws a base seed for worker processes.
	g := l.gen
	if g == nil {
		g = defaultGenerator
	}
	g.RandomInt64()
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	return idx
}

// All returns an iterator over the batches of one pass; each batch holds
// one tensor per dataset field, with the batch as dimension 0.
func (l *DataLoader) All() iter.Seq[[]*Tensor] {
	return func(yield func([]*Tensor) bool) {
		idx := l.order()
		n := len(idx)
		for start := 0; start < n; start += l.batchSize {
			end := min(start+l.batchSize, n)
			if l.dropLast && end-start < l.batchSize {
				break
			}
			if !yield(l.collate(idx[start:end])) {
				return
			}
		}
		if l.shuffle {
			shuffleEpochEnd(n, l.gen)
		}
	}
}

// Pairs iterates over the batches of a two-field dataset (inputs, targets):
//
//	for xb, yb := range loader.Pairs() { ... }
//
// It panics with an ErrValue error if samples do not have exactly two tensors.
func (l *DataLoader) Pairs() iter.Seq2[*Tensor, *Tensor] {
	return func(yield func(*Tensor, *Tensor) bool) {
		for b := range l.All() {
			if len(b) != 2 {
				panic(errorf(ErrValue, "Pairs", "dataset samples have %d tensors; Pairs needs exactly 2 (use All)", len(b)))
			}
			if !yield(b[0], b[1]) {
				return
			}
		}
	}
}

// collate builds a batch from sample indices: rows gathered with
// IndexSelect for a TensorDataset, samples stacked otherwise.
func (l *DataLoader) collate(idx []int) []*Tensor {
	if td, ok := l.ds.(*TensorDataset); ok {
		return td.batch(idx)
	}
	samples := make([][]*Tensor, len(idx))
	for k, i := range idx {
		samples[k] = l.ds.Get(i)
		if len(samples[k]) != len(samples[0]) {
			panic(errorf(ErrValue, "DataLoader", "sample %d has %d tensors, sample %d has %d", idx[0], len(samples[0]), i, len(samples[k])))
		}
	}
	out := make([]*Tensor, len(samples[0]))
	col := make([]*Tensor, len(samples))
	for f := range out {
		for k := range samples {
			col[k] = samples[k][f]
		}
		out[f] = Stack(col...)
	}
	return out
}
