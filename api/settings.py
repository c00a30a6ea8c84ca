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


@dataclass(frozen=True)
class Settings:
    """What a running server needs to know; defaults suit a local demo."""

    store: Path = Path("data/store")
    host: str = "127.0.0.1"
    port: int = 8000
    query_timeout: float = 10.0  # seconds a SPARQL query (or graph dump) may run before it is killed
    max_rows: int = 10_000  # rows (SELECT) or triples (CONSTRUCT/DESCRIBE) returned at most
    max_body_bytes: int = 5 * 1024 * 1024  # request bodies above this are refused with 413
    update_token: str | None = field(default=None, repr=False)  # None: the server is read-only
    max_concurrent_queries: int = 4  # query worker processes; more concurrent queries wait, then 503
    queue_timeout: float = 2.0  # seconds a query may wait for a free worker before a 503

    def __post_init__(self) -> None:
        if self.query_timeout <= 0:
            raise ValueError("query_timeout must be positive")
        if self.max_rows < 1:
            raise ValueError("max_rows must be at least 1")
        if self.max_body_bytes < 1024:
            raise ValueError("max_body_bytes must be at least 1024")
        if self.max_concurrent_queries < 1:
            raise ValueError("max_concurrent_queries must be at least 1")
        if self.queue_timeout < 0:
            raise ValueError("queue_timeout must not be negative")
        if self.update_token is not None and len(self.update_token) < 8:
            raise ValueError("the update token must be at least 8 characters")

    @property
    def read_only(self) -> bool:
        return self.update_token is None

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        """Settings from PROVKG_* variables: how `uvicorn --factory provkg.api.app:app_from_env` is configured."""
        env = os.environ if environ is None else environ
        kwargs: dict[str, Any] = {}
        conversions: dict[str, Any] = {
            "store": Path, "host": str, "port": int, "query_timeout": float, "max_rows": int,
            "max_body_bytes": int, "max_concurrent_queries": int, "queue_timeout": float,
        }
        for name, convert in conversions.items():
            value = env.get(ENV_PREFIX + name.upper())
            if value not in (None, ""):
                kwargs[name] = convert(value)
        token = env.get(ENV_PREFIX + "UPDATE_TOKEN")
        if token:
            kwargs["update_token"] = token.strip()
        return cls(**kwargs)
