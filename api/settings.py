"""Server settings: one frozen dataclass the CLI fills from options and the app reads.

Kept apart from app.py so tests, the CLI and `uvicorn --factory` build the same thing,
and so the one secret (the update token) never appears in a repr or a log line.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ENV_PREFIX = "PROVKG_"


def _store_location(text: str) -> Path | str:
    """A directory as a Path; a SPARQL server's URL kept as text (a Path would fold its `//`)."""
    return text if text.startswith(("sparql+http://", "sparql+https://")) else Path(text)


@dataclass(frozen=True)
class Settings:
    """What a running server needs to know; defaults suit a local demo."""

    store: Path | str = Path("data/store")  # a directory, or a SPARQL server as sparql+http(s)://host:port[/base]
    host: str = "127.0.0.1"
    port: int = 8000
    query_timeout: float = 10.0  # seconds a SPARQL query (or graph dump) may run before it is killed
    max_rows: int = 10_000  # rows (SELECT) or triples (CONSTRUCT/DESCRIBE) returned at most
    max_body_bytes: int = 5 * 1024 * 1024  # request bodies above this are refused with 413
    max_url_bytes: int = 32 * 1024  # longer URLs are refused with 414 (api/http_limits.py)
    max_header_bytes: int = 64 * 1024  # request headers above this (in all) are refused with 431
    update_token: str | None = field(default=None, repr=False)  # None: the server is read-only
    max_concurrent_queries: int = 4  # query worker processes; more concurrent queries wait, then 503
    queue_timeout: float = 2.0  # seconds a query may wait for a free worker before a 503
    # a SPARQL-server store (graph/remote.py): endpoint overrides, credentials, write tries
    query_endpoint: str | None = None
    update_endpoint: str | None = None
    graph_store_endpoint: str | None = None
    store_user: str | None = None
    store_password: str | None = field(default=None, repr=False)
    store_retries: int | None = None

    def __post_init__(self) -> None:
        if self.query_timeout <= 0:
            raise ValueError("query_timeout must be positive")
        if self.max_rows < 1:
            raise ValueError("max_rows must be at least 1")
        if self.max_body_bytes < 1024:
            raise ValueError("max_body_bytes must be at least 1024")
        if self.max_url_bytes < 256:
            raise ValueError("max_url_bytes must be at least 256")
        if self.max_header_bytes < 1024:
            raise ValueError("max_header_bytes must be at least 1024")
        if self.max_concurrent_queries < 1:
            raise ValueError("max_concurrent_queries must be at least 1")
        if self.queue_timeout < 0:
            raise ValueError("queue_timeout must not be negative")
        if self.update_token is not None and len(self.update_token) < 8:
            raise ValueError("the update token must be at least 8 characters")

    @property
    def read_only(self) -> bool:
        return self.update_token is None

    @property
    def remote(self) -> bool:
        """Whether the store is a SPARQL server rather than a directory."""
        return str(self.store).startswith(("sparql+http://", "sparql+https://"))

    def remote_options(self) -> dict[str, Any]:
        """open_store's keyword arguments for a SPARQL-server store."""
        return {"query_endpoint": self.query_endpoint, "update_endpoint": self.update_endpoint,
                "graph_store_endpoint": self.graph_store_endpoint, "user": self.store_user,
                "password": self.store_password, "retries": self.store_retries}

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        """Settings from PROVKG_* variables: how `uvicorn --factory provkg.api.app:app_from_env` is configured."""
        env = os.environ if environ is None else environ
        kwargs: dict[str, Any] = {}
        conversions: dict[str, Any] = {
            "store": _store_location, "host": str, "port": int, "query_timeout": float, "max_rows": int,
            "max_body_bytes": int, "max_url_bytes": int, "max_header_bytes": int, "max_concurrent_queries": int,
            "queue_timeout": float,
            "query_endpoint": str, "update_endpoint": str, "graph_store_endpoint": str, "store_user": str,
            "store_password": str, "store_retries": int,
        }
        for name, convert in conversions.items():
            value = env.get(ENV_PREFIX + name.upper())
            if value not in (None, ""):
                kwargs[name] = convert(value)
        token = env.get(ENV_PREFIX + "UPDATE_TOKEN")
        if token:
            kwargs["update_token"] = token.strip()
        return cls(**kwargs)
