package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/mod/modfile"
)

// cachePkg is the package whose keys the shim computes (../../cache).
const cachePkg = "github.com/gonotebooks/descent/cache"

// cacheFlags returns the -X linker flags that give the cache package the
// keys of the cell being built in dir, or nil when its main.go does not use
// the package. A value is keyed by
//
//   - codeKey: every declaration of the notebook (GoNB keeps them all in
//     main.go; the cell's own statements, main's body, are left out) plus the
//     module files and, for the modules go.work uses (this checkout), each
//     source file's path, size and modification time;
//   - per call site: the text of the compute argument, and the whole
//     enclosing function when that argument reads one of its local
//     variables (their values are not visible to the key, their code is).
func cacheFlags(dir string) []string {
	src, err := os.ReadFile(filepath.Join(dir, "main.go"))
	if err != nil {
		return nil
	}
	code, calls, ok := cacheKeys(src)
	if !ok {
		return nil
	}
	h := sha256.New()
	h.Write([]byte(code))
	workspaceKey(h, dir)
	// The cache tells call sites apart by line: two calls on one line get no
	// key (they are computed every time) rather than each other's values.
	perLine := map[int]int{}
	for _, c := range calls {
		perLine[c.line]++
	}
	var lines []string
	for _, c := range calls {
		if perLine[c.line] == 1 {
			lines = append(lines, fmt.Sprintf("%d:%s", c.line, c.key))
		}
	}
	main, _ := filepath.Abs(filepath.Join(dir, "main.go"))
	return []string{
		"-X", cachePkg + ".codeKey=" + hex.EncodeToString(h.Sum(nil)),
		"-X", cachePkg + ".callKeys=" + strings.Join(lines, ","),
		"-X", cachePkg + ".callFile=" + main,
		"-X", cachePkg + ".dir=" + filepath.Join(dir, "gd-cache"),
	}
}

type callKey struct {
	line int
	key  string
}

// cacheKeys parses a cell's main.go. It reports ok=false when the file does
// not import the cache package.
func cacheKeys(src []byte) (code string, calls []callKey, ok bool) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "main.go", src, 0)
	if err != nil {
		return "", nil, false
	}
	local := ""
	for _, imp := range f.Imports {
		if p, _ := strconv.Unquote(imp.Path.Value); p == cachePkg {
			ok, local = true, "cache"
			if imp.Name != nil {
				local = imp.Name.Name
			}
		}
	}
	if !ok || local == "_" || local == "." {
		return "", nil, false
	}
	text := func(n ast.Node) string {
		var b bytes.Buffer
		printer.Fprint(&b, fset, n)
		return b.String()
	}
	var decls []string
	var funcs []*ast.FuncDecl
	for _, d := range f.Decls {
		if fd, isFunc := d.(*ast.FuncDecl); isFunc {
			funcs = append(funcs, fd)
			if fd.Recv == nil && fd.Name.Name == "main" {
				continue
			}
		}
		decls = append(decls, text(d))
	}
	slices.Sort(decls)
	code = strings.Join(decls, "\n\x00")

	inFunc := func(pos token.Pos) *ast.FuncDecl {
		for _, fd := range funcs {
			if fd.Pos() <= pos && pos < fd.End() {
				return fd
			}
		}
		return nil
	}
	ast.Inspect(f, func(n ast.Node) bool {
		call, isCall := n.(*ast.CallExpr)
		if !isCall || len(call.Args) != 2 || !isCacheValue(call.Fun, local) {
			return true
		}
		arg := call.Args[1]
		h := sha256.New()
		h.Write([]byte(text(arg)))
		if fd := inFunc(call.Pos()); fd != nil && readsLocals(arg, fd) {
			h.Write([]byte("\x00enclosing\x00" + text(fd)))
		}
		calls = append(calls, callKey{fset.Position(call.Pos()).Line, hex.EncodeToString(h.Sum(nil))[:32]})
		return true
	})
	return code, calls, true
}

// isCacheValue matches cache.Value and cache.Value[T].
func isCacheValue(fun ast.Expr, local string) bool {
	switch e := fun.(type) {
	case *ast.IndexExpr:
		fun = e.X
	case *ast.IndexListExpr:
		fun = e.X
	}
	sel, ok := fun.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Value" {
		return false
	}
	id, ok := sel.X.(*ast.Ident)
	return ok && id.Name == local && id.Obj == nil
}

// readsLocals reports whether expr refers to a variable, constant or type
// declared inside fd (a parameter or a local) but outside expr itself.
func readsLocals(expr ast.Expr, fd *ast.FuncDecl) bool {
	found := false
	ast.Inspect(expr, func(n ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok || id.Obj == nil || found {
			return !found
		}
		decl, ok := id.Obj.Decl.(ast.Node)
		if !ok {
			return true
		}
		p := decl.Pos()
		if fd.Pos() <= p && p < fd.End() && !(expr.Pos() <= p && p < expr.End()) {
			found = true
		}
		return !found
	})
	return found
}

// workspaceKey hashes what the cell's packages are built from besides
// main.go: go.mod and go.sum (module versions), and for each module go.work
// uses, its source files' names, sizes and modification times.
func workspaceKey(h io.Writer, dir string) {
	for _, name := range []string{"go.mod", "go.sum", "go.work"} {
		writeFile(h, filepath.Join(dir, name))
	}
	roots, _ := workspaceRoots(dir)
	for _, root := range roots {
		stampTree(h, root, func(name string) bool {
			return strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || name == "testdata" || name == "node_modules"
		}, func(name string) bool {
			return (strings.HasSuffix(name, ".go") && !strings.HasSuffix(name, "_test.go")) ||
				strings.HasSuffix(name, ".s") || strings.HasSuffix(name, ".c") || strings.HasSuffix(name, ".h") || name == "go.mod"
		})
	}
}

// workspaceRoots lists the folders of the modules go.work in dir uses,
// other than dir itself (none without a go.work).
func workspaceRoots(dir string) ([]string, error) {
	work, err := os.ReadFile(filepath.Join(dir, "go.work"))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	wf, err := modfile.ParseWork("go.work", work, nil)
	if err != nil {
		return nil, err
	}
	var roots []string
	for _, u := range wf.Use {
		root := u.Path
		if !filepath.IsAbs(root) {
			root = filepath.Join(dir, root)
		}
		if same, _ := filepath.Abs(root); same != dir {
			roots = append(roots, root)
		}
	}
	return roots, nil
}

// stampTree hashes the path, size and modification time of each file under
// root that keep accepts, in folders skipDir does not skip.
func stampTree(h io.Writer, root string, skipDir, keep func(name string) bool) {
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			fmt.Fprintf(h, "%s unreadable\n", p)
			return nil
		}
		name := d.Name()
		if d.IsDir() {
			if p != root && skipDir(name) {
				return filepath.SkipDir
			}
			return nil
		}
		if !keep(name) {
			return nil
		}
		if info, err := d.Info(); err == nil {
			fmt.Fprintf(h, "%s %d %d\n", p, info.Size(), info.ModTime().UnixNano())
		}
		return nil
	})
}

// writeFile hashes a file's path and contents ("<missing>" when it cannot be
// read).
func writeFile(h io.Writer, path string) {
	b, err := os.ReadFile(path)
	if err != nil {
		b = []byte("<missing>")
	}
	h.Write([]byte(path + "\n"))
	h.Write(b)
	h.Write([]byte{0})
}
