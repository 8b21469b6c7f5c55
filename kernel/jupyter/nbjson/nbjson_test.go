package nbjson

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReadBothTextForms(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.ipynb")
	const nb = `{"nbformat": 4, "nbformat_minor": 5,
 "metadata": {"kernelspec": {"name": "gd", "display_name": "Go (gd)", "language": "go"}},
 "cells": [
  {"id": "a", "cell_type": "markdown", "source": "# title"},
  {"id": "b", "cell_type": "code", "execution_count": 1, "source": ["x := 1\n", "fmt.Println(x)"],
   "outputs": [{"output_type": "stream", "name": "stdout", "text": ["1\n", "2\n"]},
               {"output_type": "stream", "name": "stderr", "text": "warn\n"},
               {"output_type": "display_data", "data": {"text/html": ["<b>", "hi</b>"]}},
               {"output_type": "error", "ename": "ERROR", "evalue": "exit status 2", "traceback": ["t"]}]}]}`
	if err := os.WriteFile(path, []byte(nb), 0o644); err != nil {
		t.Fatal(err)
	}
	got := MustRead(t, path)
	if name, display, lang := got.Kernelspec(); name != "gd" || display != "Go (gd)" || lang != "go" {
		t.Errorf("Kernelspec = %q %q %q", name, display, lang)
	}
	code := got.Code()
	if len(code) != 1 || code[0].ID != "b" || *code[0].ExecutionCount != 1 {
		t.Fatalf("Code() = %+v, want the one code cell b", code)
	}
	c := code[0]
	if c.SourceText() != "x := 1\nfmt.Println(x)" || c.Stdout() != "1\n2\n" || c.Stderr() != "warn\n" ||
		c.Data("text/html") != "<b>hi</b>" || len(c.Errors()) != 1 || c.Errors()[0].EValue != "exit status 2" {
		t.Errorf("cell read as %+v", c)
	}
}

func TestReadNamesTheFileOnBadJSON(t *testing.T) {
	path := filepath.Join(t.TempDir(), "broken.ipynb")
	if err := os.WriteFile(path, []byte("{not json"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Read(path); err == nil || !strings.Contains(err.Error(), path) {
		t.Errorf("Read = %v, want an error naming %s", err, path)
	}
}
