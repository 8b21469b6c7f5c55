// Package e2e holds the project's browser end-to-end tests and the small
// harness they share: Debian's Chromium driven over the DevTools protocol
// (chromedp), JupyterLab started from the project's Python environment, and
// checks for what a reader sees: charts whose canvases hold drawn pixels,
// a live progress view that changes while a cell runs, and pages that make
// no request off the machine.
//
// The tests run with the rest of the suite (go run ./kernel test). They need
// Chromium: jupyter.FindChromium names how to install it, and the tests fail
// with that message rather than skip. Screenshots land in
// test-artifacts/e2e/ at the module root, for people to look at.
//
// A test opens a page like this:
//
//	b, err := e2e.NewBrowser(ctx, e2e.Options{Offline: true})
//	if err != nil { ... }
//	defer b.Close()
//	err = b.Run(chromedp.Navigate("file://" + report))
//	charts, err := b.Charts(artifactsDir, "report")
//	blocked := b.Blocked()        // requests refused because they left the machine
//	errs := b.ConsoleErrors()     // console.error calls and uncaught exceptions
package e2e
