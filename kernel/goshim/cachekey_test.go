package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// cell is a main.go as GoNB writes it: the notebook's declarations, then
// main with the current cell's statements.
func cell(decls, body string) string {
	return "package main\n\nimport (\n\t\"fmt\"\n\n\t\"github.com/gonotebooks/descent/cache\"\n)\n\n" +
		decls + "\n\nfunc main() {\n" + body + "\n}\n"
}

func keysOf(t *testing.T, src string) (string, []callKey) {
	t.Helper()
	code, calls, ok := cacheKeys([]byte(src))
	if !ok {
		t.Fatalf("cacheKeys did not see the cache import in:\n%s", src)
	}
	return code, calls
}

func TestCacheKeys(t *testing.T) {
	const train = "func train() int { fmt.Println(\"training\"); return 42 }"
	code1, calls1 := keysOf(t, cell(train, `m := cache.Value("m", train)
fmt.Println(m)`))
	if len(calls1) != 1 || calls1[0].line != 12 {
		t.Fatalf("calls = %+v, want one on line 12 (the first of main)", calls1)
	}
	// Another cell, same declarations, same compute argument: same keys.
	code2, calls2 := keysOf(t, cell(train, `fmt.Println("plotting")
m := cache.Value("m", train)
fmt.Println(m * 2)`))
	if code2 != code1 || calls2[0].key != calls1[0].key {
		t.Error("a cell that differs only in its own statements changed the keys")
	}
	// A declaration changed: another code key.
	code3, _ := keysOf(t, cell(strings.Replace(train, "42", "43", 1), `m := cache.Value("m", train)`))
	if code3 == code1 {
		t.Error("editing the compute function did not change the code key")
	}
	// Another compute argument: another call key.
	_, calls4 := keysOf(t, cell(train, `m := cache.Value("m", func() int { return train() + 1 })`))
	if calls4[0].key == calls1[0].key {
		t.Error("a different compute argument kept the call key")
	}
	// A closure over a local: the cell's text is in the key, so a new value
	// of the local is a new key, and the same cell gives the same key.
	local := func(epochs string) string {
		_, calls := keysOf(t, cell(train, "epochs := "+epochs+"\nm := cache.Value(\"m\", func() int { return train() * epochs })\nfmt.Println(m)"))
		return calls[0].key
	}
	if local("50") == local("60") {
		t.Error("a closure over a local variable kept its key when the variable's value changed")
	}
	if local("50") != local("50") {
		t.Error("the same cell gave two keys")
	}
	// Generic instantiation and a renamed import are recognised.
	_, calls5 := keysOf(t, strings.Replace(cell(train, `m := c.Value[int]("m", train)`), "\t\"github.com/gonotebooks/descent/cache\"", "\tc \"github.com/gonotebooks/descent/cache\"", 1))
	if len(calls5) != 1 {
		t.Errorf("c.Value[int] under a renamed import not found: %+v", calls5)
	}
	// No import, no keys.
	if _, _, ok := cacheKeys([]byte("package main\n\nfunc main() {}\n")); ok {
		t.Error("keys for a cell that does not import the cache package")
	}
}

// The code key follows the sources of the modules go.work uses: editing a
// file of the checkout changes it.
func TestCacheFlagsFollowWorkspaceSources(t *testing.T) {
	dir, lib := t.TempDir(), t.TempDir()
	writeFiles(t, lib, map[string]string{"go.mod": "module example.com/lib\n\ngo 1.26\n", "lib.go": "package lib\n\nconst N = 1\n"})
	writeFiles(t, dir, map[string]string{
		"go.mod":  "module cell\n\ngo 1.26\n",
		"go.work": "go 1.26\n\nuse (\n\t.\n\t" + lib + "\n)\n",
		"main.go": cell("", `fmt.Println(cache.Value("n", func() int { return 1 }))`),
	})
	codeKey := func() string {
		for _, f := range cacheFlags(dir) {
			if v, ok := strings.CutPrefix(f, cachePkg+".codeKey="); ok {
				return v
			}
		}
		t.Fatal("no codeKey flag")
		return ""
	}
	before := codeKey()
	if err := os.WriteFile(filepath.Join(lib, "lib.go"), []byte("package lib\n\nconst N = 2 // edited\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if codeKey() == before {
		t.Error("editing a workspace module's source did not change the code key")
	}
}

// Two calls on one line cannot be told apart at run time (the cache knows
// its caller's line, not its column): that line gets no key.
func TestCacheFlagsSkipLinesWithTwoCalls(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"go.mod":  "module cell\n\ngo 1.26\n",
		"main.go": cell("", "a := cache.Value(\"x\", func() int { return 1 }) + cache.Value(\"x\", func() int { return 2 })\nb := cache.Value(\"y\", func() int { return 3 })\nfmt.Println(a, b)"),
	})
	var keys string
	for _, f := range cacheFlags(dir) {
		if v, ok := strings.CutPrefix(f, cachePkg+".callKeys="); ok {
			keys = v
		}
	}
	if strings.Contains(keys, "12:") || !strings.Contains(keys, "13:") || strings.Count(keys, ":") != 1 {
		t.Errorf("callKeys = %q, want only line 13 (line 12 holds two calls)", keys)
	}
}
