//go:build !unix

package reap

import (
	"errors"
	"time"
)

// Without Unix signals and process groups there is nothing this package can
// do; the commands fall back to ending their direct children only.

// Subreaper is unavailable here.
func Subreaper() error { return errors.New("reap: no child subreaper on this system") }

// KillDescendants does nothing here.
func KillDescendants(grace time.Duration) int { return 0 }

// KillMarked does nothing here.
func KillMarked(mark string, grace time.Duration) int { return 0 }

// Marked finds nothing here.
func Marked(mark string) []int { return nil }
