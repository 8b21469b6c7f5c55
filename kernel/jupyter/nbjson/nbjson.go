// Package nbjson reads Jupyter notebook files (nbformat 4 JSON) into Go
// values: the one reader the tests share that look into executed or
// committed notebooks (kernel/jupyter, kernel/e2e, notebooks/).
//
//	nb, err := nbjson.Read("reports/smoke.ipynb")
//	for _, c := range nb.Code() {
//		fmt.Print(c.Stdout())
//	}
//
// Only the fields those checks read are decoded. A test with its own view
// of a notebook decodes into it with Decode, which names the file in its
// errors as Read does.
package nbjson

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
)

// Notebook is the part of an nbformat 4 notebook the checks read.
type Notebook struct {
	NBFormat      int            `json:"nbformat"`
	NBFormatMinor int            `json:"nbformat_minor"`
	Metadata      map[string]any `json:"metadata"`
	Cells         []Cell         `json:"cells"`
}

// Cell is one cell; Source is a string or a list of lines, as nbformat allows.
type Cell struct {
	ID             string   `json:"id"`
	CellType       string   `json:"cell_type"`
	Source         any      `json:"source"`
	ExecutionCount *int     `json:"execution_count"`
	Outputs        []Output `json:"outputs"`
}

// Output is one output of a code cell: a stream (Name, Text), rich data
// (Data by MIME type) or an error (EName, EValue, Traceback).
type Output struct {
	OutputType string         `json:"output_type"`
	Name       string         `json:"name"`
	Text       any            `json:"text"`
	Data       map[string]any `json:"data"`
	EName      string         `json:"ename"`
	EValue     string         `json:"evalue"`
	Traceback  []string       `json:"traceback"`
}

// Text joins nbformat's multiline text (a string or a list of strings).
func Text(v any) string {
	switch s := v.(type) {
	case string:
		return s
	case []any:
		var b strings.Builder
		for _, x := range s {
			if str, ok := x.(string); ok {
				b.WriteString(str)
			}
		}
		return b.String()
	}
	return ""
}

// Decode reads the JSON file at path into v, naming the file in any error.
func Decode(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// Read decodes the notebook at path.
func Read(path string) (*Notebook, error) {
	var nb Notebook
	if err := Decode(path, &nb); err != nil {
		return nil, err
	}
	return &nb, nil
}

// MustRead is Read for tests: it fails t when the file cannot be read.
func MustRead(t testing.TB, path string) *Notebook {
	t.Helper()
	nb, err := Read(path)
	if err != nil {
		t.Fatal(err)
	}
	return nb
}

// Kernelspec returns the kernel the notebook's metadata names.
func (nb *Notebook) Kernelspec() (name, displayName, language string) {
	ks, _ := nb.Metadata["kernelspec"].(map[string]any)
	name, _ = ks["name"].(string)
	displayName, _ = ks["display_name"].(string)
	language, _ = ks["language"].(string)
	return name, displayName, language
}

// Code returns the code cells in order.
func (nb *Notebook) Code() []Cell {
	var out []Cell
	for _, c := range nb.Cells {
		if c.CellType == "code" {
			out = append(out, c)
		}
	}
	return out
}

// SourceText is the cell's source as one string.
func (c Cell) SourceText() string { return Text(c.Source) }

// Stdout is everything the cell printed to standard output.
func (c Cell) Stdout() string { return c.stream("stdout") }

// Stderr is everything the cell printed to standard error.
func (c Cell) Stderr() string { return c.stream("stderr") }

func (c Cell) stream(name string) string {
	var b strings.Builder
	for _, o := range c.Outputs {
		if o.OutputType == "stream" && o.Name == name {
			b.WriteString(Text(o.Text))
		}
	}
	return b.String()
}

// Errors are the cell's error outputs.
func (c Cell) Errors() []Output {
	var out []Output
	for _, o := range c.Outputs {
		if o.OutputType == "error" {
			out = append(out, o)
		}
	}
	return out
}

// Data concatenates the cell's rich outputs of one MIME type.
func (c Cell) Data(mime string) string {
	var b strings.Builder
	for _, o := range c.Outputs {
		b.WriteString(Text(o.Data[mime]))
	}
	return b.String()
}
