package jupyter

import (
	"os"

	"github.com/gonotebooks/descent/internal/atomicfile"
)

// WriteFileAtomic replaces path with data atomically (atomicfile.Write): a
// crash, a full disk or an interrupt leaves the old file or the new one.
func WriteFileAtomic(path string, data []byte, perm os.FileMode) error {
	return atomicfile.Write(path, data, perm)
}
