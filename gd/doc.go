// Package gd is a small tensor library with reverse-mode automatic
// differentiation, written so that the PyTorch code of gradient-descent
// tutorials translates line by line into Go, with the same numbers.
//
// # Tensors
//
// A *Tensor holds float32 values (PyTorch's default dtype, and gd's) or
// float64 values, with a shape. Create one with Scalar, Vector, Matrix,
// FromSlice, Zeros, Ones, Full, Arange, Linspace, Rand or Randn (ZerosLike,
// OnesLike, RandLike and RandnLike copy another tensor's shape and dtype).
// Operations are methods that return new tensors and chain:
//
//	y := x.Mul(2).Add(3)        // 2*x + 3
//	loss := preds.Sub(targets).Pow(2).Mean()
//
// Binary operations (Add, Sub, Mul, Div, Pow) take a *Tensor or a Go number.
// Tensors broadcast as in NumPy and PyTorch: a (100,1) tensor plus a (1)
// tensor is (100,1). A number takes the tensor's dtype, like a Python
// number does in PyTorch. Mixing a float32 and a float64 tensor follows
// PyTorch's promotion: the result is float64, except that a tensor with
// dimensions keeps its dtype against a 0-d tensor.
//
// # Labels and masks
//
// Classification needs two more dtypes, as in PyTorch: Int64 (torch.int64,
// "long") for class labels and the indices Argmax returns, and Bool for
// the masks that comparisons (Gt, Ge, Lt, Le, Eq, Ne) return. They are
// dtypes of the same Tensor, not separate types, so that
//
//	acc := preds.Argmax(1).Eq(labels).Float().Mean()   // tensor(0.9613)
//
// is one line, as in PyTorch, and labels go through views, Stack, Cat and
// DataLoader batches like any tensor. Make labels with IntVector, FromInts
// or Long(); read them back with Ints. A mask counts with Sum (an int64
// result), turns into 0/1 values with Float, multiplies floats directly
// (mask.Mul(x)), and selects with Where. Mixed operands promote as in
// PyTorch: bool < int64 < float, and a Go int acts like a Python int
// (labels.Add(1) stays int64) while a Go float64 acts like a Python float
// (labels.Mul(0.5) is float32). Integers and bools never require grad.
// They are stored as float64, which holds every integer up to 2⁵³ exactly;
// gd refuses a value or an integer result beyond that rather than round it.
//
// Select, Index, Slice, View, T, Transpose, Squeeze, Unsqueeze, Expand,
// Detach and Data return views that share storage with the original, as in
// PyTorch, so x.Select(1, 0).Uniform_(-1, 1) fills the first column of x.
//
// # Autograd
//
// Mark the tensors you want gradients for with RequiresGrad_ (or make them
// with Parameter). Every operation on them is recorded; Backward on a
// one-element result computes the gradients and adds them to the leaves'
// Grad:
//
//	xt := gd.Scalar(3).RequiresGrad_()
//	yt := xt.Pow(2)          // tensor(9., grad_fn=<PowBackward0>)
//	yt.Backward()
//	xt.Grad()                // tensor(6.)
//
// The rules are PyTorch's: gradients accumulate across Backward calls until
// reset (SetGrad(nil), Grad().Zero_() or an optimizer's ZeroGrad); only
// leaves keep Grad, unless RetainGrad was called on an intermediate result;
// GradFnName reports PyTorch's grad_fn names (PowBackward0, MeanBackward0,
// AddmmBackward0, ...). Backward frees what the graph saved, so a second
// Backward through the same operations panics unless the first was given
// RetainGraph(). Modifying in place a tensor that an operation saved for
// its backward makes Backward panic rather than return a wrong gradient.
//
// A training loop reuses memory where it can do so unseen: when ZeroGrad
// (or SetGrad(nil)) drops a large gradient that the program never took
// with Grad, the next Backward writes the new gradient into the same
// storage instead of allocating, zeroing and later collecting 400 KB a
// step for an MNIST-sized layer. A gradient the program did take keeps its
// values, as in PyTorch.
//
// NoGrad runs a function with recording turned off, like `with
// torch.no_grad():`. An operation records only when grad mode is on and
// one of its inputs requires grad.
//
// # Goroutines
//
// Independent models can be trained in separate goroutines, with the same
// results as one after the other: a graph belongs to the tensors that
// built it, Backward never changes the grad mode (its gradient formulas
// compute on detached values, so they record nothing), and layer
// initialisation and data loading need no mode either. What is shared:
//   - Grad mode is process-wide (PyTorch's is per thread): while NoGrad
//     runs its function, no goroutine records and every goroutine may
//     update leaves in place. Do not call NoGrad while another goroutine
//     trains; update parameters through Data() instead (the optimizers do).
//   - To evaluate without recording from any goroutine, use Eval(model, x)
//     or compute on Detach()ed tensors (f(x, params.Detach())).
//   - The default generator (ManualSeed, Rand, NewLinear, shuffling
//     loaders) is safe to share, but the order of draws then depends on
//     scheduling; give each goroutine its own NewGenerator (InitGenerator,
//     WithGenerator) to make its numbers reproducible.
//   - A model, its tensors and its graph belong to one goroutine. Data
//     that several goroutines only read (a dataset) can be shared: ops,
//     views (Index, View, ...) and loader batches read it without
//     writing to it. In-place methods, Detach, Parameter, RequiresGrad_
//     and SetName write to the tensor they are called on: call them before
//     the goroutines start, or on a goroutine's own copy (Clone).
//
// # In-place operations
//
// Methods whose names end in an underscore change the tensor itself and
// return it, as in PyTorch: Add_, Sub_, Mul_, Div_, Zero_, Fill_, Copy_,
// Uniform_, Normal_. Changing a leaf that requires grad this way is refused
// while grad mode is on (PyTorch refuses it too); do it inside NoGrad or on
// Data(), which shares storage but not history.
//
// # Errors
//
// Misuse panics with a *gd.Error whose message names the operation and the
// offending shapes or values:
//
//	gd: MatMul: shapes (100,2) and (3) are not aligned: 2 (dim 1) != 3 (dim 0)
//
// Its Kind (ErrShape, ErrIndex, ErrDType, ErrGrad, ErrValue) works with
// errors.Is. Catch turns such a panic into an error value for programs that
// prefer them; in a notebook the panic message is what you see.
//
// # Models, losses, optimizers and data
//
// NewLinear, NewSequential, NewFlatten and the activation layers (NewReLU,
// NewSigmoid, NewTanh, NewLeakyReLU, NewGELU, NewSoftplus, NewSoftmax,
// NewLogSoftmax) build models (the Module interface), printing as PyTorch
// prints them. MSELoss, L1Loss, CrossEntropyLoss, NLLLoss, BCELoss and
// BCEWithLogitsLoss return criteria (LossFunc) with the Reduction option;
// MSE, MAE, RMSE, CrossEntropy, NLL, BinaryCrossEntropy and
// BinaryCrossEntropyWithLogits are the plain functions
// (torch.nn.functional). NewSGD implements torch.optim.SGD with momentum,
// dampening, Nesterov and weight decay; NewTensorDataset and NewDataLoader
// batch and shuffle data, iterated with Go's range over functions.
//
// # Classification (fastbook chapter 4)
//
//	PyTorch                                        gd
//	torch.tensor([3, 7])                           gd.IntVector(3, 7)
//	labels.long(); mask.float()                    labels.Long(); mask.Float()
//	preds.argmax(1)                                preds.Argmax(1)
//	preds > 0.5; a == b; a != b                    preds.Gt(0.5); a.Eq(b); a.Ne(b)
//	(preds.argmax(1) == y).float().mean()          preds.Argmax(1).Eq(y).Float().Mean()
//	(x > 0).sum()                                  x.Gt(0).Sum()
//	torch.where(targets==1, 1-preds, preds)        gd.Where(targets.Eq(1), preds.RSub(1), preds)
//	torch.cat([threes, sevens]).view(-1, 64)       gd.Cat(0, threes, sevens).View(-1, 64)
//	x.softmax(1); x.log_softmax(1)                 x.Softmax(1); x.LogSoftmax(1)
//	nn.CrossEntropyLoss()(logits, y)               gd.CrossEntropyLoss()(logits, y)
//	F.cross_entropy(x, y, label_smoothing=0.1)     gd.CrossEntropy(x, y, gd.LabelSmoothing(0.1))
//	F.nll_loss(logp, y, ignore_index=0)            gd.NLL(logp, y, gd.IgnoreIndex(0))
//	nn.BCELoss()(probs, t)                         gd.BCELoss()(probs, t)
//	nn.BCEWithLogitsLoss(pos_weight=w)             gd.BCEWithLogitsLoss(gd.PosWeight(w))
//	nn.Sequential(nn.Flatten(), nn.Linear(64, 30), nn.ReLU(), nn.Linear(30, 10))
//	                                               gd.NewSequential(gd.NewFlatten(), gd.NewLinear(64, 30), gd.NewReLU(), gd.NewLinear(30, 10))
//	x.sin(); x.cos(); x.log1p(); x.expm1()         x.Sin(); x.Cos(); x.Log1p(); x.Expm1()
//	F.softplus(x); F.leaky_relu(x, 0.2); F.gelu(x) x.Softplus(); x.LeakyReLU(0.2); x.GELU()
//	torch.maximum(a, b); torch.minimum(a, b)       a.Maximum(b); a.Minimum(b)
//	torch.zeros_like(x); torch.randn_like(x)       gd.ZerosLike(x); gd.RandnLike(x)
//
// Softmax and LogSoftmax along the last dim of float32 tensors (a
// classifier's logits), their gradients, and CrossEntropyLoss over class
// indices without label smoothing give PyTorch's bits: the same
// vectorised exp and log, the same order of additions. Along other dims,
// in float64 and with label smoothing they agree to a few ulps (see
// ops_softmax.go). The fastbook classifiers train to PyTorch's losses and
// print its accuracies.
//
// # gonum
//
// FromMatrix and FromVector turn gonum's mat values into tensors, and
// Dense and VecDense turn tensors into *mat.Dense and *mat.VecDense, both
// without copying when the layout allows (float64, rows contiguous), like
// torch.from_numpy and Tensor.numpy: the two then share memory. float32
// tensors are copied once. So gonum's solvers and decompositions run on
// data gd computed:
//
//	var w mat.VecDense
//	w.SolveVec(gd.FromSlice(a, 2, 2).Dense(), b.VecDense())
//	gd.FromVector(&w)
//
// # The articles' lines in gd
//
//	PyTorch                                   gd
//	tensor(3.).requires_grad_()               gd.Scalar(3).RequiresGrad_()
//	torch.arange(0,20).float()                gd.Arange(0, 20)
//	torch.randn(20)*3 + 0.75*(time-9.5)**2+1  gd.Randn(20).Mul(3).Add(time.Sub(9.5).Pow(2).Mul(0.75)).Add(1)
//	a, b, c = params                          a, b, c := params.Unpack3()
//	a*(t**2) + (b*t) + c                      a.Mul(t.Pow(2)).Add(b.Mul(t)).Add(c)
//	((preds-targets)**2).mean()               preds.Sub(targets).Pow(2).Mean()
//	loss.backward()                           loss.Backward()
//	params.grad                               params.Grad()
//	params.data -= lr * params.grad.data      params.Data().Sub_(params.Grad().Data().Mul(lr))
//	params.grad = None                        params.SetGrad(nil)
//	loss.item()                               loss.Item()
//	x = torch.ones(n,2)                       x := gd.Ones(n, 2)
//	x[:,0].uniform_(-1.,1)                    x.Select(1, 0).Uniform_(-1, 1)
//	x[:5]                                     x.Slice(0, 0, 5)
//	x@a                                       x.MatMul(a)
//	a = nn.Parameter(a)                       a = gd.Parameter(a)
//	with torch.no_grad(): a.sub_(lr*a.grad)   gd.NoGrad(func() { a.Sub_(a.Grad().Mul(lr)) })
//	a.grad.zero_()                            a.Grad().Zero_()
//	torch.manual_seed(0)                      gd.ManualSeed(0)
//	torch.rand(100, 1) * 10                   gd.Rand(100, 1).Mul(10)
//	model = torch.nn.Linear(1, 1)             model := gd.NewLinear(1, 1)
//	criterion = torch.nn.MSELoss()            criterion := gd.MSELoss()
//	torch.optim.SGD(model.parameters(), lr=0.01)  gd.NewSGD(model.Parameters(), 0.01)
//	list(model.parameters())                  model.Parameters()
//	optimizer.zero_grad()                     optimizer.ZeroGrad()
//	output = model(X[i].view(1, -1))          output := model.Forward(X.Index(i).View(1, -1))
//	loss = criterion(output, y[i].view(-1))   loss := criterion(output, y.Index(i).View(-1))
//	optimizer.step()                          optimizer.Step()
//	TensorDataset(X, y)                       gd.NewTensorDataset(X, y)
//	DataLoader(ds, batch_size=10, shuffle=True)   gd.NewDataLoader(ds, 10, gd.Shuffle(true))
//	for batch_X, batch_y in data_loader:      for batchX, batchY := range loader.Pairs() {
//	x.detach().numpy()                        x.Float64s() (or x.Detach().Dense() for gonum)
//
// # The seven-step loop
//
//	params := gd.Randn(3).RequiresGrad_()                 // 1. initialize
//	for range 10 {
//		preds := f(time, params)                          // 2. predict
//		loss := mse(preds, speed)                         // 3. loss
//		loss.Backward()                                   // 4. gradient
//		params.Data().Sub_(params.Grad().Data().Mul(lr))  // 5. step
//		params.SetGrad(nil)
//		fmt.Println(loss.Item())                          // 6. repeat
//	}                                                     // 7. stop
//
// # Optimizers, schedules, saving
//
// Every optimizer implements Optimizer (Step, ZeroGrad, LR, SetLR,
// ParamGroups), takes the same options, and follows PyTorch 1.13's update
// bit for bit in float32. Schedulers drive any Optimizer. Models and
// optimizers save to safetensors files under PyTorch's state_dict names.
// That includes Adam's moments of weights whose gradient has stopped (dead
// ReLU units): they decay through float32's subnormal numbers, which x86
// processors compute twenty times slower; gd computes those elements on a
// path that rounds by hand to the same bits (package internal/vec) rather
// than flushing them to zero.
//
//	PyTorch                                        gd
//	optim.SGD(ps, lr=0.1, momentum=0.9)            gd.NewSGD(ps, 0.1, gd.Momentum(0.9))
//	optim.Adam(ps, lr=1e-3, betas=(0.9, 0.99))     gd.NewAdam(ps, 1e-3, gd.Betas(0.9, 0.99))
//	optim.AdamW(ps, lr=1e-3, weight_decay=0.01)    gd.NewAdamW(ps, 1e-3, gd.WeightDecay(0.01))
//	optim.RMSprop(ps, lr=0.01, centered=True)      gd.NewRMSprop(ps, 0.01, gd.Centered())
//	optim.Adagrad(ps, lr=0.01, lr_decay=1e-4)      gd.NewAdagrad(ps, 0.01, gd.LRDecay(1e-4))
//	[{'params': a}, {'params': b, 'lr': 1e-3}]     gd.NewSGD(a, 0.1, gd.Group(b, gd.LR(1e-3)))
//	opt.param_groups[0]['lr'] = 0.01               opt.ParamGroups()[0].LR = 0.01
//	lr_scheduler.StepLR(opt, 30, gamma=0.1)        gd.NewStepLR(opt, 30, 0.1)
//	lr_scheduler.CosineAnnealingLR(opt, T_max=100) gd.NewCosineAnnealingLR(opt, 100)
//	lr_scheduler.OneCycleLR(opt, 0.1, total_steps=n)   gd.NewOneCycleLR(opt, 0.1, n)
//	scheduler.step(); scheduler.get_last_lr()      sched.Step(); sched.LastLR()
//	model.state_dict()                             gd.StateDict(model)
//	save_file(model.state_dict(), "m.safetensors") gd.SaveModule("m.safetensors", model)
//	model.load_state_dict(load_file("m.safetensors"))  gd.LoadModule("m.safetensors", model)
//	optimizer.state_dict()                         gd.OptimizerStateDict(opt)
//
// (MultiStepLR, ExponentialLR, LambdaLR and LinearLR too.) Saving is what
// lets a notebook train in one cell and plot in the next without training
// again: the first cell ends with gd.SaveModule(path, model); the next
// builds the same architecture and calls gd.LoadModule(path, model). Files
// are written atomically, and load with Python's safetensors package. For
// a cache that stores bytes, Tensor, Linear and Sequential implement
// encoding.BinaryMarshaler; WriteSafetensors and ReadSafetensors work on
// any io.Writer and io.Reader.
//
// # Matching PyTorch's numbers
//
// Beyond the semantics, gd reproduces PyTorch's arithmetic where the order
// of floating-point operations is observable: sums and means add in the
// order of PyTorch's CPU kernel (so losses print the same digits), small
// matrix products accumulate in the reference BLAS order, and SGD's update
// is a fused multiply-add as on x86-64. The seeded generators (ManualSeed,
// Rand, Randn, Uniform_, Linear's initialisation, DataLoader shuffling)
// produce PyTorch's numbers bit for bit. The tests compare against fixtures
// made with PyTorch 1.13 (testdata/make_core_fixtures.py). Large matrix
// products use a blocked GEMM and agree to float32 rounding, not bit for bit.
//
// # Random numbers
//
// After ManualSeed(0), Rand, Randn, Uniform_ and Normal_ (on whole tensors or
// on views such as a column), NewLinear's initialisation and a shuffling
// DataLoader draw exactly what the same PyTorch code draws after
// torch.manual_seed(0), in the same order. NewGenerator makes independent
// generators, like torch.Generator. Package nprand does the same for NumPy's
// legacy np.random.seed, rand and randn.
//
// Known limits, stated rather than hidden:
//   - Float32 uniform samples are exact everywhere. Float32 Randn reproduces
//     the AVX2 kernel that x86-64 PyTorch runs; PyTorch on ARM, on CPUs
//     without AVX2, or with ATEN_CPU_CAPABILITY set rounds differently.
//   - Normal samples in float64, and those of tensors under 16 elements or not
//     contiguous, use the C library's log, sin and cos (as PyTorch and NumPy
//     do), which gd calls through cgo. Built with CGO_ENABLED=0, gd uses
//     correctly rounded replacements instead, and about 2 float64 samples in
//     1,000 (3 NumPy Gaussians in 10,000) then differ in the last bits.
//   - The fixtures come from PyTorch 1.13.1 and NumPy 1.24 on linux/amd64
//     (testdata/make_rand_fixtures.py).
package gd
