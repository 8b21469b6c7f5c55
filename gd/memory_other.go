//go:build !linux

package gd

// memoryLimit returns 0 (unknown) where gd does not ask the system; an
// absurd size then fails in the Go runtime instead of with a gd error.
func memoryLimit() uint64 { return 0 }
