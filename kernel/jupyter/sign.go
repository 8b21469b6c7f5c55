package jupyter

import (
	"bytes"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
)

// Shipped returns the notebooks among nbs that the project ships unmodified:
// committed in the checkout's HEAD and with no change since, staged or not.
// `lab` signs only these, so that the scripts saved in a notebook's outputs
// run on open only when they are the project's own; a notebook dropped into
// the folder, or one edited outside our runner, opens untrusted. (Notebooks
// saved by `execute -inplace` are signed by the runner as it writes them.)
// Outside a git checkout it returns none, with the reason.
func (e *Env) Shipped(nbs []string) ([]string, error) {
	git := func(args ...string) ([]byte, error) {
		cmd := exec.Command("git", append([]string{"-C", e.Root}, args...)...)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			return nil, fmt.Errorf("git %s: %v: %s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
		}
		return out, nil
	}
	if len(nbs) == 0 {
		return nil, nil
	}
	rel := make([]string, len(nbs))
	for i, nb := range nbs {
		abs, err := filepath.Abs(nb)
		if err != nil {
			return nil, err
		}
		if rel[i], err = filepath.Rel(e.Root, abs); err != nil {
			return nil, err
		}
		rel[i] = filepath.ToSlash(rel[i])
	}
	committed, err := git(append([]string{"ls-tree", "-z", "--name-only", "HEAD", "--"}, rel...)...)
	if err != nil {
		return nil, fmt.Errorf("kernel: not signing any notebook, cannot tell which are shipped: %w", err)
	}
	changed, err := git(append([]string{"diff", "--name-only", "-z", "HEAD", "--"}, rel...)...)
	if err != nil {
		return nil, fmt.Errorf("kernel: not signing any notebook, cannot tell which are unchanged: %w", err)
	}
	in := func(list []byte, name string) bool {
		for _, f := range bytes.Split(list, []byte{0}) {
			if string(f) == name {
				return true
			}
		}
		return false
	}
	var out []string
	for i, r := range rel {
		if in(committed, r) && !in(changed, r) {
			out = append(out, nbs[i])
		}
	}
	return out, nil
}
