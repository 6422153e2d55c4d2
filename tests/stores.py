"""Real triple stores for the tests, on 127.0.0.1 and on free ports, each with a database
of its own in a temporary folder, stopped (and the folder removed) at the end.

OpenLink Virtuoso: the Debian package (``apt-get install virtuoso-opensource``, which
.ci/run installs; a service the package may start is left alone, on its own ports).
``Virtuoso(folder)`` writes a virtuoso.ini there (database, transaction log and temporary
database in FOLDER, SQL and HTTP ports on 127.0.0.1, result rows up to a million), runs
``virtuoso-t +foreground`` on it and waits until its SPARQL endpoint answers: a new
database takes 2-10 s to create. Its user ``dba`` has the password ``dba``; the Graph
Store Protocol is at /sparql-graph-crud-auth (Digest), the endpoint at /sparql. Without
the package the tests that need it are skipped, unless POLICYKG_REQUIRE_STORES=1 (set by
.ci/run), which makes a missing store a failure.

Oxigraph: ``kg.serve.start(location=None, read_only=False, union=False)``, a plain
in-memory ``oxigraph serve`` from the oxigraph package on PyPI (its default graph is its
own, not the union of the graphs).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from kg.serve import HOST, answers, free_port

VIRTUOSO = "virtuoso-t"
USER, PASSWORD = "dba", "dba"  # a new Virtuoso database's administrator
READY_WITHIN = 120  # seconds; usually 2-10


def require(program: str) -> str:
    """The path of PROGRAM, or a skip (a failure under POLICYKG_REQUIRE_STORES=1)."""
    found = shutil.which(program)
    if found:
        return found
    message = f"needs {program} (Debian: apt-get install virtuoso-opensource)"
    if os.environ.get("POLICYKG_REQUIRE_STORES") == "1":
        pytest.fail(message)
    pytest.skip(message)


class Virtuoso:
    """virtuoso-t in the foreground on a new database in FOLDER."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.sql_port, self.http_port = free_port(), free_port()
        (folder / "virtuoso.ini").write_text(self._ini(), encoding="utf-8")
        self.log = (folder / "server.log").open("w+", encoding="utf-8", errors="replace")
        self.process = subprocess.Popen(
            [require(VIRTUOSO), "+foreground", "+configfile", "virtuoso.ini"], cwd=folder,
            stdin=subprocess.DEVNULL, stdout=self.log, stderr=self.log)
        try:
            self._wait_ready()
        except BaseException:
            self.stop()
            raise

    @property
    def sparql_url(self) -> str:
        return f"http://{HOST}:{self.http_port}/sparql"

    @property
    def store_url(self) -> str:
        return f"http://{HOST}:{self.http_port}/sparql-graph-crud-auth"

    def _ini(self) -> str:
        where = self.folder
        return f"""[Database]
DatabaseFile = {where}/virtuoso.db
ErrorLogFile = {where}/virtuoso.log
LockFile = {where}/virtuoso.lck
TransactionFile = {where}/virtuoso.trx
xa_persistent_file = {where}/virtuoso.pxa
[TempDatabase]
DatabaseFile = {where}/virtuoso-temp.db
TransactionFile = {where}/virtuoso-temp.trx
[Parameters]
ServerPort = {HOST}:{self.sql_port}
DisableUnixSocket = 1
CaseMode = 2
DirsAllowed = ., {where}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
[HTTPServer]
ServerPort = {HOST}:{self.http_port}
ServerRoot = {where}
ServerThreads = 10
Charset = UTF-8
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 120
"""

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + READY_WITHIN
        probe = self.sparql_url + "?query=ASK%7B%7D"
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"virtuoso-t stopped at start: {self.messages()}")
            if answers(probe, timeout=2):
                return
            time.sleep(0.2)
        raise AssertionError(f"virtuoso-t did not answer within {READY_WITHIN} s: "
                             f"{self.messages()}")

    def messages(self) -> str:
        self.log.seek(0)
        return self.log.read()[-2000:]

    def stop(self) -> None:
        """SIGTERM (Virtuoso checkpoints and exits), SIGKILL after 60 s."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()
