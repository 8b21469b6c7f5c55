// Package atomicfile replaces files so that no reader, crash, full disk or
// interrupt ever sees half of one: the one way this module writes a file
// someone may want to keep (notebook kernel files, the cache's values).
package atomicfile

import (
	"bufio"
	"io"
	"os"
	"path/filepath"
)

// Write replaces path with data so that a reader, a crash, a full
// disk or an interrupt sees either the old file or the new one, never a
// truncated mix: the data goes to a temporary file in the same folder, is
// synced to disk, then renamed over path (and the folder synced). A symlink
// at path is replaced, not followed. On any error the temporary file is
// removed and path is left as it was.
func Write(path string, data []byte, perm os.FileMode) error {
	return WriteFunc(path, perm, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// WriteFunc is Write for a file produced as a stream: write fills the
// temporary file (through a buffer), and path is replaced only if write and
// every step after it succeed.
func WriteFunc(path string, perm os.FileMode, write func(io.Writer) error) (err error) {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	bw := bufio.NewWriter(f)
	if err = write(bw); err != nil {
		return err
	}
	if err = bw.Flush(); err != nil {
		return err
	}
	if err = f.Chmod(perm); err != nil { // CreateTemp's 0600 is for the temporary name only
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	if err = os.Rename(f.Name(), path); err != nil {
		return err
	}
	if d, derr := os.Open(dir); derr == nil { // make the rename durable
		d.Sync()
		d.Close()
	}
	return nil
}
