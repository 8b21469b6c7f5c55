// Command supervise starts the GoNB kernel and makes sure that nothing it
// started outlives it. The kernel launcher (.gd/bin/gd-kernel, written by
// `go run ./kernel install`) runs
//
//	supervise gonb --kernel connection.json ...
//
// GoNB starts gopls and one program per cell. When GoNB exits, even after a
// clean shutdown_request, those are orphaned: gopls (100-250 MB) and a cell
// still computing would keep running, parented to init. supervise adopts
// them instead (it is a child subreaper) and, once GoNB has exited, ends
// them. SIGINT, SIGTERM and SIGHUP are passed on to GoNB, which treats them
// as Jupyter does (SIGINT interrupts the running cell; the others stop the
// kernel). It exits with GoNB's status.
package main
