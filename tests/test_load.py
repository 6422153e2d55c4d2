"""The endpoint under load, on loopback only and bounded in count and time: `policykg
serve` (the oxigraph server) on 127.0.0.1 takes 50 concurrent clients sending named
queries; no request fails, the server's memory stops growing after a warm-up (measured
in the same run: some window of the load peaks no higher than the one before it, within
60 s), a pathological query is stopped by the timeout with a clear error, updates are
refused. Nothing here depends on how fast the machine is."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from itertools import cycle
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.query import named_queries, query_endpoint
from kg.serve import free_port

pytestmark = [pytest.mark.load, pytest.mark.server]

ROOT = Path(__file__).resolve().parent.parent
CLIENTS = 50
WARM_UP = 10          # seconds of load before the server's memory is watched
WINDOW = 5            # seconds: each window's peak memory is compared with the one before
LONGEST = 60          # seconds of load at most: memory still growing then fails the test
TIMEOUT = 2           # policykg serve --timeout
# ~31,000 triples squared: far beyond 2 s, and oxigraph checks its timeout in this shape
CARTESIAN_2 = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }"
CARTESIAN_4 = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


class Served:
    """`policykg serve` in a child process, and the oxigraph server it runs."""

    def __init__(self, kg: Path, tmp: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/query"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "kg", "serve", "--kg", str(kg), "--port", str(self.port),
             "--timeout", str(TIMEOUT)], cwd=ROOT, env={**os.environ, "TMPDIR": str(tmp)},
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            if not line or "Ctrl-C" in line:
                break
        assert self.process.poll() is None, self.process.stderr.read()
        self.oxigraph = self._child()

    def _child(self) -> int:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        pids = [int(p) for p in children.read_text().split()]
        assert len(pids) == 1, pids
        assert "oxigraph" in Path(f"/proc/{pids[0]}/cmdline").read_bytes().decode()
        return pids[0]

    def rss_kb(self) -> int:
        for line in Path(f"/proc/{self.oxigraph}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        raise AssertionError("no VmRSS")

    def stop(self) -> int:
        self.process.send_signal(signal.SIGINT)
        try:
            return self.process.wait(20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise


@pytest.fixture
def served(seed_kg, tmp_path):
    server = Served(seed_kg, tmp_path)
    yield server
    assert server.stop() == 0


def test_fifty_clients_until_the_memory_stops_growing(served, capsys):
    names = cycle(sorted(named_queries()))
    lock = threading.Lock()
    done: list[float] = []          # finish times of good answers
    failures: list[str] = []
    memory: list[tuple[float, int]] = []
    stop = threading.Event()
    start = time.monotonic()

    def client() -> None:
        while not stop.is_set():
            with lock:
                name = next(names)
            try:
                columns, _ = query_endpoint(served.url, name, timeout=30)
                assert columns
            except Exception as err:  # every failure is counted
                with lock:
                    failures.append(f"{name}: {err}")
            else:
                with lock:
                    done.append(time.monotonic() - start)

    def watch() -> None:
        while not stop.is_set():
            memory.append((time.monotonic() - start, served.rss_kb()))
            time.sleep(0.25)

    pathological: list[object] = []

    def pathological_query() -> None:
        time.sleep(WARM_UP / 2)
        began = time.monotonic()
        try:
            query_endpoint(served.url, text=CARTESIAN_2, timeout=30)
        except InputError as err:
            pathological.append(err)
        pathological.append(time.monotonic() - began)

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    threads += [threading.Thread(target=watch), threading.Thread(target=pathological_query)]
    for thread in threads:
        thread.start()
    peaks = window_peaks(memory, start)
    stop.set()
    for thread in threads:
        thread.join(60)

    seconds = time.monotonic() - start
    with capsys.disabled():
        print(f"\nload: {len(done)} answers in {seconds:.0f} s from {CLIENTS} clients, "
              f"{len(failures)} failed; oxigraph's peak RSS (kB) in each {WINDOW} s after "
              f"{WARM_UP} s of warm-up: {peaks}; pathological query: {pathological}")
    assert failures == [] and done, failures[:5]
    assert len(peaks) >= 2 and peaks[-1] <= peaks[-2], \
        f"the server's memory was still growing after {LONGEST} s: {peaks}"
    # the pathological query was stopped by the server's timeout, with a clear error
    assert "stopped the query at its time limit" in str(pathological[0]), pathological


def window_peaks(memory: list[tuple[float, int]], start: float) -> list[int]:
    """The peak of MEMORY (time, kB) in each WINDOW after WARM_UP, taken as the load
    goes on, until a window peaks no higher than the one before it (memory has stopped
    growing) or LONGEST seconds pass."""
    peaks: list[int] = []
    end = WARM_UP
    while end + WINDOW <= LONGEST and not (len(peaks) >= 2 and peaks[-1] <= peaks[-2]):
        end += WINDOW
        time.sleep(max(0.0, start + end - time.monotonic()))
        window = [kb for t, kb in list(memory) if end - WINDOW <= t < end]
        assert window, f"no memory sample between {end - WINDOW} and {end} s"
        peaks.append(max(window))
    return peaks


def test_updates_are_refused(served):
    for path, body, kind in (("update", b"INSERT DATA { <urn:a> <urn:b> <urn:c> }",
                              "application/sparql-update"),
                             ("store", b"<urn:a> <urn:b> <urn:c> .", "application/n-triples")):
        request = urllib.request.Request(f"http://127.0.0.1:{served.port}/{path}",
                                         data=body, method="POST",
                                         headers={"Content-Type": kind})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=10)
        assert refused.value.code in (403, 405), path
    _, rows = query_endpoint(served.url, text="ASK { <urn:a> <urn:b> <urn:c> }")
    assert str(rows[0]["boolean"]) == "false"


def test_a_fourfold_cartesian_product_is_stopped_by_the_timeout(served):
    """oxigraph 0.5 does not check its --timeout-s inside this join: serve's guard
    (kg.guard) ends the answer and restarts the worker, which then answers again."""
    first = served.oxigraph
    with pytest.raises(InputError, match="stopped the query at its time limit"):
        query_endpoint(served.url, text=CARTESIAN_4, timeout=TIMEOUT + 30)
    _, rows = query_endpoint(served.url, "task-owners", timeout=30)
    assert rows
    assert not Path(f"/proc/{first}").exists() or \
        "zombie" in Path(f"/proc/{first}/status").read_text()  # the stuck one is gone
