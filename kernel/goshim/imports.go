package main

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"strconv"
)

// cellImports lists, sorted and without repeats, the import paths of the Go
// files in dir.
func cellImports(dir string) ([]string, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return nil, err
	}
	var imports []string
	fset := token.NewFileSet()
	for _, f := range files {
		parsed, err := parser.ParseFile(fset, f, nil, parser.ImportsOnly)
		if err != nil {
			return nil, err
		}
		for _, imp := range parsed.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			imports = append(imports, p)
		}
	}
	slices.Sort(imports)
	return slices.Compact(imports), nil
}
