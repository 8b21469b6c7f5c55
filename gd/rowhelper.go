package gd

import (
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// The row helper is one goroutine that shares the large softmax kernels'
// rows with the goroutine that called them (inChunks). Starting a
// goroutine for each call does not work for jobs of tens of microseconds:
// waking the operating-system thread behind a second P can take longer
// than the job (about 75 µs on a virtual machine), so the new goroutine
// usually starts after the caller has done everything. The helper instead
// stays awake, polling for the next job, for a short while after each one
// (rowHelperSpin), as OpenMP's threads do behind PyTorch's kernels, and
// parks when no job comes. One caller at a time has it; others compute
// alone. Which goroutine computes which rows never changes a result.

// rowHelperSpin is how long the helper polls for a next job before it
// parks: longer than the gap between the forward and backward kernels of
// a training step, short enough that an idle program soon stops spinning.
const rowHelperSpin = 100 * time.Microsecond

// rowJob is a range of rows handed out in chunks.
type rowJob struct {
	seq                     uint64 // numbers the jobs, so the helper takes each once
	fn                      func(lo, hi int)
	rows, size, per, chunks int
	next, done              atomic.Int64  // chunks claimed, chunks finished
	finished                chan struct{} // closed by whoever finishes the last chunk
}

// work claims and computes chunks until none is left.
func (j *rowJob) work() {
	for {
		c := int(j.next.Add(1) - 1)
		if c >= j.chunks {
			return
		}
		j.fn(c*j.per*j.size, min(j.rows, (c+1)*j.per)*j.size)
		if j.done.Add(1) == int64(j.chunks) {
			close(j.finished)
		}
	}
}

// wait returns when every chunk is finished: usually at most the one the
// helper is computing, a few microseconds, so it polls first. If the
// helper's thread has lost its processor (a busy machine), it blocks, so
// as not to keep that processor busy with polling.
func (j *rowJob) wait() {
	for range 1 << 12 {
		if j.done.Load() == int64(j.chunks) {
			return
		}
	}
	<-j.finished
}

var rowHelper struct {
	start  sync.Once
	busy   atomic.Bool            // a caller has the helper
	seq    uint64                 // the last job's number, written by the caller that has the helper
	job    atomic.Pointer[rowJob] // the job on offer, nil between jobs
	parked atomic.Bool            // the helper is (about to be) blocked on wake
	wake   chan struct{}
}

// offerRowJob hands j to the helper if no other caller has it, and
// reports whether it did; the caller then works on j too, waits for it,
// and calls releaseRowHelper.
func offerRowJob(j *rowJob) bool {
	rowHelper.start.Do(func() {
		rowHelper.wake = make(chan struct{}, 1)
		go rowHelperLoop()
	})
	if !rowHelper.busy.CompareAndSwap(false, true) {
		return false
	}
	rowHelper.seq++
	j.seq = rowHelper.seq
	rowHelper.job.Store(j)
	if rowHelper.parked.CompareAndSwap(true, false) {
		rowHelper.wake <- struct{}{}
	}
	return true
}

func releaseRowHelper() {
	rowHelper.job.Store(nil)
	rowHelper.busy.Store(false)
}

func rowHelperLoop() {
	var last uint64
	for {
		deadline := time.Now().Add(rowHelperSpin)
		for i := 0; ; i++ {
			if j := rowHelper.job.Load(); j != nil && j.seq != last {
				j.work()
				last = j.seq
				deadline = time.Now().Add(rowHelperSpin)
			}
			if i%1024 == 1023 {
				if time.Now().After(deadline) {
					break
				}
				// Let the runtime's own goroutines (the sweeper, the
				// collector's workers) run between jobs rather than
				// preempt the helper in the middle of one.
				runtime.Gosched()
			}
		}
		// Park, unless a job came in meanwhile: the caller that sees
		// parked set sends the wake-up; if the helper takes its flag
		// back first, nobody sends.
		rowHelper.parked.Store(true)
		if j := rowHelper.job.Load(); j != nil && j.seq != last {
			if !rowHelper.parked.CompareAndSwap(true, false) {
				<-rowHelper.wake // the caller's wake-up, already on its way
			}
			continue
		}
		<-rowHelper.wake
	}
}
