"""Foundation: where the ontology, queries and bundled documents live.

In a wheel they are package data inside ``kg`` (see pyproject.toml); in a checkout or an
editable install they are the top-level folders of the repository. Only this module
knows that.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

_CHECKOUT = Path(__file__).resolve().parent.parent


def resource(*parts: str) -> Path:
    packaged = Path(str(files("kg").joinpath(*parts)))
    return packaged if packaged.exists() else _CHECKOUT.joinpath(*parts)


def ontology_files() -> list[Path]:
    """The ontology, its concept schemes and the reference data, in a stable order."""
    folder = resource("ontology")
    own = [f for f in sorted(folder.glob("*.ttl")) if f.name != "shapes.ttl"]
    return own + sorted((folder / "reference").glob("*.ttl"))


def shapes_file() -> Path:
    return resource("ontology", "shapes.ttl")


def query_dir() -> Path:
    return resource("queries")


def seed_document() -> Path:
    return next(iter(sorted(resource("data").glob("*.txt"))))


def checkout() -> Path | None:
    """The project's repository folder when running from a checkout (an editable install
    or a bare clone), None when installed from a wheel."""
    return _CHECKOUT if (_CHECKOUT / "pyproject.toml").is_file() else None
