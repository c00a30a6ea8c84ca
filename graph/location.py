"""A store location -> the Store that serves it: a directory, ":memory:", or a SPARQL server.

Apart from graph/store.py (the Store interface and the embedded store) and graph/remote.py (a
SPARQL server as the store), which each know only their own kind, so neither imports the other.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from provkg.graph.remote import SparqlServerStore, is_remote
from provkg.graph.store import OxigraphStore, Store


def open_store(location: str | Path, **remote: Any) -> Store:
    """Open the store at `location`: a directory (created if missing), ":memory:", or a SPARQL server
    (`sparql+http://host:port[/base]`, graph/remote.py; `remote` holds its endpoint overrides, credentials
    and retry settings).

    Raises graph/store.StoreInUseError when another process holds the directory's lock, and
    graph/remote.StoreUnavailable when the server does not answer.
    """
    text = str(location)
    if is_remote(text):
        return SparqlServerStore.open(text, **remote)
    if text.startswith(("http://", "https://")):
        raise ValueError(f"{text} is not a store: name a SPARQL server as sparql+{text}")
    if text == ":memory:":
        return OxigraphStore(None)
    path = Path(location)
    path.mkdir(parents=True, exist_ok=True)
    return OxigraphStore(path)
