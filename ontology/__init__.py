"""provkg.ontology: data files (provkg.ttl, shapes.ttl, domain tables) shipped with the package."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def path(name: str) -> Path:
    """Filesystem path of a data file in this package, e.g. path("shapes.ttl")."""
    p = Path(str(files(__name__) / name))
    if not p.is_file():
        raise FileNotFoundError(f"no ontology data file {name!r} in {p.parent}")
    return p
