"""Execute notebooks headless with nbclient and export them with nbconvert.

Started by `go run ./kernel report|execute` (kernel/jupyter/execute.go) with the
project's virtual environment. For each notebook it prints one line per cell,
writes the executed notebook and a self-contained HTML report, and exits with
status 1 naming the notebook, the cell and the error when any cell fails.
"""

import argparse
import json
import os
import sys
import time

import nbformat
from nbformat.sign import NotebookNotary
from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
from nbconvert import HTMLExporter

HERE = os.path.dirname(os.path.abspath(__file__))


def log(msg):
    print(msg, flush=True)


def check_kernel(name, launcher):
    """Fail early, and clearly, when the kernelspec is missing or shadowed."""
    try:
        spec = KernelSpecManager().get_kernel_spec(name)
    except NoSuchKernel:
        sys.exit(f"runner: no Jupyter kernel named {name!r}; run `go run ./kernel install`")
    if launcher and os.path.realpath(spec.argv[0]) != os.path.realpath(launcher):
        sys.exit(
            f"runner: the kernelspec {name!r} at {spec.resource_dir} starts {spec.argv[0]},\n"
            f"not this checkout's {launcher}. Remove it (jupyter kernelspec remove {name}) "
            f"or run `go run ./kernel install` from the checkout you want."
        )


def first_line(text, limit=300):
    text = (text or "").strip()
    line = text.splitlines()[0] if text else ""
    return line[:limit]


def error_outputs(cell):
    """Error outputs left in a cell even though the kernel replied ok."""
    return [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]


def cell_error_text(cell):
    """The most useful lines of a failed Go cell: its error outputs and stderr."""
    parts = []
    for o in cell.get("outputs", []):
        if o.get("output_type") == "error":
            parts.append(f"{o.get('ename', '')}: {o.get('evalue', '')}")
        elif o.get("output_type") == "stream" and o.get("name") == "stderr":
            parts.append(o.get("text", ""))
    text = "".join(parts).strip()
    # GoNB marks cell lines with terminal escapes; drop them for plain logs.
    for esc in ("\x1b[7m", "\x1b[0m"):
        text = text.replace(esc, "")
    return text


def export_html(nb, out_path, mathjax_js):
    exporter = HTMLExporter(
        template_name="gd",
        extra_template_basedirs=[os.path.join(HERE, "templates")],
    )
    body, _ = exporter.from_notebook_node(nb, resources={"gd_mathjax_js": mathjax_js})
    with open(out_path, "w", encoding="utf-8") as f:
        f.write(body)


def run_one(path, index, total, args, mathjax_js):
    name = os.path.basename(path)
    stem = os.path.splitext(name)[0]
    nb = nbformat.read(path, as_version=4)
    code_cells = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"]
    log(f"[{index}/{total}] {path}: {len(code_cells)} code cells")

    timings = []
    state = {"cell": None, "start": 0.0}

    def on_cell_start(cell, cell_index, **_):
        state["cell"], state["start"] = cell_index, time.monotonic()

    def on_cell_executed(cell, cell_index, execute_reply=None, **_):
        dt = time.monotonic() - state["start"]
        status = (execute_reply or {}).get("content", {}).get("status", "ok")
        number = code_cells.index(cell_index) + 1 if cell_index in code_cells else cell_index + 1
        timings.append({"cell": number, "index": cell_index, "seconds": round(dt, 4), "status": status})
        log(f"    cell {number}/{len(code_cells)}  {dt:6.2f}s  {status}")

    client = NotebookClient(
        nb,
        kernel_name=args.kernel,
        timeout=args.timeout,
        startup_timeout=args.startup_timeout,
        allow_errors=False,
        record_timing=True,
        resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}},
        on_cell_start=on_cell_start,
        on_cell_executed=on_cell_executed,
    )
    failure = None
    t0 = time.monotonic()
    try:
        client.execute()
    except CellTimeoutError as e:
        failure = (state["cell"], f"timed out after {args.timeout}s: {first_line(str(e))}")
    except DeadKernelError as e:
        failure = (state["cell"], f"kernel died: {first_line(str(e))}")
    except CellExecutionError:
        failure = (state["cell"], None)
    except Exception as e:  # kernel failed to start, bad notebook JSON, ...
        failure = (state["cell"], f"{type(e).__name__}: {first_line(str(e))}")
    elapsed = time.monotonic() - t0

    if failure is None:
        for i, c in enumerate(nb.cells):
            if c.cell_type == "code" and error_outputs(c):
                failure = (i, None)
                break

    os.makedirs(args.out, exist_ok=True)
    out_nb = os.path.join(args.out, stem + ".ipynb")
    nbformat.write(nb, out_nb)
    out_html = None
    if not args.no_html:
        out_html = os.path.join(args.out, stem + ".html")
        export_html(nb, out_html, mathjax_js)

    result = {"notebook": path, "seconds": round(elapsed, 3), "cells": timings, "ok": failure is None}
    if failure is not None:
        idx, msg = failure
        cell = nb.cells[idx] if idx is not None and idx < len(nb.cells) else None
        number = code_cells.index(idx) + 1 if idx in code_cells else "?"
        detail = msg or (cell_error_text(cell) if cell is not None else "unknown error")
        cell_id = cell.get("id", "?") if cell is not None else "?"
        source = first_line(cell.source if cell is not None else "", 120)
        log(f"FAILED {path}: code cell {number} (id {cell_id}): {source}")
        for line in detail.splitlines()[:25]:
            log(f"    | {line}")
        result["error"] = {"cell": number, "id": cell_id, "message": detail}
    else:
        if args.inplace:
            if args.trust:
                NotebookNotary().sign(nb)
            nbformat.write(nb, path)
        log(f"    ok in {elapsed:.1f}s -> {out_nb}" + (f", {out_html}" if out_html else ""))
    return result


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("notebooks", nargs="+")
    p.add_argument("--kernel", default="gd")
    p.add_argument("--launcher", default="", help="expected argv[0] of the kernelspec")
    p.add_argument("--out", default="reports")
    p.add_argument("--inplace", action="store_true", help="also save outputs into the source notebooks (on success)")
    p.add_argument("--trust", action="store_true", help="sign notebooks saved with --inplace")
    p.add_argument("--no-html", action="store_true")
    p.add_argument("--timeout", type=int, default=900, help="seconds per cell")
    p.add_argument("--startup-timeout", type=int, default=180)
    p.add_argument("--timings", default="", help="write per-cell timings as JSON here")
    args = p.parse_args()

    check_kernel(args.kernel, args.launcher)
    with open(os.path.join(HERE, "assets", "mathjax", "tex-svg-full.js"), encoding="utf-8") as f:
        mathjax_js = f.read()

    results = []
    for i, path in enumerate(args.notebooks, 1):
        results.append(run_one(path, i, len(args.notebooks), args, mathjax_js))

    if args.timings:
        with open(args.timings, "w", encoding="utf-8") as f:
            json.dump(results, f, indent=1)
    failed = [r for r in results if not r["ok"]]
    log(f"{len(results) - len(failed)}/{len(results)} notebooks ran without errors")
    for r in failed:
        log(f"  failed: {r['notebook']} (code cell {r['error']['cell']})")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
