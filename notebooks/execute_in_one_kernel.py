#!/usr/bin/python3
"""Executes notebooks one after another in ONE pioneer-eval Java kernel (called by execute.sh).

Each notebook after the first starts with the kernel's %reset magic: a fresh JShell, so no
variable, method or import of an earlier notebook is visible, while the kernel's JVM keeps its
loaded classes, compiled code and Spark session. That start (JVM, JShell, Spark, the first Delta
reads) is most of a notebook's time, and it is paid once per kernel instead of once per notebook.

When PIONEER_EVAL_KERNEL_CONNECTION_FILE names a connection file, the notebooks run in the kernel
that file describes, one hosted by the pipeline's own JVM (NotebookKernelHost), which is neither
started nor shut down here; otherwise in a kernel process started here from the kernelspec.

For every notebook it writes <out>/<name>.ipynb (executed, with outputs) and <out>/<name>.html
(offline template), its log to <out>/<name>.log, and prints one "execute: ..." line. A notebook
with a failing cell gets <out>/<name>.failed and the error on standard error; the others still run.

Usage: execute_in_one_kernel.py <out dir> <kernel name> <cell timeout s> <template dir> NOTEBOOK...
Debian's python3 (its nbclient, nbconvert and jupyter_client), hence /usr/bin/python3.
"""
import logging
import os
import sys
import time
import traceback

import nbformat
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
from nbconvert import HTMLExporter
from traitlets.config import Config

RESET_MAGIC = "%reset"  # JavaNotebookKernel.RESET_MAGIC
STARTUP_TIMEOUT = 180
CONNECTION_FILE_VARIABLE = "PIONEER_EVAL_KERNEL_CONNECTION_FILE"  # NotebookKernelHost's


class HostedKernelManager(KernelManager):
    """A kernel that lives in another process's JVM (the pipeline's): connected to through its
    connection file, never started, restarted or shut down from here; interrupts are messages."""

    @property
    def has_kernel(self):
        return True

    def is_alive(self):
        return True

    async def _async_is_alive(self):
        return True

    def interrupt_kernel(self):
        self._connect_control_socket()
        self.session.send(self._control_socket, self.session.msg("interrupt_request", content={}))


def main(out, kernel_name, timeout, template_dir, notebooks):
    # zmq's asyncio sockets report, through asyncio's logger, that they were closed at shutdown
    logging.getLogger("asyncio").setLevel(logging.CRITICAL)
    exporter_config = Config()
    exporter_config.TemplateExporter.extra_template_basedirs = [template_dir]
    exporter = HTMLExporter(config=exporter_config, template_name="offline")
    connection_file = os.environ.get(CONNECTION_FILE_VARIABLE)
    if connection_file:
        km = HostedKernelManager(connection_file=connection_file, kernel_name=kernel_name)
        km.load_connection_file()
    else:
        km = KernelManager(kernel_name=kernel_name)
        km.start_kernel(cwd=out)
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=STARTUP_TIMEOUT)
        for index, path in enumerate(notebooks):
            if index > 0:
                refused = reset(kc)
                if refused:
                    for rest in notebooks[index:]:
                        fail(rest, out, 0, "the kernel could not start a fresh JShell for it (%s):"
                             " %s" % (RESET_MAGIC, refused))
                    return
            execute_one(path, out, km, kc, kernel_name, timeout, exporter)
    finally:
        kc.stop_channels()
        if not connection_file:
            km.shutdown_kernel(now=False)


def reset(kc):
    """Sends the %reset magic; returns why it failed, or None."""
    try:
        reply = kc.execute_interactive(
            RESET_MAGIC, store_history=False, timeout=STARTUP_TIMEOUT, output_hook=lambda msg: None)
    except Exception as e:  # the kernel died or did not answer
        return repr(e)
    content = reply["content"]
    if content["status"] != "ok":
        return "%s: %s" % (content.get("ename"), content.get("evalue"))
    return None


def fail(path, out, seconds, failure):
    name = os.path.splitext(os.path.basename(path))[0]
    log_path = os.path.join(out, name + ".log")
    with open(log_path, "a", encoding="utf-8") as log:
        log.write("CellExecutionError\n%s\n" % failure)
    print("execute: %s FAILED after %d s; its log: %s" % (name, seconds, log_path), file=sys.stderr)
    print("\n".join(failure.splitlines()[:40]), file=sys.stderr, flush=True)
    open(os.path.join(out, name + ".failed"), "w").close()


def execute_one(path, out, km, kc, kernel_name, timeout, exporter):
    name = os.path.splitext(os.path.basename(path))[0]
    log_path = os.path.join(out, name + ".log")
    started = time.monotonic()
    handler = logging.FileHandler(log_path, mode="w")
    logger = logging.getLogger("pioneer-eval-notebooks." + name)
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb, km=km, kernel_name=kernel_name, timeout=timeout, log=logger,
        resources={"metadata": {"path": out}})
    client.kc = kc
    try:
        client.execute()
        failure = None
    except CellExecutionError as e:
        failure = str(e)
    except Exception:  # a kernel that died or timed out: report it like a failing cell
        failure = traceback.format_exc()
    finally:
        nbformat.write(nb, os.path.join(out, name + ".ipynb"))
    seconds = round(time.monotonic() - started)
    if failure is None:
        html, _ = exporter.from_notebook_node(nb)
        with open(os.path.join(out, name + ".html"), "w", encoding="utf-8") as f:
            f.write(html)
        print("execute: %s executed in %d s -> %s, %s.html" % (
            name, seconds, os.path.join(out, name + ".ipynb"), name), file=sys.stderr, flush=True)
    handler.close()
    logger.removeHandler(handler)
    if failure is not None:
        fail(path, out, seconds, failure)


if __name__ == "__main__":
    if len(sys.argv) < 6:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5:])
