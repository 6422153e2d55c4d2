"""Outputs: building a corpus on a Dask distributed cluster.

Each document goes to a worker as its file name and bytes (a worker on another machine
cannot read the client's disk); the worker reads, annotates, ingests, reasons and
validates it with the reference data it has closed once, and sends back its outcome with
the triples as N-Quads. The client gathers the outcomes in the order of the files, as a
local build does, so the graph is the same, byte for byte.

Dask is optional (pip install 'policy-kg[cluster]'): it is imported only when a build
asks for it, and every worker needs policy-kg installed at the same version.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

from kg.errors import InputError
from kg.pipeline import Processed, Stages

_STAGES: dict[tuple[bool, bool, bool], Stages] = {}  # per worker process: reference data, once


def dask_executor(scheduler: str | None = None, workers: int | None = None):
    """An executor for kg.pipeline.build: documents onto the cluster at SCHEDULER
    (tcp://host:port), or onto a LocalCluster of WORKERS processes when none is given."""

    def execute(paths: list[Path], reason: bool, validate: bool, as_nquads: bool
                ) -> Iterator[Processed]:
        # Dask is heavy (about a second to import) and optional: only a cluster build needs it
        from dask.distributed import Client, LocalCluster

        cluster = None if scheduler else LocalCluster(
            n_workers=workers or 2, threads_per_worker=1, processes=True,
            dashboard_address=None, silence_logs=logging.ERROR)
        try:
            client = Client(scheduler or cluster)
        except OSError as err:
            raise InputError(f"cannot reach the Dask scheduler: {err}", scheduler) from None
        try:
            futures = [client.submit(process_file, str(path), _read(path), reason, validate,
                                     as_nquads, key=f"policykg-{i}-{path.name}", pure=False)
                       for i, path in enumerate(paths)]
            for i, future in enumerate(futures):  # in the order of the files, as a local build
                result = future.result()
                future.release()  # nothing of a gathered document stays on the cluster
                futures[i] = None
                yield result
        finally:
            client.close()
            if cluster is not None:
                cluster.close(timeout=10)

    return execute


def process_file(source: str, data: bytes | InputError, reason: bool, validate: bool,
                 as_nquads: bool) -> Processed:
    """What a worker does with one document: its outcome, the triples as graphs or, for a
    store or shards, as N-Quads."""
    if isinstance(data, InputError):
        return Processed(Path(source), error=data)
    key = (reason, validate, as_nquads)
    stages = _STAGES.get(key)
    if stages is None:
        stages = _STAGES[key] = Stages(reason, validate, to_store=as_nquads)
    return stages.process(Path(source), data)


def _read(path: Path) -> bytes | InputError:
    try:
        return path.read_bytes()
    except OSError as err:
        return InputError(f"cannot read the document: {err.strerror}", str(path))
