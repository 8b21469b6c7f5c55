"""Reproducer for GoNB's shutdown, for an upstream report (see ../upstream.md).

    python gonb_shutdown.py /path/to/gonb [attempts]

Needs jupyter_client, and gopls and goimports on PATH. Each attempt starts
GoNB directly (no supervisor), asks for a completion (which starts gopls, as
JupyterLab does while one types), runs a cell, then sends a normal
shutdown_request while the client's channels are still open, as JupyterLab
does. It prints GoNB's exit status, whether GoNB panicked, and the gopls
processes left without their parent (re-parented to init).
"""

import json
import os
import subprocess
import sys
import tempfile
import time

from jupyter_client.manager import KernelManager


def main():
    gonb = os.path.abspath(sys.argv[1])
    attempts = int(sys.argv[2]) if len(sys.argv) > 2 else 4
    spec_root = tempfile.mkdtemp()
    os.makedirs(os.path.join(spec_root, "kernels", "gonb-raw"))
    with open(os.path.join(spec_root, "kernels", "gonb-raw", "kernel.json"), "w") as f:
        json.dump({"argv": [gonb, "--kernel", "{connection_file}", "--logtostderr"],
                   "display_name": "GoNB", "language": "go", "interrupt_mode": "message"}, f)
    os.environ["JUPYTER_PATH"] = spec_root
    for attempt in range(attempts):
        log = tempfile.NamedTemporaryFile("w+", suffix=".log", delete=False)
        km = KernelManager(kernel_name="gonb-raw")
        km.start_kernel(stderr=log)
        proc = km.provisioner.process
        kc = km.client()
        kc.start_channels()
        kc.wait_for_ready(timeout=60)
        kc.complete('import "fmt"\nfunc main() { fmt.Pri', 35)
        kc.execute_interactive('import "fmt"\nfunc main() { fmt.Println("hi") }', timeout=120, output_hook=lambda m: None)
        gopls_before = [p for p in pids("gopls") if descends(p, proc.pid)]
        km.request_shutdown()
        try:
            status = proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            status = "still running after 10s"
        kc.stop_channels()
        time.sleep(0.2)
        orphans = [p for p in gopls_before if parent(p) == 1]
        log.seek(0)
        panicked = "close of closed channel" in log.read()
        print(f"attempt {attempt}: GoNB exit status {status}; panic: {panicked}; "
              f"gopls started: {gopls_before}, re-parented to init: {orphans}")
        km.cleanup_resources()


def pids(name):
    out = subprocess.run(["ps", "-eo", "pid=,comm="], capture_output=True, text=True).stdout
    return [int(line.split()[0]) for line in out.splitlines() if line.split()[1:] == [name]]


def descends(pid, ancestor):
    while pid and pid > 1:
        pid = parent(pid)
        if pid == ancestor:
            return True
    return False


def parent(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return int(f.read().rsplit(")", 1)[1].split()[1])
    except OSError:
        return None


if __name__ == "__main__":
    main()
