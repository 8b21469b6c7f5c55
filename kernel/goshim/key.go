package main

import (
	"crypto/sha256"
	"encoding/hex"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/mod/modfile"
)

// getKey summarises everything `go get` (no arguments) depends on in a module
// directory: the import paths of its Go files, its go.mod, go.sum and go.work,
// and the go.mod of every module go.work uses.
func getKey(dir string) (string, error) {
	h := sha256.New()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return "", err
	}
	var imports []string
	fset := token.NewFileSet()
	for _, f := range files {
		parsed, err := parser.ParseFile(fset, f, nil, parser.ImportsOnly)
		if err != nil {
			return "", err // let go get report the syntax error
		}
		for _, imp := range parsed.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			imports = append(imports, p)
		}
	}
	slices.Sort(imports)
	h.Write([]byte("imports\n" + strings.Join(slices.Compact(imports), "\n") + "\n"))
	for _, name := range []string{"go.mod", "go.sum", "go.work", "go.work.sum"} {
		writeFile(h, filepath.Join(dir, name))
	}
	if work, err := os.ReadFile(filepath.Join(dir, "go.work")); err == nil {
		wf, err := modfile.ParseWork("go.work", work, nil)
		if err != nil {
			return "", err
		}
		for _, u := range wf.Use {
			p := u.Path
			if !filepath.IsAbs(p) {
				p = filepath.Join(dir, p)
			}
			writeFile(h, filepath.Join(p, "go.mod"))
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

func writeFile(h interface{ Write([]byte) (int, error) }, path string) {
	b, err := os.ReadFile(path)
	if err != nil {
		b = []byte("<missing>")
	}
	h.Write([]byte(path + "\n"))
	h.Write(b)
	h.Write([]byte{0})
}
