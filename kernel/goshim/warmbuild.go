package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"go/parser"
	"go/token"
	"io"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/mod/modfile"

	"github.com/gonotebooks/descent/internal/atomicfile"
)

// The warm path. Before a cell's go build compiles anything, the go command
// spends about 90 ms loading some 190 packages and checking each against the
// build cache. Its answer is the same from cell to cell as long as nothing
// the packages are built from changed: the import configuration it hands the
// linker names the compiled form (in the build cache) of every package of
// the program, and the compiler's names those of the cell's imports. So
// after each go build of a cell the shim keeps the linker's configuration
// (merged with the earlier ones of the same key, warmKey) and the compile
// and link commands; for a later cell with the same key whose imports the
// kept configuration has, it writes the compiler's configuration and runs
// the compiler and linker itself on the new main.go. A package compiles to
// the same thing whichever cell imports it, so a configuration that names
// more packages than a cell uses links the same program. Anything out of
// the ordinary keeps the go command: a cell folder with other sources, cgo
// or embedded files, build flags from GoNB, a go env file setting what the
// compiler or linker reads, and any failure of the warm path (a compile
// error included: the go command then reports it in its usual form).

// warmDir is the folder in the cell's folder where the warm path keeps the
// linker's import configuration (importcfg.link) and the commands
// (state.json).
const warmDir = ".gd-warm"

// warmState is warmDir/state.json.
type warmState struct {
	Key string `json:"key"`
	// Compile and Link are the commands, with objPlaceholder for the go
	// command's object folder (the compiler's import configuration is
	// written there), stateMark for warmDir, outPlaceholder for the binary
	// and ldflagsPlaceholder where the shim's linker flags go.
	Compile []string `json:"compile"`
	Link    []string `json:"link"`
}

const (
	objPlaceholder     = "{obj}"
	stateMark          = "{state}"
	outPlaceholder     = "{out}"
	ldflagsPlaceholder = "{ldflags}"
)

// warmBuild is the warm path for one go build; nil when the build cannot
// take it. Its methods accept a nil receiver.
type warmBuild struct {
	dir, out string
	files    []string // the cell's Go files, absolute, sorted
	imports  []string // their imports
	key      string
}

// newWarmBuild checks that a build of the cell in dir with these go build
// arguments (GoNB's "-o binary") can take the warm path, and computes its
// key.
func newWarmBuild(dir, real string, args []string) *warmBuild {
	if dir == "" || os.Getenv("GD_GOSHIM_WARM") == "off" || !isGoNBCell(dir) || len(args) != 2 || args[0] != "-o" {
		return nil
	}
	env, ok := goEnvFile()
	if !ok {
		return nil
	}
	files, imports, ok := plainSources(dir)
	if !ok {
		return nil
	}
	out := args[1]
	if !filepath.IsAbs(out) {
		out = filepath.Join(dir, out)
	}
	key, err := warmKey(dir, real, args, files, env)
	if err != nil {
		return nil
	}
	return &warmBuild{dir: dir, out: out, files: files, imports: imports, key: key}
}

// goEnvFile reads the go command's environment file (go env -w) and tells
// whether it only sets what the go command alone reads. The go command puts
// the others (GOAMD64, CGO_CFLAGS, GOEXPERIMENT, ...) in the environment of
// the compiler and linker, where the warm path would miss them.
func goEnvFile() (content []byte, ok bool) {
	path := os.Getenv("GOENV")
	if path == "off" {
		return nil, true
	}
	if path == "" {
		cfg, err := os.UserConfigDir()
		if err != nil {
			return nil, true
		}
		path = filepath.Join(cfg, "go", "env")
	}
	b, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return nil, true
	}
	if err != nil {
		return nil, false
	}
	goOnly := []string{"GOFLAGS", "GOTOOLCHAIN", "GOPROXY", "GOSUMDB", "GONOSUMDB", "GONOPROXY", "GOPRIVATE",
		"GOINSECURE", "GOVCS", "GOAUTH", "GOTELEMETRY", "GOTELEMETRYDIR", "GOPATH", "GOMODCACHE", "GOCACHE"}
	for _, line := range strings.Split(string(b), "\n") {
		name, value, found := strings.Cut(strings.TrimSpace(line), "=")
		if !found || strings.HasPrefix(name, "#") {
			continue
		}
		if !slices.Contains(goOnly, name) || (name == "GOFLAGS" && strings.Contains(value, "trimpath")) {
			return nil, false
		}
	}
	return b, !strings.Contains(os.Getenv("GOFLAGS"), "trimpath")
}

// plainSources lists the cell folder's Go files and their imports when they
// are plain Go the warm path can compile as the go command would: no tests,
// no other sources, no cgo, no embedded files, no build constraints.
func plainSources(dir string) (files, imports []string, ok bool) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, nil, false
	}
	for _, e := range entries {
		name := e.Name()
		ext := filepath.Ext(name)
		switch {
		case e.IsDir():
		case ext == ".go":
			if strings.HasSuffix(name, "_test.go") {
				return nil, nil, false
			}
			files = append(files, filepath.Join(dir, name))
		case slices.Contains([]string{".s", ".S", ".sx", ".c", ".cc", ".cpp", ".cxx", ".h", ".hh", ".hpp", ".hxx", ".m", ".f", ".F", ".for", ".f90", ".syso", ".swig", ".swigcxx"}, ext):
			return nil, nil, false
		}
	}
	if len(files) == 0 {
		return nil, nil, false
	}
	fset := token.NewFileSet()
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil || bytes.Contains(src, []byte("//go:embed")) || bytes.Contains(src, []byte("//go:build")) || bytes.Contains(src, []byte("// +build")) {
			return nil, nil, false
		}
		parsed, err := parser.ParseFile(fset, f, src, parser.ImportsOnly)
		if err != nil {
			return nil, nil, false
		}
		for _, imp := range parsed.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			if p == "C" {
				return nil, nil, false
			}
			imports = append(imports, p)
		}
	}
	slices.Sort(imports)
	return files, slices.Compact(imports), true
}

// warmKey hashes everything the go command's answer depends on besides the
// cell's code: the go command (path, size, time) and the whole environment,
// the go env file, the build's arguments, the names of the cell's files, the
// module files of the cell, and every file (path, size, time) of the
// workspace's other modules and of the folders they are replaced by.
// Modules from the module cache are fixed by their versions, which the
// module files name.
func warmKey(dir, real string, args, files []string, goEnv []byte) (string, error) {
	h := sha256.New()
	fmt.Fprintf(h, "warm v1\n%s\n", real)
	fi, err := os.Stat(real)
	if err != nil {
		return "", err
	}
	fmt.Fprintf(h, "%d %d\n", fi.Size(), fi.ModTime().UnixNano())
	env := slices.Clone(os.Environ())
	slices.Sort(env)
	fmt.Fprintf(h, "env\n%s\n\x00%s\x00%q\n%q\n", strings.Join(env, "\n"), goEnv, args, files)
	for _, name := range []string{"go.mod", "go.sum", "go.work", "go.work.sum"} {
		writeFile(h, filepath.Join(dir, name))
	}
	roots, err := workspaceRoots(dir)
	if err != nil {
		return "", err
	}
	roots = append(roots, localReplacements(dir, roots)...)
	for _, root := range roots {
		// Every file but those in hidden folders (.git, .venv), which the go
		// command leaves out of modules: any may be embedded.
		stampTree(h, root, func(name string) bool { return strings.HasPrefix(name, ".") }, func(string) bool { return true })
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// localReplacements lists the folders that replace directives in go.work and
// in the go.mod files of dir and roots point to.
func localReplacements(dir string, roots []string) []string {
	var out []string
	add := func(base, path string) {
		if !modfile.IsDirectoryPath(path) {
			return
		}
		if !filepath.IsAbs(path) {
			path = filepath.Join(base, path)
		}
		if path = filepath.Clean(path); path != dir && !slices.Contains(roots, path) && !slices.Contains(out, path) {
			out = append(out, path)
		}
	}
	if b, err := os.ReadFile(filepath.Join(dir, "go.work")); err == nil {
		if wf, err := modfile.ParseWork("go.work", b, nil); err == nil {
			for _, r := range wf.Replace {
				add(dir, r.New.Path)
			}
		}
	}
	for _, root := range append([]string{dir}, roots...) {
		if b, err := os.ReadFile(filepath.Join(root, "go.mod")); err == nil {
			if mf, err := modfile.ParseLax("go.mod", b, nil); err == nil {
				for _, r := range mf.Replace {
					add(root, r.New.Path)
				}
			}
		}
	}
	return out
}

// run builds the cell the warm way if the key matches the kept one and the
// kept configuration has every package the cell imports. It reports whether
// it built the cell; when not, nothing has changed.
func (w *warmBuild) run(ld, env []string, rec *timing) bool {
	if w == nil {
		return false
	}
	state := filepath.Join(w.dir, warmDir)
	b, err := os.ReadFile(filepath.Join(state, "state.json"))
	if err != nil {
		return false
	}
	var st warmState
	if json.Unmarshal(b, &st) != nil || st.Key != w.key || len(st.Compile) == 0 || len(st.Link) == 0 {
		return false
	}
	packages, _, err := readImportcfg(filepath.Join(state, "importcfg.link"))
	if err != nil {
		return false
	}
	cfg := []byte("# import config\n")
	for _, p := range w.imports {
		file, ok := packages[p]
		if p == "unsafe" {
			continue // the compiler's own
		}
		if !ok {
			logf("warm path: %s not among the kept packages", p)
			return false
		}
		cfg = fmt.Appendf(cfg, "packagefile %s=%s\n", p, file)
	}
	obj, err := os.MkdirTemp(w.dir, ".gd-obj-")
	if err != nil {
		return false
	}
	defer os.RemoveAll(obj)
	if os.WriteFile(filepath.Join(obj, "importcfg"), cfg, 0o644) != nil {
		return false
	}
	tmpOut := w.out + ".gd-new"
	defer os.Remove(tmpOut)
	fill := func(argv []string) []string {
		var out []string
		for _, a := range argv {
			switch a {
			case ldflagsPlaceholder:
				out = append(out, ld...)
			case outPlaceholder:
				out = append(out, tmpOut)
			default:
				a = strings.ReplaceAll(a, objPlaceholder, obj)
				out = append(out, strings.ReplaceAll(a, stateMark, state))
			}
		}
		return out
	}
	tool := func(argv []string, env []string) (time.Duration, bool) {
		start := time.Now()
		cmd := exec.Command(argv[0], argv[1:]...)
		cmd.Dir, cmd.Env = w.dir, env
		out, err := cmd.CombinedOutput()
		if err != nil {
			logf("warm path: %s failed, the go command builds instead: %v\n%s", filepath.Base(argv[0]), err, out)
			return 0, false
		}
		return time.Since(start), true
	}
	// The go command gives its tools its GOROOT in the environment.
	compileArgs, linkArgs := fill(st.Compile), fill(st.Link)
	env = append(slices.Clone(env), "GOROOT="+toolRoot(linkArgs[0]))
	compile, ok := tool(compileArgs, env)
	if !ok {
		return false
	}
	link, ok := tool(linkArgs, env)
	if !ok || os.Rename(tmpOut, w.out) != nil {
		return false
	}
	rec.CompileMs, rec.LinkMs, rec.Warm = ms(compile), ms(link), true
	return true
}

// toolRoot is the GOROOT of a tool in GOROOT/pkg/tool/GOOS_GOARCH.
func toolRoot(tool string) string {
	return filepath.Dir(filepath.Dir(filepath.Dir(filepath.Dir(tool))))
}

// readImportcfg reads an import configuration as the go command writes it:
// "packagefile path=file" lines, comments, and (for the linker) one
// "modinfo" line, which it returns as it is. Anything else is an error.
func readImportcfg(path string) (packages map[string]string, modinfo string, err error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, "", err
	}
	packages = map[string]string{}
	for _, line := range strings.Split(string(b), "\n") {
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
		case strings.HasPrefix(line, "modinfo "):
			modinfo = line
		case strings.HasPrefix(line, "packagefile "):
			p, file, ok := strings.Cut(strings.TrimPrefix(line, "packagefile "), "=")
			if !ok || p == "" || file == "" {
				return nil, "", fmt.Errorf("%s: line %q", path, line)
			}
			packages[p] = file
		default:
			return nil, "", fmt.Errorf("%s: line %q", path, line)
		}
	}
	return packages, modinfo, nil
}

// save keeps what a successful go build of the cell (its action graph and
// its work folder) says the warm path needs: the compile and link commands,
// and the linker's import configuration merged with the one kept for the
// same key. It keeps nothing new when the build is not as expected, or when
// it compiled the cell from the build cache (its command is not in the
// graph then) or some package afresh (the configurations then name files in
// the work folder, which goes; the next go build finds them in the cache).
func (w *warmBuild) save(actions []action, work string, ld []string) {
	if w == nil {
		return
	}
	state := filepath.Join(w.dir, warmDir)
	var old warmState
	if b, err := os.ReadFile(filepath.Join(state, "state.json")); err == nil {
		json.Unmarshal(b, &old)
	}
	st, obj, err := w.commands(actions, work, ld)
	var linkCfg []byte
	if err == nil {
		linkCfg, err = w.mergeImportcfg(obj, work, old.Key == w.key)
	}
	if err != nil {
		logf("warm path: not for this cell: %v", err)
		return
	}
	b, err := json.Marshal(st)
	if err != nil || os.MkdirAll(state, 0o755) != nil || atomicfile.Write(filepath.Join(state, "importcfg.link"), linkCfg, 0o644) != nil {
		return
	}
	atomicfile.Write(filepath.Join(state, "state.json"), b, 0o644)
}

// mergeImportcfg checks the go command's two import configurations in obj
// against each other and returns the linker's, with the packages of the
// kept one added when the key is the same (a package named in both with two
// different files drops the kept one).
func (w *warmBuild) mergeImportcfg(obj, work string, sameKey bool) ([]byte, error) {
	compile, _, err := readImportcfg(filepath.Join(obj, "importcfg"))
	if err != nil {
		return nil, err
	}
	link, modinfo, err := readImportcfg(filepath.Join(obj, "importcfg.link"))
	if err != nil {
		return nil, err
	}
	for p, file := range compile {
		if link[p] != file {
			return nil, fmt.Errorf("the compiler's %s=%s is not the linker's %q", p, file, link[p])
		}
	}
	for p, file := range link {
		switch {
		case strings.HasPrefix(file, obj):
			delete(link, p) // the cell itself, which the link is given directly
		case strings.HasPrefix(file, work+string(filepath.Separator)):
			return nil, fmt.Errorf("%s was compiled in this build", p)
		}
	}
	if sameKey {
		kept, _, err := readImportcfg(filepath.Join(w.dir, warmDir, "importcfg.link"))
		merged := maps.Clone(link)
		for p, file := range kept {
			if f, ok := merged[p]; ok && f != file {
				err = fmt.Errorf("%s changed", p)
				break
			}
			merged[p] = file
		}
		if err == nil {
			link = merged
		}
	}
	out := []byte("# import config\n")
	for _, p := range slices.Sorted(maps.Keys(link)) {
		out = fmt.Appendf(out, "packagefile %s=%s\n", p, link[p])
	}
	if modinfo != "" {
		out = append(append(out, modinfo...), '\n')
	}
	return out, nil
}

// commands finds the cell's compile and link in a go build's action graph
// and turns them into warmState's templates; it also returns the go
// command's object folder of the cell.
func (w *warmBuild) commands(actions []action, work string, ld []string) (warmState, string, error) {
	var compile, link *action
	for i, a := range actions {
		switch {
		case a.Mode == "link":
			link = &actions[i]
		case a.Mode == "build" && len(a.Cmd) > 0 && strings.Contains(a.Cmd[0], " -p main "):
			compile = &actions[i]
		}
	}
	if compile == nil || link == nil || work == "" {
		return warmState{}, "", fmt.Errorf("no compile and link of the cell in the action graph")
	}
	obj := link.Objdir
	if len(compile.Cmd) != 1 || len(link.Cmd) != 1 || compile.Objdir != obj || !strings.HasPrefix(obj, work+string(filepath.Separator)) {
		return warmState{}, "", fmt.Errorf("the cell's compile and link are not one command each in the work folder")
	}
	cArgs, err1 := splitCommand(compile.Cmd[0])
	lArgs, err2 := splitCommand(link.Cmd[0])
	if err1 != nil || err2 != nil {
		return warmState{}, "", fmt.Errorf("commands not understood: %v, %v", err1, err2)
	}
	if filepath.Base(cArgs[0]) != "compile" || filepath.Base(lArgs[0]) != "link" || filepath.Base(filepath.Dir(filepath.Dir(lArgs[0]))) != "tool" {
		return warmState{}, "", fmt.Errorf("unexpected tools %s and %s", cArgs[0], lArgs[0])
	}
	// The compile's sources must be the cell's files, at the end.
	if n := len(w.files); len(cArgs) <= n || !slices.Equal(cArgs[len(cArgs)-n:], w.files) {
		return warmState{}, "", fmt.Errorf("the compile's sources are not the cell's files %q", w.files)
	}
	// The linker flags, as one placeholder; the output, as another.
	at := -1
	for i := range lArgs {
		if i+len(ld) <= len(lArgs) && slices.Equal(lArgs[i:i+len(ld)], ld) {
			at = i
			break
		}
	}
	o := slices.Index(lArgs, "-o")
	if at < 0 || o < 0 || o+1 >= len(lArgs) || (o+1 >= at && o+1 < at+len(ld)) {
		return warmState{}, "", fmt.Errorf("the link's flags or output not found")
	}
	lArgs[o+1] = outPlaceholder
	lArgs = slices.Replace(lArgs, at, at+len(ld), ldflagsPlaceholder)
	// The go build's build IDs go: a binary carrying them would pass, with
	// the go command, for that build's, and a later go build of that code
	// would keep it as up to date.
	cArgs, lArgs = withoutBuildID(cArgs), withoutBuildID(lArgs)
	dir := strings.TrimSuffix(obj, string(filepath.Separator))
	template := func(argv []string) ([]string, bool) {
		out := make([]string, len(argv))
		for i, a := range argv {
			if a == obj+"importcfg.link" {
				a = filepath.Join(stateMark, "importcfg.link")
			}
			a = strings.ReplaceAll(a, dir, objPlaceholder)
			if strings.Contains(a, work) {
				return nil, false // something else in the work folder
			}
			out[i] = a
		}
		return out, true
	}
	c, ok1 := template(cArgs)
	l, ok2 := template(lArgs)
	if !ok1 || !ok2 || !slices.Contains(c, filepath.Join(objPlaceholder, "importcfg")) || !slices.Contains(l, filepath.Join(stateMark, "importcfg.link")) {
		return warmState{}, "", fmt.Errorf("the commands use the work folder in other ways than expected")
	}
	return warmState{Key: w.key, Compile: c, Link: l}, obj, nil
}

// withoutBuildID drops "-buildid id" and "-buildid=id" from a command.
func withoutBuildID(argv []string) []string {
	var out []string
	for i := 0; i < len(argv); i++ {
		switch {
		case argv[i] == "-buildid":
			i++
		case !strings.HasPrefix(argv[i], "-buildid="):
			out = append(out, argv[i])
		}
	}
	return out
}

// splitCommand splits a command line as the go command writes one in its
// action graph: arguments separated by spaces, those that need it quoted as
// Go strings.
func splitCommand(line string) ([]string, error) {
	var args []string
	for line != "" {
		if line[0] == ' ' {
			line = line[1:]
			continue
		}
		if line[0] != '"' {
			arg, rest, _ := strings.Cut(line, " ")
			if strings.ContainsAny(arg, "\"'\\\n") {
				return nil, fmt.Errorf("argument %q", arg)
			}
			args, line = append(args, arg), rest
			continue
		}
		quoted, err := strconv.QuotedPrefix(line)
		if err != nil {
			return nil, err
		}
		arg, _ := strconv.Unquote(quoted)
		args, line = append(args, arg), line[len(quoted):]
		if line != "" && line[0] != ' ' {
			return nil, fmt.Errorf("no space after %s", quoted)
		}
	}
	if len(args) == 0 {
		return nil, io.ErrUnexpectedEOF
	}
	return args, nil
}
