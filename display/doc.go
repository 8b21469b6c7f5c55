// Package display draws charts, diagrams, tensors and training progress in
// Go notebooks run by the GoNB kernel, and in plain Go programs. It is the
// matplotlib of this project: each plotting line of the articles becomes one
// Go line.
//
//	f := func(x float64) float64 { return x * x }
//	fig := display.PlotFunction(f, display.XLabel("x"), display.YLabel("x**2")) // plot_function(f, 'x', 'x**2')
//	fig.Point(-1.5, f(-1.5), display.Color("red"))                             // plt.scatter(-1.5, f(-1.5), color='red')
//	fig.Show()
//
// Charts are interactive (tooltips, legends that toggle series, rotatable 3-D,
// a play button on animations) and every one also carries a static picture of
// itself, so a notebook reads the same wherever it is opened.
//
// # Building charts
//
// A Figure holds scatter and line series on value axes. Figure options (Title,
// XLabel, YLabel, XLim, YLim, Size, LogX, LogY, AxisOff) go to NewFigure or
// Figure.Set; series options (Color, Label, MarkerSize, LineWidth, Dashed,
// Opacity, Marker, WithPoints, Classes, ColorBy) go to each Scatter or Line
// call. Series without a Color take matplotlib's tab10 colours in turn, and
// "red", "blue", "orange"... name the tab10 shades, so a figure comes out in
// the colours the article shows.
// Non-finite values (a diverging loss) are gaps, never an error.
//
// Size is a chart's natural size, and the most it takes: a chart fits the
// width of the output area it is shown in, shrinking with its aspect ratio
// kept (down to about 280 pixels, 200 for the cells of a grid), and follows
// the area when it is resized. The charts of a grid shrink in proportion and,
// where even their minimum does not fit, the row wraps. Labels, titles and
// legends keep their pixel size as the plot area shrinks; a legend keeps to
// the rows reserved for it above the plot, and scrolls (page arrows) when its
// items need more room than that. Diagrams shrink as a whole, like pictures.
//
// LogY plots log10 of the values on a value axis whose labels read 0.01,
// 100, 1e-120: ECharts' own log axis cannot place values below about 1e-20,
// and gradient descent readily goes to 1e-193. Ticks fall every 1, 2, 3, 5,
// 10, 20, 30, 50... decades, so a long range stays readable; tooltips give
// the values themselves, to 4 significant digits, as all tooltips do.
//
// LogX does the same for x (a learning-rate sweep; with LogY, log-log). A
// log axis over less than two decades keeps the data's range and labels the
// values between decades, as matplotlib's minor ticks do: a sweep from
// 0.0025 to 0.0087 reads 0.003, 0.004 ... 0.009.
//
// Scatter's Classes colours points by class, one tab10 colour and legend
// entry per class; ColorBy colours them by a value through a colour map,
// with a colour bar.
//
// # Fields: contours, heat maps, images
//
// A Field is a function of two variables sampled on a grid: NewField from
// a Go function, TensorField from a function written with gd tensors
// (called once on the whole grid, so a loss defined for training draws its
// own landscape), FieldOf from a 2-D tensor, Surface.Field from a surface.
// A Figure draws it as a layer under its lines and points: Contour (levels
// given with Levels, or automatic, evenly or, with LogScale, a decade
// apart), ContourFilled and HeatMap (with a colour bar; ColorMap, ColorRange
// and LogScale set the colours), so an optimizer's path goes on its loss
// landscape with Line and Point, in subplots and animations alike. Image
// draws a 2-D tensor as a picture (row 0 at the top), Images a grid of
// them with titles, and ConfusionMatrix a classifier's counts with the
// classes named on the axes. ContourLabels writes the levels on the lines.
// The static picture draws the same layers.
//
// # Sliders that need no kernel
//
// Explore(name, values, build) calls build for each value of a parameter
// and shows what it returns, one figure or several linked ones, with a
// slider labelled with the value; Explore2 does it over two parameters
// (step size × momentum), ExploreN over any number. ExploreEach is for
// parameters that each move their own series, a learning rate per optimizer
// on one landscape: each slider switches its path alone, and only one view
// per value is computed, not one per combination. Every view is computed in
// Go when the cell runs and travels in the output, so the slider switches
// every linked chart at once in JupyterLab, Notebook 7, exported HTML and
// the page, with no kernel. The static pictures show the Default values.
//
// Beyond Figure: Subplots and Grid (plt.subplots), Animate (FuncAnimation),
// NewSurface (a rotatable 3-D loss surface with descent paths), PlotFunction,
// Tangent and Descent (the slope and learning-rate sketches), Graph (the
// autograd graph of a gd tensor), Flow (a workflow diagram), Tensor (a tensor
// as a table), NewProgress (a live training view), Markdown and HTML, and Show,
// which displays any of these or any value.
//
// Misuse panics with a *gd.Error naming the call and the bad values, like the
// rest of the project: "gd: display.Scatter: x has 20 values but y has 19".
//
// # How charts reach the notebook
//
// GoNB runs each cell as a separate Go program; display sends every output to
// the kernel as one Jupyter display_data message with three forms of it:
//
//   - text/html: a container holding the static image and a <div> for the
//     live chart, and a script that draws the chart there with Apache ECharts
//     (ECharts GL for 3-D) and hides the image;
//   - image/svg+xml: the static image, for viewers that skip HTML;
//   - text/plain: a one-line summary, for terminals and diffs.
//
// The chart options are built with go-echarts (only its option structures;
// its HTML templates and asset URLs are not used) and adjusted where go-echarts
// falls short: its Surface3D emits a scatter3D series and asks for ECharts 4,
// so surfaces set their series type themselves and use ECharts 5 with ECharts
// GL 2.
//
// The ECharts library (about 1 MB minified) is embedded in the Go binary and
// sent at most once per page: the first chart output of a kernel session
// carries it, and later outputs find it already loaded (charts whose library
// has not arrived yet wait for it). Cells are separate processes, so "already
// sent" is a marker file in the kernel's temporary directory ($GONB_TMP_DIR);
// a restarted kernel, or a notebook run from the top by the runner, starts
// again with the library in its first chart. Charts above the output holding
// the library simply wait for it, but if that output is cleared or replaced
// (by re-running its cell in the same session) and the notebook is saved, the
// saved notebook no longer loads the library, and its charts show their static
// pictures when reopened. Re-run the notebook from the top, or call Init in
// its first cell, which always puts the library in that cell's output.
//
// Each chart output starts with a small runtime script (the library, when it
// travels with the output, comes right after it, so nothing is sent twice).
// It sizes the charts to their container, formats numbers, and redraws the
// charts when JupyterLab switches between light and dark themes.
//
// Element ids are random per output, and scripts declare no global names
// apart from one shared window.gdDisplay object (ECharts instances are looked
// up from their elements), so any number of outputs share a page.
//
// # Offline
//
// No output references the network: no CDN script, stylesheet or font. The
// libraries are the exact npm releases pinned in assets/package-lock.json,
// vendored with their licences by assets/refresh.sh. Pages exported by
// nbconvert load require.js, which makes UMD bundles such as ECharts register
// as AMD modules instead of defining window.echarts; display evaluates the
// bundles in a scope where define, module and exports are undefined, so they
// always take the browser-global path. The browser tests open exported pages
// with every request blocked and require.js present.
//
// # The static fallback
//
// Every chart output contains an SVG picture of the chart drawn in Go from the
// same data and the same layout (the axes' ticks follow ECharts' own rule, so
// both show the same ticks). It sits in an <img> with a data: URI: GitHub,
// nbviewer without scripts, and untrusted notebooks in JupyterLab (whose
// sanitizer removes scripts and inline <svg> but keeps such images) all show
// it. The picture has a white background, like a matplotlib PNG. What it
// shows of the kinds that cannot be drawn flat: a surface is seen from above
// as a heat map with its paths; an animation shows its last frame; an
// Explorer its Default values, named in a line of text above the charts;
// diagrams are drawn in full.
//
// # Trusted notebooks
//
// JupyterLab and Notebook 7 run scripts only in trusted outputs. Outputs
// produced by running cells in your session are trusted, and a notebook you
// save is signed and stays trusted when you reopen it on the same machine. A
// notebook executed elsewhere (for example headless with nbclient) opens
// untrusted, with the static pictures; sign it with `jupyter trust
// notebook.ipynb` on the machine that opens it, or run its cells, to get the
// live charts. Exported HTML pages have no such restriction.
//
// # Live training views
//
// NewProgress shows a progress bar, the elapsed time, an estimate of the time
// left and the loss curve while a loop runs, redrawn in place (one output
// updated under a Jupyter display id, GoNB's UpdateHTML) at most every
// Refresh interval, so calling Update on each of 10⁵ steps costs next to
// nothing. Done replaces that output, under the same id, with the final
// state: the summary (last and lowest loss) and the full loss curve as a
// chart. It is the only output the loop leaves, and it holds no wall time
// (ShowElapsed puts it back), so re-running a notebook saves the same output.
//
// # Outside a notebook
//
// In a program run with `go run` or `go test`, display calls write a
// standalone HTML page instead, one per process, rewritten after each output:
// $GD_DISPLAY_DIR/<program>-<time>-<pid>.html, or the same name in a private
// folder (mode 0700, a random name under os.TempDir()) when the variable is
// unset. The page is replaced atomically, from a new file readable by the
// user only, so a link planted at its name is replaced, never written
// through. Its path is printed to stderr once and returned by PagePath; open
// it in a browser, offline. A Progress prints a one-line bar to stderr
// instead of its live view.
//
// # Any data
//
// Every finite value draws, from subnormal numbers to ±1.8e308, and from
// spans wider than the largest float64 to spans of one ulp. As matplotlib
// does, an axis whose span is below a millionth of its values counts from
// an offset (1e18 and 1e18+128 are 0 and 128 on an axis named "+1e18"), and
// one with values beyond 1e300 or below 1e-200 counts in a unit ("×1e308"),
// so the live chart and the picture show the same ticks; tooltips give the
// values themselves. Outputs have a size budget: a line is drawn with the lowest and highest
// of its points in each pixel column, which is the same picture, and a
// scatter with one marker per few-pixel cell, so a million points make an
// output of a few hundred kilobytes. The text form of the output says when
// a series was reduced ("line of 1000000 points (drawn with 1915 points:
// ...)"). Nil or zero values (a nil *Figure, a Progress not made by
// NewProgress) panic with a display error saying how to make them.
//
// # From matplotlib
//
// The plotting lines of the five articles, and their Go form:
//
//	matplotlib / fastbook                        display
//	plot_function(f, 'x', 'x**2')                fig := display.PlotFunction(f, display.XLabel("x"), display.YLabel("x**2"))
//	plt.scatter(-1.5, f(-1.5), color='red')      fig.Point(-1.5, f(-1.5), display.Color("red"))
//	plt.scatter(time, speed)                     fig.Scatter(time, speed)
//	ax = plt.subplots()[1]                       ax := display.NewFigure()
//	ax.scatter(time, preds, color='red')         ax.Scatter(time, preds, display.Color("red"))
//	ax.set_ylim(-300, 100)                       ax.SetYLim(-300, 100)
//	_, axs = plt.subplots(1, 4, figsize=(12,3))  axs := display.Subplots(1, 4, display.Size(1200, 300))
//	for ax in axs: ...                           for _, ax := range axs.Axes() { ... }
//	plt.plot(x, y)                               fig.Line(x, y)
//	line, = plt.plot(x[:,0], x@a)                line := fig.Line(x0, yhat)
//	line.set_ydata(x@a)                          line.SetY(yhat)
//	FuncAnimation(fig, animate, range(100),      display.Animate(fig, 100, animate,
//	    interval=20)                                 display.Interval(20*time.Millisecond)).Show()
//	seaborn.lineplot(x=xs, y=f(xs))              display.PlotFunction(f, display.Domain(-10, 10))
//	seaborn.scatterplot(x=x, y=y, color='red')   fig.Scatter(x, y, display.Color("red"))
//	3-D Rosenbrock descent (matplotlib mplot3d)  display.NewSurface(rosen, ...).Path(xs, ys).Show()
//	slope and learning-rate illustrations        display.Tangent(f, df, -1.5); display.Descent(f, df, x0, lr, steps)
//	graphviz autograd / draw_dot                 display.Graph(loss).Show()
//	gv('a->b->c') workflow diagrams              display.Flow("a", "b", "c").Show()
//	tensor repr in a cell                        display.Tensor(t), or display.Show(t)
//	X, Y = np.meshgrid(xs, ys); Z = f(X, Y)      field := display.NewField(f, display.XLim(-2, 2), display.YLim(-1, 3))
//	plt.contour(X, Y, Z, levels=np.logspace(..)) fig.Contour(field, display.LogScale())
//	plt.contourf(X, Y, Z); plt.colorbar()        fig.ContourFilled(field)
//	plt.imshow(Z, origin='lower', extent=...)    fig.HeatMap(field)
//	show_image(t) / plt.imshow(t, cmap='Greys')  fig.Image(t), with display.AxisOff()
//	show_images(ims, ncols=4, titles=names)      display.Images(ims, names, 4)
//	plt.xscale('log')                            display.LogX()
//	plt.scatter(x, y, c=v); plt.colorbar()       fig.Scatter(x, y, display.ColorBy(v))
//	sns.scatterplot(x=x, y=y, hue=labels)        fig.Scatter(x, y, display.Classes(labels))
//	plt.clabel(cs)                               fig.Contour(field, display.ContourLabels())
//	ConfusionMatrixDisplay(cm, labels).plot()    display.ConfusionMatrix(counts, classes)
//	ax.view_init(elev=30, azim=-60)              display.NewSurface(f, display.ViewAngle(30, -60))
//	fastai's smoothed loss in a progress bar     display.NewProgress(n, display.Smooth(0.98), display.XLabel("batch"))
//	interact(plot, lr=[0.001, 0.01, 0.1])        display.Explore("lr", lrs, func(lr float64) any { ... }).Show()
//	interact(plot, lr=lrs, momentum=ms)          display.Explore2("lr", lrs, "momentum", ms, func(lr, m float64) any { ... })
//	a learning-rate slider per optimizer         display.ExploreEach([]display.Param{{"SGD lr", lrs}, {"Adam lr", lrs}}, build)
//	print(loss.item()) in a training loop        p := display.NewProgress(n); p.Update(i, loss); p.Done()
//	plt.show() / the cell's last expression      fig.Show(), or display.Show(fig)
package display
