"""Outputs: serve, a real SPARQL endpoint: the `oxigraph` server (PyPI package
`oxigraph`) on 127.0.0.1, loaded with the graph.

``policykg serve`` loads the dataset into a store in a temporary folder (``oxigraph
load``), then runs ``oxigraph serve-read-only`` on it with the default graph as the union
of the named graphs (so the named queries, which use no GRAPH clause, work) and a query
timeout, behind a guard (kg.guard) that holds every query to that timeout. Its web page
(``/``) is a query editor; updates are refused.
"""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from rdflib import Dataset

from kg.errors import InputError
from kg.export import export_bytes
from kg.guard import HOST, Guard, Worker

LOADABLE = {".trig": "trig", ".nq": "nq", ".ttl": "ttl", ".nt": "nt"}


def oxigraph_binary() -> str:
    """The `oxigraph` command: beside this Python (a venv's bin/) or on PATH."""
    beside = Path(sys.executable).with_name("oxigraph")
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if not found:
        raise InputError("the `oxigraph` server is not installed: pip install oxigraph")
    return found


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now (bind to port 0, read it back)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind((HOST, port))
        except OSError:
            return False
        return True


def load_store(source: Dataset | Path, location: Path) -> None:
    """Load a dataset, or a TriG / N-Quads / Turtle / N-Triples file, into an Oxigraph
    store at LOCATION. A Dataset goes through an N-Quads dump of every graph."""
    with tempfile.TemporaryDirectory(prefix="policykg-load-") as tmp:
        if isinstance(source, Dataset):
            path = Path(tmp) / "kg.nq"
            path.write_bytes(export_bytes(source, "nq", "all"))
        else:
            path = Path(source)
        fmt = LOADABLE.get(path.suffix)
        if fmt is None:
            raise InputError(f"cannot load {path.suffix or 'this'} files into Oxigraph: "
                             f"one of {', '.join(LOADABLE)}", str(path))
        run = subprocess.run([oxigraph_binary(), "load", "--location", str(location),
                              "--file", str(path), "--format", fmt],
                             capture_output=True, text=True, check=False)
        if run.returncode != 0:
            raise InputError(f"oxigraph could not load the graph: {_last_line(run.stderr)}",
                             str(path if not isinstance(source, Dataset) else location))


@dataclass
class Server:
    """A running oxigraph server (a child process)."""

    process: subprocess.Popen
    port: int
    location: Path | None
    log: IO[str] | None = None

    def messages(self) -> str:
        """What the server wrote to stdout and stderr so far."""
        if self.log is None:
            return ""
        self.log.seek(0)
        return self.log.read()

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}/"

    @property
    def query_url(self) -> str:
        return f"http://{HOST}:{self.port}/query"

    @property
    def store_url(self) -> str:
        return f"http://{HOST}:{self.port}/store"

    def stop(self, grace: float = 5) -> int:
        """Terminate the server (SIGTERM, then SIGKILL after GRACE seconds)."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(grace)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.log is not None:
            self.log.close()
            self.log = None
        return self.process.returncode


def start(location: Path | None = None, port: int | None = None, read_only: bool = True,
          timeout_s: int | None = 30, ready_within: float = 20, union: bool = True) -> Server:
    """Start ``oxigraph serve-read-only`` on LOCATION (or a writable ``oxigraph serve``,
    in memory when LOCATION is None) on 127.0.0.1:PORT (a free one when None), with the
    union default graph (unless not UNION: a plain oxigraph, as a user runs it) and a
    query timeout, and wait until it answers queries."""
    if read_only and location is None:
        raise ValueError("a read-only server needs a store location")
    if port is None:
        port = free_port()
    elif not port_is_free(port):
        raise InputError(f"port {port} on {HOST} is in use; choose another with --port")
    command = [oxigraph_binary(), "serve-read-only" if read_only else "serve",
               "--bind", f"{HOST}:{port}", *(["--union-default-graph"] if union else [])]
    if location is not None:
        command += ["--location", str(location)]
    if timeout_s:
        command += ["--timeout-s", str(timeout_s)]
    # its messages go to a file (closed by Server.stop), not a pipe nobody drains
    log = tempfile.TemporaryFile(mode="w+", encoding="utf-8", errors="replace")  # noqa: SIM115
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=log, stderr=log)
    server = Server(process, port, location, log)
    try:
        wait_ready(server, ready_within)
    except BaseException:
        server.stop()
        raise
    return server


def answers(probe: str, timeout: float) -> bool:
    """Whether PROBE (a query URL) answers HTTP 200 within TIMEOUT seconds."""
    try:
        with urllib.request.urlopen(probe, timeout=timeout) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def wait_ready(server: Server, within: float) -> None:
    """Poll the query endpoint with ASK {} until it answers, the process dies or WITHIN
    seconds pass."""
    deadline = time.monotonic() + within
    probe = server.query_url + "?query=ASK%7B%7D"
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            detail = _last_line(server.messages())
            raise InputError(f"the oxigraph server stopped at start (port {server.port}): "
                             f"{detail}")
        if answers(probe, timeout=1):
            return
        time.sleep(0.05)
    raise InputError(f"the oxigraph server did not answer on port {server.port} "
                     f"within {within:g} s")


def serve(source: Dataset | Path, port: int | None = None, timeout_s: int | None = 30,
          announce=print, store: Path | None = None) -> int:
    """Load SOURCE into a temporary store (or open the on-disk STORE that `build --store`
    made, as it is), serve it read-only until Ctrl-C (or SIGTERM), then stop the server
    and remove any temporary store. Returns 0 on a clean stop."""
    location = store or Path(tempfile.mkdtemp(prefix="policykg-serve-"))
    if port is not None and not port_is_free(port):
        raise InputError(f"port {port} on {HOST} is in use; choose another with --port")
    # Ctrl-C and SIGTERM both stop cleanly, even where SIGINT was ignored (a background job)
    previous = {sig: signal.signal(sig, _interrupt) for sig in (signal.SIGINT, signal.SIGTERM)}
    worker = guard = None
    try:
        started = time.monotonic()
        if store is None:
            load_store(source, location)
        worker = Worker(lambda: start(location, read_only=True, timeout_s=timeout_s))
        guard = Guard(port or free_port(), worker, timeout_s)
        threading.Thread(target=guard.serve_forever, daemon=True).start()
        url = f"http://{HOST}:{guard.server_address[1]}/"
        announce(f"SPARQL endpoint: {url}query  (read-only"
                 + (f", queries stopped after {timeout_s} s" if timeout_s else "") + ")")
        announce(f"query editor:    {url}")
        announce(f"ready in {time.monotonic() - started:.1f} s; Ctrl-C stops it")
        _watch(worker)
    except KeyboardInterrupt:
        announce("stopping")
        return 0
    finally:
        if guard is not None:
            guard.shutdown()
            guard.server_close()
        if worker is not None:
            worker.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        if store is None:
            shutil.rmtree(location, ignore_errors=True)


def _watch(worker: Worker) -> None:
    """Until a signal: an InputError if the worker stops other than by the guard."""
    while True:
        server = worker.server
        code = server.process.wait()
        if worker.restarting or worker.server is not server:
            time.sleep(0.1)  # the guard is restarting it
            continue
        detail = _last_line(server.messages())
        raise InputError(f"the oxigraph server stopped (exit {code}): {detail}")


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def _last_line(text: str) -> str:
    """oxigraph's message: its `Error: …` line (a backtrace may follow), else the last."""
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    errors = [line.removeprefix("Error:").strip() for line in lines
              if line.startswith("Error:")]
    return errors[0] if errors else lines[-1] if lines else "no details"
