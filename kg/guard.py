"""Outputs: the guard in front of `policykg serve`'s oxigraph server, which makes
--timeout-s hold for every query.

oxigraph checks its own timeout only at some steps of a query: inside a join of several
unconstrained patterns (a cartesian product) it never does, and the query runs on, a core
at 100%, after the client has given up. So the public port belongs to a small proxy in
the serve process: it passes each request to the oxigraph server (the worker, on a port
of its own) and its answer back as it arrives, and when an answer is not complete GRACE
seconds past the time limit it ends it the way oxigraph ends a query it cancels (an error
before the answer began, the cancellation text after it), then restarts the worker, which
is the only way to stop the query. Requests that arrive while it restarts wait for it;
those under way on the old worker are answered 503.
"""

from __future__ import annotations

import contextlib
import http.client
import subprocess
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Protocol

from kg.remote import CANCELLED

HOST = "127.0.0.1"

GRACE = 1.0  # seconds past the limit before the guard steps in: oxigraph's own check first
CHUNK = 64 * 1024
HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade",
              "proxy-authenticate", "proxy-authorization", "content-length"}


class Running(Protocol):
    """A started server (kg.serve.Server)."""

    process: subprocess.Popen
    port: int

    def stop(self) -> int: ...


class Worker:
    """The oxigraph server behind the guard, restarted by START when a query overruns."""

    def __init__(self, start: Callable[[], Running]) -> None:
        self._start = start
        self.server = start()
        self.restarts = 0
        self._lock = threading.Lock()
        self._ready = threading.Event()
        self._ready.set()

    @property
    def restarting(self) -> bool:
        return not self._ready.is_set()

    def current(self, wait: float) -> tuple[Running, int]:
        """The running server and its generation, once it is ready (WAIT seconds at most)."""
        self._ready.wait(wait)
        return self.server, self.restarts

    def restart(self, generation: int) -> None:
        """Kill the worker of GENERATION and start a new one (once, however many ask)."""
        with self._lock:
            if generation != self.restarts:
                return  # another request restarted it already
            self._ready.clear()
            try:
                self.server.process.kill()
                self.server.stop()
                self.server = self._start()
            finally:
                self.restarts += 1
                self._ready.set()

    def stop(self) -> None:
        with self._lock:
            self.server.stop()


class Guard(ThreadingHTTPServer):
    """The public endpoint: HOST:PORT, each request passed to WORKER within LIMIT s."""

    daemon_threads = True
    request_queue_size = 128  # fifty clients at once connect without a retry

    def __init__(self, port: int, worker: Worker, limit: float | None) -> None:
        self.worker, self.limit = worker, limit
        super().__init__((HOST, port), _Handler)


class _Handler(BaseHTTPRequestHandler):
    server: Guard
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        self._pass()

    do_POST = do_PUT = do_DELETE = do_HEAD = do_OPTIONS = do_PATCH = do_GET

    def log_message(self, format: str, *args) -> None:
        pass  # one line per request on the terminal is noise; oxigraph logs nothing either

    def _pass(self) -> None:
        self.started = False  # whether the answer's status line went out
        limit = self.server.limit
        deadline = time.monotonic() + limit + GRACE if limit else None
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        server, generation = self.server.worker.current(wait=30)
        upstream = http.client.HTTPConnection(HOST, server.port, timeout=_left(deadline))
        try:
            upstream.request(self.command, self.path, body=body or None,
                             headers=_forwarded(self.headers))
            response = upstream.getresponse()
            self._relay(response, upstream, deadline)
        except TimeoutError:
            self._overrun(generation)
        except (OSError, http.client.HTTPException):
            self._fail(503, "the SPARQL endpoint restarted its worker; ask again")
        finally:
            upstream.close()
        self.close_connection = True

    def _relay(self, response: http.client.HTTPResponse, upstream, deadline) -> None:
        self.send_response(response.status, response.reason)
        for name, value in response.getheaders():
            if name.lower() not in HOP_BY_HOP:
                self.send_header(name, value)
        self.send_header("Connection", "close")
        self.end_headers()
        self.started = True
        while True:
            if upstream.sock is not None:
                upstream.sock.settimeout(_left(deadline))
            chunk = response.read1(CHUNK)
            if not chunk:
                return
            self.wfile.write(chunk)

    def _overrun(self, generation: int) -> None:
        """The answer is past its time: end it as oxigraph would, restart the worker."""
        threading.Thread(target=self.server.worker.restart, args=(generation,),
                         daemon=True).start()
        message = CANCELLED.decode() + f" (time limit: {self.server.limit:g} s)\n"
        if self.started:
            with contextlib.suppress(OSError):  # the client may have gone
                self.wfile.write(message.encode())
        else:
            self._fail(500, message)

    def _fail(self, status: int, message: str) -> None:
        if self.started:
            return  # the answer began: closing the connection cuts it short
        payload = message.encode()
        with contextlib.suppress(OSError):  # the client may have gone
            self.send_response(status)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(payload)))
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(payload)


def _forwarded(headers) -> dict[str, str]:
    return {k: v for k, v in headers.items() if k.lower() not in HOP_BY_HOP | {"host"}}


def _left(deadline: float | None) -> float | None:
    """Seconds until DEADLINE (None: no limit), never 0, which would mean non-blocking."""
    return None if deadline is None else max(0.01, deadline - time.monotonic())
