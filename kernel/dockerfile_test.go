package main

// The Docker image cannot be built on the machines that run this suite (no
// Docker engine), so this test reads the Dockerfile the way BuildKit does —
// with BuildKit's own parser, and each RUN script with a real shell parser —
// and checks the promises the image makes: a pinned base image, the same Go as
// go.mod's toolchain (checksummed), the same requirements file and kernel
// install command as CI, an unprivileged final user, Jupyter's authentication
// left on, no sudo, no download piped into a shell, a health check, a header
// that publishes the port on 127.0.0.1 only, Python packages installed from
// the hashed lock file, and a .dockerignore that is an allowlist. Each check also
// runs against mutated copies of the Dockerfile, which must fail it.

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	dfparser "github.com/moby/buildkit/frontend/dockerfile/parser"
	"github.com/moby/buildkit/frontend/dockerfile/shell"
	"github.com/moby/patternmatcher"
	"github.com/moby/patternmatcher/ignorefile"
	"golang.org/x/mod/modfile"
	"mvdan.cc/sh/v3/syntax"

	"github.com/gonotebooks/descent/kernel/jupyter"
)

// baseImage is the image the Dockerfile must start from, at a dated tag
// (docker-stacks' YYYY-MM-DD builds) or a 12-digit commit tag, and by digest.
const baseImage = "quay.io/jupyter/base-notebook"

var (
	specificTag = regexp.MustCompile(`^(\d{4}-\d{2}-\d{2}|[0-9a-f]{12})$`)
	imageDigest = regexp.MustCompile(`^sha256:[0-9a-f]{64}$`)
	// A `docker run` in the Dockerfile's comments that publishes a port.
	publishedPort = regexp.MustCompile(`docker run\b.*\s-p\s+(\S+)`)
)

// baseImageEnv is the environment docker-stacks' images define and the
// Dockerfile uses (CONDA_DIR, NB_USER, ...): the values its ${...} expand to.
var baseImageEnv = map[string]string{
	"CONDA_DIR": "/opt/conda",
	"NB_USER":   "jovyan",
	"NB_UID":    "1000",
	"NB_GID":    "100",
	"HOME":      "/home/jovyan",
	"PATH":      "/opt/conda/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
}

// Settings that would switch Jupyter's authentication or its request checks
// off, in any spelling an instruction, a config file or a flag could use.
var authDisabling = []*regexp.Regexp{
	regexp.MustCompile(`(?i)(ServerApp|NotebookApp|IdentityProvider|PasswordIdentityProvider)\.(token|password)\s*=\s*(''|""|\s|$|\\?["']\s)`),
	regexp.MustCompile(`(?i)(ServerApp|NotebookApp)\.disable_check_xsrf\s*=\s*["']?true`),
	regexp.MustCompile(`(?i)(ServerApp|NotebookApp)\.allow_origin\s*=\s*["']?\*`),
	regexp.MustCompile(`(?i)(ServerApp|NotebookApp)\.allow_remote_access\s*=\s*["']?true`),
	regexp.MustCompile(`(?i)IdentityProvider\.token\s*=\s*["']?\s*$`),
}

// Listening is the base image's business (start-notebook.py and its
// jupyter_server_config.py); the Dockerfile must not move it.
var listenOverride = regexp.MustCompile(`(?i)(--ip[= ]|(ServerApp|NotebookApp)\.ip\s*=)`)

var sudoWord = regexp.MustCompile(`\bsudo\b|\bsudoers\b|NOPASSWD`)

var (
	downloaders  = []string{"curl", "wget", "aria2c", "fetch"}
	interpreters = []string{"sh", "bash", "dash", "zsh", "ksh", "ash", "fish", "busybox", "python", "python3", "perl", "ruby", "node", "php", "source", ".", "eval"}
	goArchive    = regexp.MustCompile(`/go(\d+\.\d+(?:\.\d+)?)\.linux-([a-z0-9]+)\.tar\.gz$`)
	sha256Hex    = regexp.MustCompile(`\b[0-9a-f]{64}\b`)
)

// imageCheck collects what is wrong with one Dockerfile and .dockerignore.
type imageCheck struct {
	toolchain string   // go.mod's toolchain line, e.g. "go1.26.8"
	goBins    []string // where the checked Go archives' bin directories end up
	problems  []string
}

func (c *imageCheck) problemf(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if !slices.Contains(c.problems, msg) {
		c.problems = append(c.problems, msg)
	}
}

// shellCall is one simple command of a RUN script (or a script the image
// writes), with the variables known at that point expanded.
type shellCall struct {
	args    []string
	assigns map[string]string
	offset  uint // position in its script, to order the calls of one RUN
}

func (s shellCall) name() string {
	if len(s.args) == 0 {
		return ""
	}
	return path.Base(s.args[0])
}

// copyOp is a COPY or ADD from the build context.
type copyOp struct {
	sources []string
	dest    string // absolute
	destDir bool   // dest names a directory
}

// landsAt returns where a context file ends up in the image, or "" when this
// copy does not bring it.
func (o copyOp) landsAt(file string) string {
	for _, s := range o.sources {
		s = strings.TrimPrefix(path.Clean(s), "./")
		switch {
		case s == ".":
			return path.Join(o.dest, file)
		case s == file || globMatch(s, file):
			if o.destDir || s != file {
				return path.Join(o.dest, path.Base(file))
			}
			return o.dest
		case strings.HasPrefix(file, s+"/"):
			return path.Join(o.dest, strings.TrimPrefix(file, s+"/"))
		}
	}
	return ""
}

// stageState follows one build stage instruction by instruction.
type stageState struct {
	env     map[string]string
	user    string
	workdir string
	copies  []copyOp
	escape  rune
}

func (s *stageState) expand(word string) (string, error) {
	var kv []string
	for k, v := range s.env {
		kv = append(kv, k+"="+v)
	}
	out, _, err := shell.NewLex(s.escape).ProcessWord(word, shell.EnvsFromSlice(kv))
	return out, err
}

func (s *stageState) abs(p string) string {
	if path.IsAbs(p) {
		return path.Clean(p)
	}
	return path.Join(s.workdir, p)
}

// kernelInstall is a RUN of `go run ./kernel install`, with its context.
type kernelInstall struct {
	call    shellCall
	env     map[string]string
	user    string
	workdir string
	copies  []copyOp
}

// checkImage checks a Dockerfile and its .dockerignore.
func checkImage(dockerfile, dockerignore []byte, toolchain string) []string {
	c := &imageCheck{toolchain: toolchain}
	c.checkHeader(dockerfile)
	c.checkDockerfile(dockerfile)
	c.checkDockerignore(dockerignore)
	return c.problems
}

func (c *imageCheck) checkDockerfile(data []byte) {
	res, err := dfparser.Parse(bytes.NewReader(data))
	if err != nil {
		c.problemf("Dockerfile does not parse: %v", err)
		return
	}
	stages, metaArgs, err := instructions.Parse(res.AST, nil)
	if err != nil {
		c.problemf("Dockerfile instructions do not parse: %v", err)
		return
	}
	if len(stages) == 0 {
		c.problemf("Dockerfile has no FROM")
		return
	}
	global := map[string]string{}
	for _, a := range metaArgs {
		for _, kv := range a.Args {
			if kv.Value != nil {
				global[kv.Key] = *kv.Value
			}
		}
	}
	stageNames := map[string]bool{}
	var installs []kernelInstall
	var goVersions []string
	for i := range stages {
		st := &stages[i]
		s := &stageState{env: map[string]string{}, workdir: "/", escape: res.EscapeToken}
		for k, v := range global {
			s.env[k] = v
		}
		base, err := s.expand(st.BaseName)
		if err != nil {
			c.problemf("FROM %s: %v", st.BaseName, err)
		}
		if stageNames[strings.ToLower(base)] {
			// Built on an earlier stage: inherit nothing we track, but it is pinned.
		} else {
			c.checkBase(base)
			for k, v := range baseImageEnv {
				s.env[k] = v
			}
			s.workdir = baseImageEnv["HOME"]
			s.user = baseImageEnv["NB_UID"] // docker-stacks images end as the notebook user
		}
		if st.Name != "" {
			stageNames[strings.ToLower(st.Name)] = true
		}
		for _, k := range []string{"TARGETARCH", "TARGETPLATFORM", "BUILDARCH"} {
			delete(s.env, k) // set by BuildKit per build; the scripts' defaults apply here
		}
		ins, vers := c.walkStage(st, s)
		installs = append(installs, ins...)
		goVersions = append(goVersions, vers...)
		c.checkFinalStage(st, s, i == len(stages)-1)
	}
	c.checkGo(goVersions)
	c.checkKernelInstall(installs)
}

// checkBase wants the docker-stacks base-notebook at a specific build.
func (c *imageCheck) checkBase(ref string) {
	name, digest, _ := strings.Cut(ref, "@")
	tag := ""
	if i := strings.LastIndex(name, ":"); i > strings.LastIndex(name, "/") {
		name, tag = name[:i], name[i+1:]
	}
	if name != baseImage {
		c.problemf("FROM %s: the image must build on %s", ref, baseImage)
	}
	switch {
	case tag == "":
		c.problemf("FROM %s: base image is not pinned (no tag); use a dated tag such as %s:2026-07-28", ref, baseImage)
	case tag == "latest":
		c.problemf("FROM %s: base image is pinned to the moving tag latest; use a dated tag", ref)
	case !specificTag.MatchString(tag):
		c.problemf("FROM %s: base image tag %q is not a specific build (want a YYYY-MM-DD or commit tag)", ref, tag)
	}
	if !imageDigest.MatchString(digest) {
		c.problemf("FROM %s: base image is not pinned by digest (want tag@sha256:<64 hex digits>)", ref)
	}
}

// checkHeader wants every `docker run` the comments suggest to publish the
// server's port on 127.0.0.1 only, as docs/docker.md and the README do.
func (c *imageCheck) checkHeader(data []byte) {
	for i, line := range strings.Split(string(data), "\n") {
		if !strings.HasPrefix(strings.TrimSpace(line), "#") {
			continue
		}
		if m := publishedPort.FindStringSubmatch(line); m != nil && !strings.HasPrefix(m[1], "127.0.0.1:") {
			c.problemf("Dockerfile line %d: `docker run -p %s` publishes Jupyter on every interface; use -p 127.0.0.1:8888:8888", i+1, m[1])
		}
	}
}

// walkStage follows the instructions of one stage, checking each, and returns
// the kernel installs and Go archive versions it found.
func (c *imageCheck) walkStage(st *instructions.Stage, s *stageState) (installs []kernelInstall, goVersions []string) {
	for _, cmd := range st.Commands {
		where := fmt.Sprintf("line %d: %s", line(cmd), firstLine(cmd))
		if e, ok := cmd.(instructions.SupportsSingleWordExpansion); ok {
			if _, isRun := cmd.(*instructions.RunCommand); !isRun {
				if err := e.Expand(s.expand); err != nil {
					c.problemf("%s: %v", where, err)
				}
			}
		}
		c.scanText(where, fmt.Sprint(cmd))
		switch cmd := cmd.(type) {
		case *instructions.ArgCommand:
			for _, kv := range cmd.Args {
				if kv.Value != nil {
					s.env[kv.Key] = *kv.Value
				}
			}
		case *instructions.EnvCommand:
			for _, kv := range cmd.Env {
				s.env[kv.Key] = kv.Value
				c.checkEnv(where, kv.Key, kv.Value)
			}
		case *instructions.UserCommand:
			s.user = cmd.User
		case *instructions.WorkdirCommand:
			s.workdir = s.abs(cmd.Path)
		case *instructions.CopyCommand:
			c.addCopy(s, cmd.From, cmd.SourcesAndDest)
			c.scanFiles(where, cmd.SourceContents, s)
		case *instructions.AddCommand:
			c.addCopy(s, "", cmd.SourcesAndDest)
			for _, src := range cmd.SourcePaths {
				if strings.Contains(src, "://") {
					c.problemf("%s: ADD downloads %s unchecked; download in a RUN and verify its checksum", where, src)
				}
			}
			c.scanFiles(where, cmd.SourceContents, s)
		case *instructions.RunCommand:
			scripts := []string{strings.Join(cmd.CmdLine, " ")}
			if !cmd.PrependShell {
				scripts = []string{shellJoin(cmd.CmdLine)}
			}
			for _, f := range cmd.Files {
				scripts = append(scripts, f.Data)
			}
			for _, script := range scripts {
				calls := c.scanShell(where, script, s.env)
				goVersions = append(goVersions, c.checkDownloads(where, calls)...)
				for _, call := range calls {
					if isKernelInstall(call) {
						installs = append(installs, kernelInstall{call: call, env: clone(s.env), user: s.user,
							workdir: s.workdir, copies: slices.Clone(s.copies)})
					}
				}
			}
		}
	}
	return installs, goVersions
}

func (c *imageCheck) addCopy(s *stageState, from string, sd instructions.SourcesAndDest) {
	if from != "" || len(sd.SourcePaths) == 0 {
		return
	}
	dest := sd.DestPath
	s.copies = append(s.copies, copyOp{
		sources: sd.SourcePaths,
		dest:    s.abs(dest),
		destDir: strings.HasSuffix(dest, "/") || dest == "." || len(sd.SourcePaths) > 1,
	})
}

// scanFiles checks files the Dockerfile writes inline (heredocs): the scripts
// among them are parsed like RUN scripts.
func (c *imageCheck) scanFiles(where string, files []instructions.SourceContent, s *stageState) {
	for _, f := range files {
		c.scanText(where+" ("+f.Path+")", f.Data)
		if strings.HasPrefix(f.Data, "#!") && regexp.MustCompile(`^#!\S*(sh|bash)\b`).MatchString(f.Data) {
			c.scanShell(where+" ("+f.Path+")", f.Data, s.env)
		}
	}
}

// scanText checks the text of an instruction or inline file for settings that
// switch authentication off, move the listening address, or use sudo.
func (c *imageCheck) scanText(where, text string) {
	for _, re := range authDisabling {
		if m := re.FindString(text); m != "" {
			c.problemf("%s: disables Jupyter's authentication or request checks (%q); leave the token and password on", where, strings.TrimSpace(m))
		}
	}
	if m := listenOverride.FindString(text); m != "" {
		c.problemf("%s: changes the address Jupyter listens on (%q); keep the base image's", where, strings.TrimSpace(m))
	}
	if m := sudoWord.FindString(text); m != "" {
		c.problemf("%s: uses sudo (%q); the image must not grant or use it", where, m)
	}
}

func (c *imageCheck) checkEnv(where, key, value string) {
	switch strings.ToUpper(key) {
	case "GRANT_SUDO":
		c.problemf("%s: sets GRANT_SUDO, which gives the notebook user sudo", where)
	case "JUPYTER_TOKEN", "JUPYTER_PASSWORD":
		if strings.TrimSpace(value) == "" {
			c.problemf("%s: sets %s empty, which switches authentication off", where, key)
		}
	}
}

// scanShell parses a script as bash (the base image's SHELL) and checks every
// command in it; it returns the simple commands in source order.
func (c *imageCheck) scanShell(where, script string, env map[string]string) []shellCall {
	f, err := syntax.NewParser(syntax.Variant(syntax.LangBash)).Parse(strings.NewReader(script), "")
	if err != nil {
		c.problemf("%s: the shell script does not parse: %v", where, err)
		return nil
	}
	vars := clone(env)
	var calls []shellCall
	syntax.Walk(f, func(n syntax.Node) bool {
		switch n := n.(type) {
		case *syntax.CallExpr:
			call := shellCall{assigns: map[string]string{}, offset: n.Pos().Offset()}
			for _, a := range n.Assigns {
				if a.Name != nil && a.Value != nil {
					call.assigns[a.Name.Value] = wordText(a.Value, vars)
				}
			}
			for _, w := range n.Args {
				call.args = append(call.args, wordText(w, vars))
			}
			if len(call.args) == 0 {
				for k, v := range call.assigns {
					vars[k] = v // a plain assignment: later commands see it
				}
			}
			calls = append(calls, call)
			c.checkCall(where, call, n, vars)
		case *syntax.BinaryCmd:
			if n.Op == syntax.Pipe || n.Op == syntax.PipeAll {
				c.checkPipeline(where, flattenPipe(n), vars)
			}
		}
		return true
	})
	return calls
}

func (c *imageCheck) checkCall(where string, call shellCall, n *syntax.CallExpr, vars map[string]string) {
	name := call.name()
	if name == "sudo" || name == "doas" {
		c.problemf("%s: runs %s; the image must not use it", where, name)
	}
	if isInterpreter(name) {
		// sh -c "$(curl ...)", bash <(wget ...): a download run as a script.
		for _, w := range n.Args[1:] {
			if downloadsInside(w) {
				c.problemf("%s: runs downloaded code with %s; download to a file and verify its checksum", where, name)
			}
		}
		// bash -c '...': check the inner script too.
		for i := 1; i+1 < len(call.args); i++ {
			if call.args[i] == "-c" {
				c.scanShell(where+" ("+name+" -c)", call.args[i+1], vars)
				break
			}
		}
	}
	if isPythonInstall(call) {
		c.problemf("%s: installs Python packages (%s) outside the kernel command; they must come from kernel/requirements.txt through `go run ./kernel install`", where, strings.Join(call.args, " "))
	}
}

// checkPipeline flags a download piped into an interpreter (curl ... | sh).
func (c *imageCheck) checkPipeline(where string, stmts []*syntax.Stmt, vars map[string]string) {
	download := -1
	for i, st := range stmts {
		call, ok := st.Cmd.(*syntax.CallExpr)
		if !ok || len(call.Args) == 0 {
			continue
		}
		name := path.Base(wordText(call.Args[0], vars))
		if slices.Contains(downloaders, name) && download < 0 {
			download = i
		}
		if download >= 0 && i > download && (isInterpreter(name) || name == "sudo") {
			c.problemf("%s: pipes a download into %s; download to a file and verify its checksum", where, name)
		}
	}
}

// checkDownloads finds downloads of Go's release archive in one RUN and wants
// each verified with sha256sum --check before tar unpacks it. It returns the
// Go versions downloaded.
func (c *imageCheck) checkDownloads(where string, calls []shellCall) (versions []string) {
	for _, dl := range calls {
		if !slices.Contains(downloaders, dl.name()) {
			continue
		}
		for _, a := range dl.args[1:] {
			m := goArchive.FindStringSubmatch(a)
			if m == nil {
				continue
			}
			versions = append(versions, m[1])
			checked, checkAt := false, uint(0)
			for _, call := range calls {
				if call.offset > dl.offset && (call.name() == "sha256sum" || call.name() == "shasum") &&
					(slices.Contains(call.args, "-c") || slices.Contains(call.args, "--check")) {
					checked, checkAt = true, call.offset
					break
				}
			}
			if !checked {
				c.problemf("%s: downloads %s without checking its SHA-256 (sha256sum --check) in the same RUN", where, a)
				continue
			}
			for _, call := range calls {
				if call.name() != "tar" || call.offset < dl.offset {
					continue
				}
				if call.offset < checkAt {
					c.problemf("%s: unpacks %s before checking its SHA-256", where, a)
				}
				dir := flagValue(call.args, "C")
				if dir == "" {
					dir = flagValue(call.args, "directory")
				}
				if dir != "" {
					c.goBins = append(c.goBins, path.Join(dir, "go", "bin"))
				}
			}
			pinned := false
			for _, call := range calls {
				for _, v := range call.assigns {
					pinned = pinned || sha256Hex.MatchString(v)
				}
				for _, v := range call.args {
					pinned = pinned || sha256Hex.MatchString(v)
				}
			}
			if !pinned {
				c.problemf("%s: checks %s against no pinned SHA-256 value", where, a)
			}
		}
	}
	return versions
}

// checkFinalStage checks what the image runs with: its user, its health check
// and that Jupyter starts as the base image starts it.
func (c *imageCheck) checkFinalStage(st *instructions.Stage, s *stageState, final bool) {
	if !final {
		return
	}
	var user *instructions.UserCommand
	var health *instructions.HealthCheckCommand
	for _, cmd := range st.Commands {
		switch cmd := cmd.(type) {
		case *instructions.UserCommand:
			user = cmd
		case *instructions.HealthCheckCommand:
			health = cmd
		case *instructions.CmdCommand:
			if !slices.Equal(cmd.CmdLine, []string{"start-notebook.py"}) {
				c.problemf("line %d: CMD %v replaces the base image's start-notebook.py; Jupyter must start (and listen, and authenticate) as the base image starts it", line(cmd), cmd.CmdLine)
			}
		case *instructions.EntrypointCommand:
			c.problemf("line %d: ENTRYPOINT replaces the base image's (tini, start.sh, its start hooks)", line(cmd))
		}
	}
	if user == nil {
		c.problemf("the final stage sets no USER; end with USER ${NB_UID} so the image never runs as root")
	} else if name, _, _ := strings.Cut(user.User, ":"); name == "" || name == "root" || strings.TrimLeft(name, "0") == "" {
		c.problemf("line %d: the final USER is %q (root); end with the unprivileged notebook user, USER ${NB_UID}", line(user), user.User)
	}
	if health == nil {
		c.problemf("no HEALTHCHECK in the final stage")
	} else if len(health.Health.Test) == 0 || strings.EqualFold(health.Health.Test[0], "NONE") {
		c.problemf("line %d: HEALTHCHECK is disabled", line(health))
	}
	if s.env["GOTOOLCHAIN"] != "local" {
		c.problemf("ENV GOTOOLCHAIN=local is missing: the go command could fetch a different toolchain than the pinned one")
	}
}

func (c *imageCheck) checkGo(versions []string) {
	want := strings.TrimPrefix(c.toolchain, "go")
	if len(versions) == 0 {
		c.problemf("no RUN downloads Go's release archive (go%s.linux-<arch>.tar.gz)", want)
	}
	for _, v := range versions {
		if v != want {
			c.problemf("the Dockerfile installs Go %s but go.mod's toolchain is %s", v, c.toolchain)
		}
	}
}

// checkKernelInstall wants the kernel installed the way CI installs it: `go
// run ./kernel install`, run as the notebook user in the copied module, with
// kernel/requirements.txt in place and the image's conda environment as the
// Python environment and kernelspec prefix.
func (c *imageCheck) checkKernelInstall(installs []kernelInstall) {
	if len(installs) == 0 {
		c.problemf("no RUN installs the kernel with `go run ./kernel install` (the command CI's setup runs)")
		return
	}
	for _, in := range installs {
		where := "`" + strings.Join(in.call.args, " ") + "`"
		conda := in.env["CONDA_DIR"]
		venv, ok := in.call.assigns["GD_VENV"]
		if !ok {
			venv = in.env["GD_VENV"]
		}
		if venv != conda {
			c.problemf("%s: GD_VENV is %q, want the image's Python environment %s", where, venv, conda)
		}
		if p := flagValue(in.call.args, "prefix"); p != conda {
			c.problemf("%s: -prefix is %q, want %s so the image's Jupyter finds the kernelspec", where, p, conda)
		}
		if name, _, _ := strings.Cut(in.user, ":"); name == "" || name == "root" || strings.TrimLeft(name, "0") == "" {
			c.problemf("%s: runs as root; install as the notebook user so it owns the caches", where)
		}
		root := in.workdir
		req := (&jupyter.Env{Root: root}).Requirements()
		for _, f := range append([]string{"go.mod", "go.sum", "kernel/requirements.txt", "kernel/requirements.lock"}, kernelSources...) {
			found := false
			for _, cp := range in.copies {
				found = found || cp.landsAt(f) == path.Join(root, f)
			}
			if !found {
				c.problemf("%s: runs in %s, but no earlier COPY puts %s there", where, root, f)
			}
		}
		if req != path.Join(root, "kernel", "requirements.txt") {
			c.problemf("the kernel command installs %s, not kernel/requirements.txt", req)
		}
		onPath := false
		for _, dir := range strings.Split(in.env["PATH"], ":") {
			onPath = onPath || slices.Contains(c.goBins, path.Clean(dir))
		}
		if !onPath {
			c.problemf("%s: PATH %q does not lead to the checked Go archive's bin directory %v", where, in.env["PATH"], c.goBins)
		}
	}
}

// checkDockerignore wants an allowlist: the local environments, kernel
// binaries, reports, test output and any stray file kept out of the build
// context, and the sources kept in.
func (c *imageCheck) checkDockerignore(data []byte) {
	patterns, err := ignorefile.ReadAll(bytes.NewReader(data))
	if err != nil {
		c.problemf(".dockerignore does not parse: %v", err)
		return
	}
	pm, err := patternmatcher.New(patterns)
	if err != nil {
		c.problemf(".dockerignore patterns: %v", err)
		return
	}
	for _, p := range []string{".venv/bin/python", ".gd/bin/gonb", "reports/linear.html", "test-artifacts/e2e/lab.png", ".git/HEAD", "kernel/kernel.test",
		"stray-notes.txt", ".env", "secrets/token", "notebooks/.ipynb_checkpoints/linear-checkpoint.ipynb"} {
		if ok, err := pm.MatchesOrParentMatches(p); err != nil || !ok {
			c.problemf(".dockerignore does not exclude %s", p)
		}
	}
	for _, p := range append([]string{"go.mod", "go.sum", "kernel/requirements.txt", "kernel/requirements.lock", "kernel/jupyter/runner.py", "notebooks/linear.ipynb", "gd/tensor.go", "display/assets/echarts.min.js", "cache/cache.go"}, kernelSources...) {
		if ok, err := pm.MatchesOrParentMatches(p); err != nil || ok {
			c.problemf(".dockerignore excludes %s, which the image needs", p)
		}
	}
}

func globMatch(pattern, file string) bool {
	ok, err := path.Match(pattern, file)
	return err == nil && ok
}

func isKernelInstall(call shellCall) bool {
	a := call.args
	return len(a) >= 4 && call.name() == "go" && a[1] == "run" && path.Clean(a[2]) == "kernel" && a[3] == "install"
}

func isPythonInstall(call shellCall) bool {
	a := call.args
	name := call.name()
	if strings.HasPrefix(name, "python") && len(a) >= 4 && a[1] == "-m" && a[2] == "pip" {
		a = a[2:]
		name = "pip"
	}
	switch {
	case name == "pip" || name == "pip3" || name == "uv":
		return slices.Contains(a, "install")
	case name == "conda" || name == "mamba" || name == "micromamba":
		return slices.Contains(a, "install") || slices.Contains(a, "update")
	}
	return false
}

func isInterpreter(name string) bool {
	return slices.Contains(interpreters, name) || regexp.MustCompile(`^python3(\.\d+)?$`).MatchString(name)
}

// downloadsInside reports whether a word runs a downloader in a command or
// process substitution.
func downloadsInside(w *syntax.Word) bool {
	found := false
	syntax.Walk(w, func(n syntax.Node) bool {
		if call, ok := n.(*syntax.CallExpr); ok && len(call.Args) > 0 {
			if slices.Contains(downloaders, path.Base(call.Args[0].Lit())) {
				found = true
			}
		}
		return !found
	})
	return found
}

func flattenPipe(n *syntax.BinaryCmd) []*syntax.Stmt {
	var out []*syntax.Stmt
	for _, st := range []*syntax.Stmt{n.X, n.Y} {
		if b, ok := st.Cmd.(*syntax.BinaryCmd); ok && (b.Op == syntax.Pipe || b.Op == syntax.PipeAll) {
			out = append(out, flattenPipe(b)...)
		} else {
			out = append(out, st)
		}
	}
	return out
}

// wordText renders a shell word with the variables it can resolve expanded
// (and ${v:-default} defaults applied); the rest stays as written.
func wordText(w *syntax.Word, vars map[string]string) string {
	var b strings.Builder
	for _, p := range w.Parts {
		partText(&b, p, vars)
	}
	return b.String()
}

func partText(b *strings.Builder, p syntax.WordPart, vars map[string]string) {
	switch p := p.(type) {
	case *syntax.Lit:
		b.WriteString(p.Value)
	case *syntax.SglQuoted:
		b.WriteString(p.Value)
	case *syntax.DblQuoted:
		for _, q := range p.Parts {
			partText(b, q, vars)
		}
	case *syntax.ParamExp:
		v, ok := vars[p.Param.Value]
		simple := !p.Excl && !p.Length && !p.Width && p.Index == nil && p.Slice == nil && p.Repl == nil
		switch {
		case simple && p.Exp == nil && ok:
			b.WriteString(v)
			return
		case simple && p.Exp != nil && (p.Exp.Op == syntax.DefaultUnsetOrNull || p.Exp.Op == syntax.DefaultUnset):
			if ok && (v != "" || p.Exp.Op == syntax.DefaultUnset) {
				b.WriteString(v)
			} else if p.Exp.Word != nil {
				b.WriteString(wordText(p.Exp.Word, vars))
			}
			return
		}
		syntax.NewPrinter().Print(b, p)
	default:
		syntax.NewPrinter().Print(b, p)
	}
}

// shellJoin turns an exec-form command line into a script for scanShell.
func shellJoin(args []string) string {
	q := make([]string, len(args))
	for i, a := range args {
		s, err := syntax.Quote(a, syntax.LangBash)
		if err != nil {
			s = a
		}
		q[i] = s
	}
	return strings.Join(q, " ")
}

// flagValue returns the value of a Go-style flag (-name v, -name=v, --name v).
func flagValue(args []string, name string) string {
	for i, a := range args {
		a = strings.TrimPrefix(strings.TrimPrefix(a, "-"), "-")
		if v, ok := strings.CutPrefix(a, name+"="); ok {
			return v
		}
		if a == name && i+1 < len(args) {
			return args[i+1]
		}
	}
	return ""
}

func clone(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

func line(cmd instructions.Command) int {
	if loc := cmd.Location(); len(loc) > 0 {
		return loc[0].Start.Line
	}
	return 0
}

func firstLine(cmd instructions.Command) string {
	s, _, _ := strings.Cut(fmt.Sprint(cmd), "\n")
	if len(s) > 60 {
		s = s[:60] + "..."
	}
	return s
}

// kernelSources names one Go file of each package of this module that the
// kernel command and the binaries it builds (goshim, supervise) are compiled
// from: a first install stage must have copied them all. Set by projectFiles.
var kernelSources []string

// projectFiles reads the Dockerfile, .dockerignore and go.mod's toolchain,
// and lists kernelSources.
func projectFiles(t *testing.T) (dockerfile, dockerignore []byte, toolchain string) {
	t.Helper()
	root, err := jupyter.FindRoot("")
	if err != nil {
		t.Fatal(err)
	}
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join(root, name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	mf, err := modfile.Parse("go.mod", read("go.mod"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if mf.Toolchain == nil {
		t.Fatal("go.mod has no toolchain line; the Dockerfile's Go is checked against it")
	}
	list := exec.Command("go", "list", "-deps", "-f",
		`{{if .Module}}{{if eq .Module.Path "`+jupyter.ModulePath+`"}}{{.Dir}}/{{index .GoFiles 0}}{{end}}{{end}}`,
		"./kernel", "./kernel/goshim", "./kernel/supervise")
	list.Dir = root
	out, err := list.Output()
	if err != nil {
		t.Fatalf("go list -deps ./kernel: %v", err)
	}
	kernelSources = nil
	for _, f := range strings.Fields(string(out)) {
		rel, err := filepath.Rel(root, f)
		if err != nil {
			t.Fatal(err)
		}
		kernelSources = append(kernelSources, filepath.ToSlash(rel))
	}
	if len(kernelSources) < 3 {
		t.Fatalf("go list found only %v for the kernel command", kernelSources)
	}
	return read("Dockerfile"), read(".dockerignore"), mf.Toolchain.Name
}

func TestDockerfile(t *testing.T) {
	df, di, toolchain := projectFiles(t)
	for _, p := range checkImage(df, di, toolchain) {
		t.Error(p)
	}
}

// Every check must be able to fail: each case breaks one promise in a copy of
// the real Dockerfile (or .dockerignore) and expects the problem it names.
func TestDockerfileChecksCatchMutations(t *testing.T) {
	df, di, toolchain := projectFiles(t)
	type edit struct{ old, new string }
	cases := []struct {
		name   string
		edits  []edit // applied to the Dockerfile; each old text must be present
		ignore []edit // applied to .dockerignore
		want   string // a problem containing this text is expected
	}{
		{name: "latest base", edits: []edit{{"base-notebook:2026-07-28@", "base-notebook:latest@"}}, want: "moving tag latest"},
		{name: "untagged base", edits: []edit{{"base-notebook:2026-07-28@", "base-notebook@"}}, want: "not pinned (no tag)"},
		{name: "floating version tag", edits: []edit{{"base-notebook:2026-07-28@", "base-notebook:python-3.13@"}}, want: "not a specific build"},
		{name: "no digest", edits: []edit{{"@sha256:a8b2611c4c380dde6159f9963ee4f294373a0b214958987b7b469d312287c4ef", ""}}, want: "not pinned by digest"},
		{name: "latest through an ARG", edits: []edit{{"FROM quay.io/jupyter/base-notebook:2026-07-28@", "ARG BASE=quay.io/jupyter/base-notebook:latest\nFROM ${BASE}@"}}, want: "moving tag latest"},
		{name: "other base", edits: []edit{{"FROM quay.io/jupyter/base-notebook:2026-07-28@", "FROM ubuntu:24.04@"}}, want: "must build on"},
		{name: "port on every interface", edits: []edit{{"docker run --rm -p 127.0.0.1:8888:8888 descent", "docker run --rm -p 8888:8888 descent"}}, want: "publishes Jupyter on every interface"},
		{name: "lock not copied", edits: []edit{
			{"COPY --chown=${NB_UID}:${NB_GID} kernel/ kernel/\n", "COPY --chown=${NB_UID}:${NB_GID} kernel/*.go kernel/requirements.txt kernel/\n"},
			{"COPY --chown=${NB_UID}:${NB_GID} . ./", "COPY --chown=${NB_UID}:${NB_GID} gd/ gd/"}}, want: "no earlier COPY puts kernel/requirements.lock"},
		{name: "final user root", edits: []edit{{"USER ${NB_UID}\nWORKDIR ${HOME}", "USER root\nWORKDIR ${HOME}"}}, want: "final USER"},
		{name: "final user 0", edits: []edit{{"USER ${NB_UID}\nWORKDIR ${HOME}", "USER 0:0\nWORKDIR ${HOME}"}}, want: "final USER"},
		{name: "final user via env", edits: []edit{{"USER ${NB_UID}\nWORKDIR ${HOME}", "ENV NB_UID=0\nUSER ${NB_UID}\nWORKDIR ${HOME}"}}, want: "final USER"},
		{name: "token off in CMD", edits: []edit{{"USER ${NB_UID}\nWORKDIR ${HOME}", "USER ${NB_UID}\nWORKDIR ${HOME}\nCMD [\"start-notebook.py\", \"--IdentityProvider.token=''\"]"}}, want: "authentication"},
		{name: "token off in NOTEBOOK_ARGS", edits: []edit{{"GOTOOLCHAIN=local \\", "GOTOOLCHAIN=local \\\n    NOTEBOOK_ARGS=\"--ServerApp.token= --ServerApp.password=\" \\"}}, want: "authentication"},
		{name: "token off in a config file", edits: []edit{{"echo \"gd: copied", "echo \"c.ServerApp.token = ''\" >> /etc/jupyter/jupyter_server_config.py\necho \"gd: copied"}}, want: "authentication"},
		{name: "empty JUPYTER_TOKEN", edits: []edit{{"GOTOOLCHAIN=local \\", "GOTOOLCHAIN=local \\\n    JUPYTER_TOKEN= \\"}}, want: "JUPYTER_TOKEN empty"},
		{name: "xsrf off", edits: []edit{{"fix-permissions /opt/gocache /opt/descent", "fix-permissions /opt/gocache /opt/descent && echo 'c.ServerApp.disable_check_xsrf = True' >> /etc/jupyter/jupyter_server_config.py"}}, want: "request checks"},
		{name: "listen elsewhere", edits: []edit{{"USER ${NB_UID}\nWORKDIR ${HOME}", "USER ${NB_UID}\nWORKDIR ${HOME}\nCMD [\"start-notebook.py\", \"--ip=127.0.0.1\"]"}}, want: "listens"},
		{name: "own CMD", edits: []edit{{"USER ${NB_UID}\nWORKDIR ${HOME}", "USER ${NB_UID}\nWORKDIR ${HOME}\nCMD [\"jupyter\", \"lab\"]"}}, want: "replaces the base image"},
		{name: "sudo in RUN", edits: []edit{{"mkdir -p /opt/gopath", "apt-get install -y sudo && mkdir -p /opt/gopath"}}, want: "sudo"},
		{name: "sudoers entry", edits: []edit{{"mkdir -p /opt/gopath", "echo 'jovyan ALL=(ALL) NOPASSWD:ALL' > /etc/sudoers.d/jovyan && mkdir -p /opt/gopath"}}, want: "sudo"},
		{name: "GRANT_SUDO", edits: []edit{{"GOTOOLCHAIN=local \\", "GOTOOLCHAIN=local \\\n    GRANT_SUDO=yes \\"}}, want: "GRANT_SUDO"},
		{name: "curl into sh", edits: []edit{{"mkdir -p /opt/gopath", "curl -fsSL https://example.invalid/install.sh | sh && mkdir -p /opt/gopath"}}, want: "pipes a download into sh"},
		{name: "wget into bash via tee", edits: []edit{{"mkdir -p /opt/gopath", "wget -qO- https://example.invalid/i.sh | tee /tmp/i.sh | bash -s -- -y && mkdir -p /opt/gopath"}}, want: "pipes a download into bash"},
		{name: "sh -c of a download", edits: []edit{{"mkdir -p /opt/gopath", "sh -c \"$(curl -fsSL https://example.invalid/i.sh)\" && mkdir -p /opt/gopath"}}, want: "runs downloaded code"},
		{name: "curl into sh inside bash -c", edits: []edit{{"mkdir -p /opt/gopath", "bash -c 'curl -fsSL https://example.invalid/i.sh | sh' && mkdir -p /opt/gopath"}}, want: "pipes a download into sh"},
		{name: "other Go version", edits: []edit{{"GO_VERSION=1.26.8", "GO_VERSION=1.26.7"}}, want: "installs Go 1.26.7"},
		{name: "Go checksum not checked", edits: []edit{{"echo \"${sum}  /tmp/go.tar.gz\" | sha256sum --check --strict - && \\\n", ""}}, want: "without checking its SHA-256"},
		{name: "Go unpacked before the check", edits: []edit{
			{"echo \"${sum}  /tmp/go.tar.gz\" | sha256sum --check --strict - && \\\n", ""},
			{"rm /tmp/go.tar.gz && \\\n", "echo \"${sum}  /tmp/go.tar.gz\" | sha256sum --check --strict - && \\\n    rm /tmp/go.tar.gz && \\\n"}}, want: "before checking"},
		{name: "Go checksum not pinned", edits: []edit{
			{"ARG GO_SHA256_AMD64=d0f743b33e8d8945e6b1f432edd15785c70507121d6e2a723b21285eddf8b57b", "ARG GO_SHA256_AMD64"},
			{"ARG GO_SHA256_ARM64=211ffced9dcb9633a55eac6364816ec0ddd951389a740e88fa8b3337971bdda0", "ARG GO_SHA256_ARM64"}}, want: "no pinned SHA-256"},
		{name: "no GOTOOLCHAIN=local", edits: []edit{{"GOTOOLCHAIN=local \\", "GOTOOLCHAIN=auto \\"}}, want: "GOTOOLCHAIN=local"},
		{name: "own pip install", edits: []edit{{"fix-permissions /opt/gocache /opt/descent", "fix-permissions /opt/gocache /opt/descent && pip install -r requirements-docker.txt"}}, want: "outside the kernel command"},
		{name: "own mamba install", edits: []edit{{"mkdir -p /opt/gopath", "mamba install --yes jupyterlab && mkdir -p /opt/gopath"}}, want: "outside the kernel command"},
		{name: "no kernel install", edits: []edit{
			{"go run ./kernel install -prefix \"${CONDA_DIR}\" -no-warm", "go run ./kernel lab --version"},
			{"go run ./kernel install -prefix \"${CONDA_DIR}\" &&", "go run ./kernel execute notebooks/x.ipynb &&"}}, want: "no RUN installs the kernel"},
		{name: "kernel into another env", edits: []edit{{"RUN GD_VENV=\"${CONDA_DIR}\" go run", "RUN GD_VENV=/opt/venv go run"}}, want: "GD_VENV is \"/opt/venv\""},
		{name: "kernelspec elsewhere", edits: []edit{{"go run ./kernel install -prefix \"${CONDA_DIR}\" &&", "go run ./kernel install -prefix /usr/local &&"}}, want: "-prefix is \"/usr/local\""},
		{name: "requirements not copied", edits: []edit{
			{"COPY --chown=${NB_UID}:${NB_GID} kernel/ kernel/\n", "COPY --chown=${NB_UID}:${NB_GID} kernel/*.go kernel/\n"},
			{"COPY --chown=${NB_UID}:${NB_GID} . ./", "COPY --chown=${NB_UID}:${NB_GID} gd/ gd/"}}, want: "no earlier COPY puts kernel/requirements.txt"},
		{name: "internal packages not copied", edits: []edit{
			{"COPY --chown=${NB_UID}:${NB_GID} internal/ internal/\n", ""}}, want: "no earlier COPY puts internal/atomicfile/atomicfile.go"},
		{name: "internal packages left out", ignore: []edit{{"\n!internal\n", "\n"}}, want: "excludes internal/atomicfile/atomicfile.go"},
		{name: "install as root", edits: []edit{{"USER ${NB_UID}\nWORKDIR /opt/descent", "WORKDIR /opt/descent"}}, want: "runs as root"},
		{name: "no healthcheck", edits: []edit{{"HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \\\n    CMD [\"/etc/jupyter/docker_healthcheck.py\"]", ""}}, want: "no HEALTHCHECK"},
		{name: "healthcheck off", edits: []edit{{"HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \\\n    CMD [\"/etc/jupyter/docker_healthcheck.py\"]", "HEALTHCHECK NONE"}}, want: "HEALTHCHECK is disabled"},
		{name: "unparsable", edits: []edit{{"FROM quay.io", "FORM quay.io"}}, want: "parse"},
		{name: "venv let in", ignore: []edit{{"\n!notebooks\n", "\n!notebooks\n!.venv\n"}}, want: "does not exclude .venv/bin/python"},
		{name: "kernel binaries let in", ignore: []edit{{"\n!notebooks\n", "\n!notebooks\n!.gd\n"}}, want: "does not exclude .gd/bin/gonb"},
		{name: "reports let in", ignore: []edit{{"\n!notebooks\n", "\n!notebooks\n!reports\n"}}, want: "does not exclude reports/linear.html"},
		{name: "checkpoints let in", ignore: []edit{{"\n**/.ipynb_checkpoints\n", "\n"}}, want: "does not exclude notebooks/.ipynb_checkpoints"},
		{name: "not an allowlist", ignore: []edit{{"\n*\n", "\n"}}, want: "does not exclude stray-notes.txt"},
		{name: "everything ignored", ignore: []edit{{"\n!go.mod\n", "\n"}}, want: "excludes go.mod"},
		{name: "lock left out", ignore: []edit{{"\n**/*.prof\n", "\n**/*.prof\nkernel/*.lock\n"}}, want: "excludes kernel/requirements.lock"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			mutate := func(what string, src []byte, edits []edit) []byte {
				s := string(src)
				for _, e := range edits {
					if !strings.Contains(s, e.old) {
						t.Fatalf("the %s no longer contains %q; update this case", what, e.old)
					}
					s = strings.Replace(s, e.old, e.new, 1)
				}
				return []byte(s)
			}
			problems := checkImage(mutate("Dockerfile", df, tc.edits), mutate(".dockerignore", di, tc.ignore), toolchain)
			for _, p := range problems {
				if strings.Contains(p, tc.want) {
					t.Logf("caught: %s", p)
					return
				}
			}
			t.Errorf("no problem mentions %q; got:\n  %s", tc.want, strings.Join(problems, "\n  "))
		})
	}
}

// CI and the image run one install path: the Dockerfile's `go run ./kernel
// install` and CI's `go run ./kernel test` both call Env.Setup, and CI's script
// runs the test command.
func TestCISharesTheImageInstall(t *testing.T) {
	root, err := jupyter.FindRoot("")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	callsSetup := map[string]bool{}
	for _, name := range []string{"main.go", "test.go"} {
		f, err := parser.ParseFile(fset, filepath.Join(root, "kernel", name), nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Body == nil {
				continue
			}
			ast.Inspect(fn.Body, func(n ast.Node) bool {
				if call, ok := n.(*ast.CallExpr); ok {
					if sel, ok := call.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Setup" {
						callsSetup[fn.Name.Name] = true
					}
				}
				return true
			})
		}
	}
	for _, fn := range []string{"install", "test"} {
		if !callsSetup[fn] {
			t.Errorf("kernel's %s command does not call Env.Setup: CI and the image would install differently", fn)
		}
	}

	script, err := os.ReadFile(filepath.Join(root, ".ci", "run"))
	if err != nil {
		t.Fatal(err)
	}
	c := &imageCheck{}
	found := false
	for _, call := range c.scanShell(".ci/run", string(script), map[string]string{}) {
		a := call.args
		found = found || (len(a) >= 4 && call.name() == "go" && a[1] == "run" && path.Clean(a[2]) == "kernel" && a[3] == "test")
	}
	if !found {
		t.Error(".ci/run does not run `go run ./kernel test`")
	}
	for _, p := range c.problems {
		t.Error(p)
	}
}

// The image and CI install Python packages only through Env.EnsureVenv, so
// that is where the hashes must be checked: its pip command installs the
// lock file (Env.Lockfile) with --require-hashes.
func TestKernelInstallChecksHashes(t *testing.T) {
	root, err := jupyter.FindRoot("")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, filepath.Join(root, "kernel", "jupyter", "venv.go"), nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var pipCalls, hashed int
	ast.Inspect(f, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok || sel.Sel.Name != "Command" {
			return true
		}
		var lits []string
		usesLock, usesTxt := false, false
		for _, a := range call.Args {
			switch a := a.(type) {
			case *ast.BasicLit:
				lits = append(lits, strings.Trim(a.Value, `"`))
			case *ast.CallExpr:
				if s, ok := a.Fun.(*ast.SelectorExpr); ok {
					usesLock = usesLock || s.Sel.Name == "Lockfile"
					usesTxt = usesTxt || s.Sel.Name == "Requirements"
				}
			}
		}
		if !slices.Contains(lits, "pip") || !slices.Contains(lits, "install") {
			return true
		}
		pipCalls++
		if slices.Contains(lits, "--require-hashes") && usesLock && !usesTxt {
			hashed++
		} else {
			t.Errorf("%s: pip install without --require-hashes from the lock file", fset.Position(call.Pos()))
		}
		return true
	})
	if pipCalls == 0 || hashed != pipCalls {
		t.Errorf("found %d pip install commands in venv.go, %d checking hashes", pipCalls, hashed)
	}
}
