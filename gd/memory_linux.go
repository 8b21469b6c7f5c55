package gd

import (
	"sync"

	"golang.org/x/sys/unix"
)

// memoryLimit returns the machine's physical memory in bytes (0 if unknown).
var memoryLimit = sync.OnceValue(func() uint64 {
	var info unix.Sysinfo_t
	if unix.Sysinfo(&info) != nil {
		return 0
	}
	return uint64(info.Totalram) * uint64(info.Unit)
})
