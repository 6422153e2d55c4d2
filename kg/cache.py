"""Foundation: cache, what every process computes first from files that rarely change
(the reference data's graphs, the reasoner closed over them, the gazetteer: a tenth of a
second of each build), kept between runs as a pickle in the user's cache folder, as
Python keeps bytecode. A cached value is named by a digest of its input files, of
policykg's own code and of the versions of Python, rdflib, Oxigraph and OpenCC: an edit
to any of them makes a new one. A cache file that cannot be read is made again; one that
cannot be written is not kept. Nothing in a build's outputs depends on the cache.

POLICYKG_CACHE sets the folder (default: $XDG_CACHE_HOME/policykg, else
~/.cache/policykg); POLICYKG_CACHE=off turns the cache off. The folder must be the
user's own: reading a pickle runs what it says.
"""

from __future__ import annotations

import contextlib
import copyreg
import hashlib
import os
import pickle
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

import opencc
import pyoxigraph as ox
import rdflib
from rdflib.graph import ReadOnlyGraphAggregate

from kg.errors import InputError
from kg.files import write_atomic

T = TypeVar("T")
_CODE = Path(__file__).resolve().parent

# rdflib's read-only union of graphs (the gazetteer reads one) pickles as its graphs
copyreg.pickle(ReadOnlyGraphAggregate, lambda union: (ReadOnlyGraphAggregate, (union.graphs,)))


def cached(name: str, make: Callable[[], T], inputs: Iterable[Path]) -> T:
    """MAKE()'s value, from the cache when it holds one made from these INPUTS by this
    code, else made now and kept."""
    folder = cache_folder()
    if folder is None:
        return make()
    path = folder / f"{name}-{_digest(inputs)}.pickle"
    try:
        return pickle.loads(path.read_bytes())
    except Exception:  # none yet, or cut short: unpickling raises any type
        pass
    value = make()
    _keep(path, value)
    return value


def cache_folder() -> Path | None:
    """Where cached values are kept (None: the cache is off)."""
    chosen = os.environ.get("POLICYKG_CACHE")
    if chosen == "off":
        return None
    if chosen:
        return Path(chosen)
    home = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(home) / "policykg"


def _digest(inputs: Iterable[Path]) -> str:
    # the libraries whose terms and dictionaries the values hold
    versions = (sys.version, rdflib.__version__, ox.__version__, opencc.__version__)
    digest = hashlib.sha256(" ".join(versions).encode())
    code = sorted(_CODE.rglob("*.py"))
    for path in [*inputs, *code]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:32]


def _keep(path: Path, value: object) -> None:
    """Write VALUE's pickle and delete the older ones of the same name."""
    try:
        write_atomic(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    except InputError:  # a folder we cannot write: work without the cache
        return
    name = path.name.rsplit("-", 1)[0]
    for old in path.parent.glob(f"{name}-*.pickle"):
        if old != path:
            with contextlib.suppress(OSError):
                old.unlink()
