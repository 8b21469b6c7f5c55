"""Execute notebooks headless with nbclient and export them with nbconvert.

Started by `go run ./kernel report|execute` (kernel/jupyter/execute.go) with the
project's virtual environment. For each notebook it prints one line per cell,
writes the executed notebook and a self-contained HTML report, and goes on to
the next notebook whatever happened to this one. It ends with a summary, one
line per notebook, and exits with status 1 when any notebook failed (a cell
error, a timeout, a file that is not a notebook, an output it could not write).

Every file is written atomically (a temporary file in the same folder, synced,
then renamed), so a full disk or an interrupt never leaves a truncated
notebook. SIGINT and SIGTERM stop the run: the kernel is asked to shut down,
nothing more is written, and the exit status is 128 + the signal number.
"""

import argparse
import asyncio
import collections
import contextlib
import hashlib
import json
import os
import re
import signal
import sys
import tempfile
import time
from html.parser import HTMLParser

import nbformat
from nbformat.sign import NotebookNotary
from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
from nbconvert import HTMLExporter

HERE = os.path.dirname(os.path.abspath(__file__))
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


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


# Terminal escapes: CSI sequences (colours, GoNB's reverse video), OSC
# sequences (titles, links) and the two-character escapes.
ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])")


def strip_ansi(text):
    return ANSI.sub("", text or "")


def write_atomic(path, data):
    """Replace path with data (bytes): temporary file in the same folder,
    fsync, rename, fsync of the folder. On any failure path keeps its old
    content and the temporary file is removed. A SIGINT during the save
    takes effect when it is done (see interrupts_deferred)."""
    with interrupts_deferred():
        _write_atomic(path, data)


@contextlib.contextmanager
def interrupts_deferred():
    """Hold SIGINT back for the block and deliver it after: an interrupt
    raised between tempfile creating a file and returning its name would
    leave a temporary file nobody can remove. Only the main thread can
    set handlers; elsewhere the block runs as is. (The run loop's own
    handlers learn of signals through its wake-up fd, which this leaves.)"""
    caught = []
    try:
        old = signal.signal(signal.SIGINT, lambda sig, frame: caught.append(sig))
    except ValueError:  # not the main thread
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, old)
        if caught:
            if callable(old):
                old(signal.SIGINT, None)
            elif old == signal.SIG_DFL:
                os.kill(os.getpid(), signal.SIGINT)


def _write_atomic(path, data):
    path = os.path.abspath(path)
    folder = os.path.dirname(path)
    try:
        mode = os.stat(path).st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    fd, tmp = tempfile.mkstemp(prefix="." + os.path.basename(path) + ".", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fchmod(f.fileno(), mode)
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    dfd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(dfd)
    finally:
        os.close(dfd)


def notebook_bytes(nb):
    """The file nbformat.write would produce."""
    text = nbformat.writes(nb)
    if not text.endswith("\n"):
        text += "\n"
    return text.encode("utf-8")


class NotANotebook(Exception):
    pass


class Stopped(Exception):
    """SIGINT or SIGTERM arrived: write nothing more, run nothing more."""


# The signals received; set by the handler main installs.
STOPPED = []


def read_notebook(path):
    """The notebook at path, or NotANotebook saying in one line what is wrong."""
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except UnicodeDecodeError as e:
        raise NotANotebook(f"not UTF-8 text: {e.reason} at byte {e.start}")
    try:
        json.loads(text)
    except json.JSONDecodeError as e:
        raise NotANotebook(f"invalid JSON: {e}")
    try:
        nb = nbformat.reads(text, as_version=4)
        nbformat.validate(nb)
    except Exception as e:
        raise NotANotebook(first_line(str(e)) or type(e).__name__)
    return nb


class _Text(HTMLParser):
    """Collects the text of an HTML fragment, leaving out styles and scripts."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("style", "script"):
            self.skip += 1
        elif tag in ("br", "div", "p"):
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in ("style", "script") and self.skip:
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def html_to_text(markup):
    p = _Text()
    p.feed(markup)
    p.close()
    lines = [line.rstrip() for line in "".join(p.parts).splitlines()]
    return "\n".join(line for line in lines if line.strip()) + "\n"


# GoNB's HTML error report (compiler errors and panics) marks its block so.
GONB_ERROR_HTML = 'data-mime-type="application/vnd.jupyter.stderr"'


def join_text(v):
    return "".join(v) if isinstance(v, list) else (v or "")


def sanitize(nb):
    """Make error outputs plain and safe to export. GoNB writes compiler output
    into HTML without escaping it (a string literal holding a <script> tag in
    a failing cell would run when the report opens), so such HTML becomes a
    stderr stream, which nbconvert escapes. Terminal escapes are removed from
    errors and stderr."""
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        outputs = []
        for o in cell.get("outputs", []):
            kind = o.get("output_type")
            if kind == "error":
                o["evalue"] = strip_ansi(o.get("evalue", ""))
                o["traceback"] = [strip_ansi(x) for x in o.get("traceback", [])]
            elif kind == "stream" and o.get("name") == "stderr":
                o["text"] = strip_ansi(join_text(o.get("text")))
            elif kind in ("display_data", "execute_result"):
                markup = join_text(o.get("data", {}).get("text/html"))
                if GONB_ERROR_HTML in markup:
                    o = nbformat.v4.new_output("stream", name="stderr", text=strip_ansi(html_to_text(markup)))
            outputs.append(o)
        cell["outputs"] = outputs


def error_outputs(cell):
    return [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]


def cell_error_text(cell):
    """What the terminal shows for a failed Go cell: its stderr and its errors,
    with the compiler's messages located by cell and line."""
    parts = []
    for o in cell.get("outputs", []):
        if o.get("output_type") == "error":
            tb = [line for line in o.get("traceback", []) if line.strip()]
            parts.append("\n".join(tb) if tb else f"{o.get('ename', '')}: {o.get('evalue', '')}")
        elif o.get("output_type") == "stream" and o.get("name") == "stderr":
            parts.append(join_text(o.get("text")))
    return strip_ansi("\n".join(p.rstrip("\n") for p in parts)).strip()


def cell_error_summary(cell, detail):
    """One line for the summary: the first compiler message with its line,
    the panic, or the error's first line."""
    for o in error_outputs(cell) if cell is not None else []:
        for entry in o.get("traceback", []):
            lines = [line for line in strip_ansi(entry).splitlines() if line.strip()]
            m = re.match(r"Cell\[\d+\]: (Line \d+)", lines[0]) if lines else None
            if m:
                return f"{m.group(1)}: {lines[-1].strip()}"
    for line in (detail or "").splitlines():
        if line.startswith("panic:"):
            return line
    lines = [line for line in (detail or "").splitlines() if line.strip() and not line.startswith("# ")]
    return lines[0] if lines else "failed"


def export_html(nb, mathjax_js):
    exporter = HTMLExporter(
        template_name="gd",
        extra_template_basedirs=[os.path.join(HERE, "templates")],
    )
    body, _ = exporter.from_notebook_node(nb, resources={"gd_mathjax_js": mathjax_js})
    return body.encode("utf-8")


def report_names(paths):
    """One output name per notebook, distinct within the run: the file's stem,
    prefixed with its folder's name when two notebooks share a stem."""
    stems = [os.path.splitext(os.path.basename(p))[0] for p in paths]
    counts = collections.Counter(stems)
    names, used = [], set()
    for p, stem in zip(paths, stems):
        name = stem
        if counts[stem] > 1:
            folder = os.path.basename(os.path.dirname(os.path.abspath(p)))
            name = f"{folder}-{stem}" if folder else stem
        base, n = name, 2
        while name in used:
            name, n = f"{base}-{n}", n + 1
        used.add(name)
        names.append(name)
    return names


def write_outputs(nb, path, name, ok, args, mathjax_js):
    """Writes the in-place notebook, the executed copy and the HTML report,
    each on its own: one that fails does not stop the others. Returns the
    written paths and the errors."""
    written, errors = [], []

    def attempt(target, make):
        try:
            write_atomic(target, make())
            written.append(target)
        except OSError as e:
            errors.append(f"{target}: {e.strerror or e}")
        except Exception as e:  # an exporter failure is this output's alone
            errors.append(f"{target}: {type(e).__name__}: {first_line(str(e))}")

    if args.inplace and (ok or args.allow_errors):
        signed = nbformat.from_dict(nb)
        if args.trust:
            NotebookNotary().sign(signed)
        attempt(path, lambda: notebook_bytes(signed))
    try:
        os.makedirs(args.out, exist_ok=True)
    except OSError as e:
        errors.append(f"{args.out}: {e.strerror or e}")
        return written, errors
    attempt(os.path.join(args.out, name + ".ipynb"), lambda: notebook_bytes(nb))
    if not args.no_html:
        attempt(os.path.join(args.out, name + ".html"), lambda: export_html(nb, mathjax_js))
    return written, errors


async def run_one(path, name, index, total, args, mathjax_js):
    result = {"notebook": path, "ok": False, "seconds": 0.0, "cells": []}
    try:
        nb = read_notebook(path)
    except NotANotebook as e:
        result["reason"] = f"not a notebook: {e}"
        log(f"{path}: {result['reason']}")
        return result
    except OSError as e:
        result["reason"] = e.strerror or str(e)
        log(f"{path}: {result['reason']}")
        return result

    code_cells = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"]
    log(f"[{index}/{total}] {path}: {len(code_cells)} code cells")

    def number(cell_index):
        return code_cells.index(cell_index) + 1 if cell_index in code_cells else "?"

    state = {"cell": None, "start": 0.0}

    def on_cell_start(cell, cell_index, **_):
        state["cell"], state["start"] = cell_index, time.monotonic()

    def on_cell_executed(cell, cell_index, execute_reply=None, **_):
        dt = time.monotonic() - state["start"]
        status = (execute_reply or {}).get("content", {}).get("status", "ok")
        result["cells"].append({"cell": number(cell_index), "index": cell_index, "seconds": round(dt, 4), "status": status})
        log(f"    cell {number(cell_index)}/{len(code_cells)}  {dt:6.2f}s  {status}")

    client = NotebookClient(
        nb,
        kernel_name=args.kernel,
        timeout=args.timeout,
        startup_timeout=args.startup_timeout,
        allow_errors=args.allow_errors,
        record_timing=True,
        # Compiler errors as text (an error output with the cell and line of
        # each message) instead of GoNB's unescaped HTML.
        extra_arguments=["--raw_error"],
        resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}},
        on_cell_start=on_cell_start,
        on_cell_executed=on_cell_executed,
    )
    failure = None
    t0 = time.monotonic()
    try:
        await client.async_execute()
    except CellTimeoutError:
        failure = (state["cell"], f"timed out after {args.timeout}s (set -timeout to allow longer cells)")
    except DeadKernelError as e:
        failure = (state["cell"], f"kernel died: {first_line(str(e))}")
    except CellExecutionError:
        failure = (state["cell"], None)
    except asyncio.CancelledError:
        raise Stopped()
    except Exception as e:  # kernel failed to start, ...
        failure = (state["cell"], f"{type(e).__name__}: {first_line(str(e))}")
    if STOPPED:
        # nbclient may report the kernel it shut down on the way out as
        # dead rather than let the cancellation through.
        raise Stopped()
    result["seconds"] = round(time.monotonic() - t0, 3)
    sanitize(nb)

    failures = []
    if failure is not None:
        failures.append(failure)
    for i, c in enumerate(nb.cells):
        if c.cell_type == "code" and error_outputs(c) and (failure is None or i != failure[0]):
            failures.append((i, None))
    failures.sort(key=lambda f: -1 if f[0] is None else f[0])

    errors = []
    for idx, msg in failures:
        cell = nb.cells[idx] if idx is not None and idx < len(nb.cells) else None
        detail = msg or (cell_error_text(cell) if cell is not None else "unknown error")
        cell_id = cell.get("id", "?") if cell is not None else "?"
        source = first_line(cell.source if cell is not None else "", 120)
        log(f"FAILED {path}: code cell {number(idx)} (id {cell_id}): {source}")
        lines = detail.splitlines()
        for line in lines[:40]:
            log(f"    | {line}")
        if len(lines) > 40:
            log(f"    | ... {len(lines) - 40} more lines in the report")
        errors.append({"cell": number(idx), "id": cell_id, "message": detail,
                       "summary": msg or cell_error_summary(cell, detail)})
    if errors:
        result["error"] = errors[0]
        result["errors"] = errors
        first = errors[0]
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        result["reason"] = f"code cell {first['cell']}: {first_line(first['summary'], 160)}{more}"

    written, write_errors = write_outputs(nb, path, name, not errors, args, mathjax_js)
    for e in write_errors:
        log(f"    could not write {e}")
    if write_errors:
        result["write_errors"] = write_errors
        if "reason" not in result:
            result["reason"] = "could not write " + "; ".join(write_errors)
    result["ok"] = not errors and not write_errors
    if written:
        log(f"    {'ok' if result['ok'] else 'done'} in {result['seconds']:.1f}s -> {', '.join(written)}")
    return result


class _Loop(asyncio.SelectorEventLoop):
    """The runner's event loop. nbclient installs its own SIGINT and SIGTERM
    handlers while a notebook runs; they shut the kernel down but leave the
    runner waiting on the cell. Once `owned` is set, the runner's handlers
    stay: they cancel the run, and nbclient's cleanup on the way out asks the
    kernel to shut down."""

    owned = False

    def add_signal_handler(self, sig, callback, *args):
        if self.owned and sig in STOP_SIGNALS:
            return
        super().add_signal_handler(sig, callback, *args)

    def remove_signal_handler(self, sig):
        if self.owned and sig in STOP_SIGNALS:
            return False
        return super().remove_signal_handler(sig)


async def run_all(args, mathjax_js, results):
    names = report_names(args.notebooks)
    for i, (path, name) in enumerate(zip(args.notebooks, names), 1):
        try:
            results.append(await run_one(path, name, i, len(args.notebooks), args, mathjax_js))
        except (Stopped, asyncio.CancelledError):
            results.append({"notebook": path, "ok": False, "reason": "interrupted: nothing written"})
            return


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("notebooks", nargs="+")
    p.add_argument("--kernel", default="gd")
    p.add_argument("--launcher", default="", help="expected argv[0] of the kernelspec")
    p.add_argument("--out", default="reports")
    p.add_argument("--inplace", action="store_true", help="also save outputs into the source notebooks (on success)")
    p.add_argument("--trust", action="store_true", help="sign notebooks saved with --inplace")
    p.add_argument("--allow-errors", action="store_true", help="run every cell, record errors, fail at the end")
    p.add_argument("--no-html", action="store_true")
    p.add_argument("--timeout", type=int, default=900, help="seconds per cell")
    p.add_argument("--startup-timeout", type=int, default=180)
    p.add_argument("--timings", default="", help="write per-cell timings as JSON here")
    args = p.parse_args()

    check_kernel(args.kernel, args.launcher)
    with open(os.path.join(HERE, "assets", "mathjax", "tex-svg-full.js"), encoding="utf-8") as f:
        mathjax_js = f.read()
    # Nobody can answer a cell that reads standard input here: the go shim
    # closes it in the cell's program, so the read fails at once.
    os.environ["GD_CELL_STDIN"] = "closed"

    loop = _Loop()
    asyncio.set_event_loop(loop)
    results = []
    task = loop.create_task(run_all(args, mathjax_js, results))
    def on_signal(sig):
        if STOPPED:  # a second signal: leave at once, the parent ends the rest
            os._exit(128 + sig)
        STOPPED.append(sig)
        log(f"runner: {signal.Signals(sig).name}: stopping; shutting the kernel down")
        task.cancel()

    for sig in STOP_SIGNALS:
        loop.add_signal_handler(sig, on_signal, sig)
    loop.owned = True
    try:
        loop.run_until_complete(task)
    except asyncio.CancelledError:
        pass
    finally:
        # nbclient's kernel watchers may outlive an interrupted run.
        pending = asyncio.all_tasks(loop)
        for t in pending:
            t.cancel()
        loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
        loop.close()

    if args.timings:
        try:
            write_atomic(args.timings, json.dumps(results, indent=1).encode("utf-8"))
        except OSError as e:
            log(f"could not write {args.timings}: {e.strerror or e}")
    ok = [r for r in results if r["ok"]]
    log(f"{len(ok)}/{len(args.notebooks)} notebooks ran without errors")
    for r in results:
        log(f"  {'ok    ' if r['ok'] else 'FAILED'}  {r['notebook']}" + ("" if r["ok"] else f": {r.get('reason', 'failed')}"))
    for path in args.notebooks[len(results):]:
        log(f"  not run {path}")
    if STOPPED:
        sys.exit(128 + STOPPED[0])
    sys.exit(0 if len(ok) == len(args.notebooks) else 1)


if __name__ == "__main__":
    main()
