// Package cache keeps values computed in one notebook cell for the cells
// after it. GoNB runs every cell as a new program, so a model trained in one
// cell is gone in the next; without this, each plotting cell would train it
// again. Declare the computation once:
//
//	func train() *gd.Linear {
//		model := gd.NewLinear(1, 1)
//		// ... the training loop ...
//		return model
//	}
//
// and ask for its result in any cell:
//
//	model := cache.Value("model", train)
//
// The first cell that asks runs train and stores the result; later cells
// read the stored copy. The result is never stale: a value is stored under
// its name together with a key of the code that computes it, so editing
// train, anything else the notebook declares, or a package of this checkout
// it uses, computes it again.
//
// # What the key covers
//
// The kernel's go shim computes the key when it builds a cell (see
// kernel/goshim/cachekey.go) from
//
//   - every declaration of the notebook so far (functions, types, variables,
//     constants, imports), but not the statements of the cell itself;
//   - the text of the compute argument at the call site. When that argument
//     reads a local variable of the cell (a closure over `epochs := 50`), the
//     whole cell's text is part of the key, since the variable's value is
//     not: such a value is reused only when the same cell runs again. To
//     share a value between cells, use a declared function or variable;
//   - the versions of the modules the notebook uses (go.mod, go.sum) and the
//     names, sizes and modification times of this checkout's Go sources;
//   - the type of the value.
//
// # Limits
//
//   - Files the computation reads are not part of the key: if train loads a
//     data set, changing the file does not recompute it. Restart the kernel,
//     or put something that changes with the data (its size, a version) into
//     a declaration or the value's name.
//   - Nor is anything that differs between runs: the wall clock, unseeded
//     random numbers, the network. The first run's result is kept.
//   - Values live in the kernel session's temporary folder: a kernel restart
//     forgets them all. They take disk space there for as long as it runs.
//   - Each later cell reads and decodes the whole value. That is fast for a
//     model or a loss history, but a value of hundreds of megabytes may take
//     longer to load than a quick computation takes to repeat.
//   - Two calls of Value on one line of a cell are not cached (the cache
//     knows the line it is called from, not the column).
//   - Only calls written in notebook cells are cached. Elsewhere (go run, go
//     test, a package calling Value) there is no key, and Value simply calls
//     compute every time: never a stale value, never a stored one.
//
// # Values
//
// A value is stored with its MarshalBinary method when its type implements
// encoding.BinaryMarshaler and (through a pointer) BinaryUnmarshaler, as
// gd's *Tensor and *Linear do (safetensors bytes: values bit for bit, with
// requires_grad); otherwise with encoding/gob, or encoding/json when gob
// cannot encode it. A value none of them can encode is returned but not
// stored, with a note on stderr, and later cells compute it again. Every
// cell also computes again a value whose UnmarshalBinary needs a prepared
// value: a *gd.Sequential loads only into a model of the same layers, so
// cache its layers, or its state dict, rather than the model.
package cache
