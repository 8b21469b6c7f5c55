package notebooks_test

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/gonotebooks/descent/kernel/jupyter/nbjson"
)

// committed reads the notebooks of this folder as they are in the checkout.
func committed(t *testing.T) map[string]*nbjson.Notebook {
	t.Helper()
	paths, err := filepath.Glob("*.ipynb")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no notebooks in notebooks/ (%v)", err)
	}
	out := map[string]*nbjson.Notebook{}
	for _, p := range paths {
		out[p] = nbjson.MustRead(t, p)
	}
	return out
}

// The five articles, one notebook each, named by topic, and the lessons past them.
var expectedNotebooks = []string{
	"01-gradient-descent-basics.ipynb",
	"02-gradient-descent-and-batches.ipynb",
	"03-gradient-descent-from-scratch.ipynb",
	"04-why-gradient-descent-works.ipynb",
	"05-sgd-linear-regression.ipynb",
	"06-optimizers-compared.ipynb",
	"07-regression-to-classification.ipynb",
}

func TestAllNotebooksExist(t *testing.T) {
	nbs := committed(t)
	for _, name := range expectedNotebooks {
		if _, ok := nbs[name]; !ok {
			t.Errorf("missing notebook %s", name)
		}
	}
	if len(nbs) != len(expectedNotebooks) {
		t.Errorf("notebooks/ has %d notebooks, want exactly the %d listed", len(nbs), len(expectedNotebooks))
	}
}

// absPath finds machine-specific absolute paths that would not exist elsewhere.
var absPath = regexp.MustCompile(`(^|[\s"'(=])/(work|tmp|root|home|Users|var/folders)/`)

func TestNotebookHygiene(t *testing.T) {
	for name, nb := range committed(t) {
		t.Run(name, func(t *testing.T) {
			if nb.NBFormat != 4 || nb.NBFormatMinor < 5 {
				t.Errorf("nbformat %d.%d, want 4.5 or later (cell ids)", nb.NBFormat, nb.NBFormatMinor)
			}
			if ks, display, lang := nb.Kernelspec(); ks != "gd" || lang != "go" {
				t.Errorf("kernelspec = %q (%q, language %q), want the gd kernel", ks, display, lang)
			}
			ids := map[string]bool{}
			executedCells := 0
			for i, c := range nb.Cells {
				if c.ID == "" || ids[c.ID] {
					t.Errorf("cell %d: missing or duplicate id %q", i, c.ID)
				}
				ids[c.ID] = true
				src := text(c.Source)
				if m := absPath.FindString(src); m != "" {
					t.Errorf("cell %d source has an absolute path: %q", i, m)
				}
				if c.CellType != "code" {
					continue
				}
				if c.ExecutionCount != nil {
					executedCells++
				}
				for _, o := range c.Outputs {
					if o.OutputType == "error" {
						t.Errorf("cell %d: committed with an error output", i)
					}
					for _, s := range []string{text(o.Text), text(o.Data["text/plain"])} {
						if m := absPath.FindString(s); m != "" {
							t.Errorf("cell %d output has an absolute path: %q", i, m)
						}
					}
				}
			}
			if executedCells == 0 {
				t.Errorf("committed without outputs: run go run ./kernel execute -inplace %s", name)
			}
		})
	}
}

// TestReexecutionGivesTheSameText checks the notebooks are deterministic: what
// a fresh run prints equals what the committed notebook shows, cell by cell.
func TestReexecutionGivesTheSameText(t *testing.T) {
	runs := runAll(t)
	for name, nb := range committed(t) {
		got, ok := runs[name]
		if !ok {
			t.Errorf("%s was not executed", name)
			continue
		}
		t.Run(name, func(t *testing.T) {
			var want []string
			for _, c := range nb.Cells {
				if c.CellType != "code" {
					continue
				}
				var b strings.Builder
				for _, o := range c.Outputs {
					if o.OutputType == "stream" && o.Name == "stdout" {
						b.WriteString(text(o.Text))
					}
				}
				want = append(want, b.String())
			}
			cells := got.code()
			if len(cells) != len(want) {
				t.Fatalf("executed %d code cells, committed notebook has %d", len(cells), len(want))
			}
			for i, c := range cells {
				if c.stdout() != want[i] {
					t.Errorf("code cell %d prints differently than committed:\n got: %q\nwant: %q", i+1, c.stdout(), want[i])
				}
			}
		})
	}
}
