package main

import (
	"os"
	"path/filepath"
)

// stdinFile is added to the cell's package when stdin must be closed. Its
// init runs before the cell's code: reads of os.Stdin then fail with "file
// already closed".
const stdinFile = "zz_gd_stdin_closed.go"

const stdinSource = `// Written by the gd kernel's go shim: this run has no one to answer stdin.

package main

import gdStdinOS "os"

func init() { gdStdinOS.Stdin.Close() }
`

// closeStdin adds or removes stdinFile in the cell's folder (the current
// directory), following GD_CELL_STDIN.
func closeStdin() {
	dir, err := os.Getwd()
	if err != nil {
		return
	}
	path := filepath.Join(dir, stdinFile)
	if os.Getenv("GD_CELL_STDIN") != "closed" || !isCellDir(dir) {
		os.Remove(path)
		return
	}
	if b, err := os.ReadFile(path); err == nil && string(b) == stdinSource {
		return
	}
	if err := os.WriteFile(path, []byte(stdinSource), 0o644); err == nil {
		logf("stdin closed for this cell")
	}
}

// isGoNBCell tells the folder of the running GoNB kernel's cells
// ($GONB_TMP_DIR, which GoNB sets for the commands it runs), where the shim
// may change what go get and go build do: nobody else's module.
func isGoNBCell(dir string) bool {
	gonb := os.Getenv("GONB_TMP_DIR")
	return gonb != "" && isCellDir(dir) && sameFile(dir, gonb)
}

// isCellDir tells a GoNB cell's folder: a main.go next to a go.mod.
func isCellDir(dir string) bool {
	if _, err := os.Stat(filepath.Join(dir, "main.go")); err != nil {
		return false
	}
	_, err := os.Stat(filepath.Join(dir, "go.mod"))
	return err == nil
}
