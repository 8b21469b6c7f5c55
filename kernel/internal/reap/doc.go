// Package reap makes sure that a command which starts processes leaves none
// behind. Jupyter kernels start their own children (GoNB starts gopls and
// each cell's program) and some of those detach into new sessions, so
// killing a process group is not enough: when a parent dies first, its
// children are handed to init and keep running, a busy cell keeping its CPU.
//
// A process that calls Subreaper adopts those orphans instead of init
// (Linux's PR_SET_CHILD_SUBREAPER). Once its own direct children have been
// waited for, KillDescendants ends and reaps everything still below it:
//
//	reap.Subreaper()
//	cmd.Run()                         // the runner, JupyterLab, GoNB...
//	reap.KillDescendants(3 * time.Second)
//
// On systems without subreapers (macOS), Subreaper returns an error and
// KillDescendants only reaches the processes still parented to this one.
//
// A library cannot make its caller a subreaper, nor kill all of its
// caller's children. It marks the process it starts with an environment
// entry instead, which every descendant inherits, and KillMarked ends the
// processes that carry it.
package reap
