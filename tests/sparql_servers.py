"""Real SPARQL servers for tests: Oxigraph server (PyPI `oxigraph`) and Virtuoso (Debian `virtuoso-opensource`).

    with oxigraph_server(tmp_path / "ox") as server:
        open_store(server.location)                      # sparql+http://127.0.0.1:PORT
    with virtuoso_server(tmp_path / "virt") as server:
        open_store(server.location, **server.options)    # endpoints and credentials

Each server runs in its own session on a free loopback port with its data in the given
directory; `kill()` stops it hard (SIGKILL, as a crash would) and `start()` brings it back
on the same directory and port. Tests skip when the server program is not installed.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from server import free_port

STARTUP_TIMEOUT = 90.0
VIRTUOSO_USER, VIRTUOSO_PASSWORD = "dba", "dba"  # a fresh Virtuoso database's administrator


def oxigraph_executable() -> str | None:
    beside = Path(sys.executable).parent / "oxigraph"
    return str(beside) if beside.exists() else shutil.which("oxigraph")


def virtuoso_executable() -> str | None:
    return shutil.which("virtuoso-t")


@dataclass
class SparqlServer:
    """A server process on 127.0.0.1:port; `location` and `options` are what open_store needs."""

    name: str
    command: list[str]
    directory: Path
    port: int
    location: str
    options: dict[str, Any] = field(default_factory=dict)
    ready_url: str = ""
    proc: subprocess.Popen[bytes] | None = None

    @property
    def log_path(self) -> Path:
        return self.directory / f"{self.name}.log"

    def start(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("ab") as log:
            self.proc = subprocess.Popen(self.command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                         cwd=self.directory, start_new_session=True)
        deadline = time.monotonic() + STARTUP_TIMEOUT
        with httpx.Client(timeout=5.0) as client:
            while time.monotonic() < deadline:
                if self.proc.poll() is not None:
                    raise RuntimeError(f"{self.name} exited with {self.proc.returncode}:\n{self.log_path.read_text()}")
                with contextlib.suppress(httpx.TransportError):
                    if client.get(self.ready_url, params={"query": "ASK {}"}).status_code == 200:
                        return
                time.sleep(0.2)
        self.kill()
        raise RuntimeError(f"{self.name} did not answer within {STARTUP_TIMEOUT:g} s:\n{self.log_path.read_text()}")

    def kill(self) -> None:
        """SIGKILL the server's process group (only this server's own session)."""
        if self.proc is None:
            return
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=30)
        self.proc = None

    def stop(self) -> None:
        """SIGTERM, then SIGKILL after a grace period."""
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.proc.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proc.wait(timeout=30)
        self.kill()


@contextlib.contextmanager
def oxigraph_server(directory: Path) -> Iterator[SparqlServer]:
    """`oxigraph serve --location DIR --bind 127.0.0.1:PORT`: the layout sparql+http:// assumes."""
    exe = oxigraph_executable()
    if exe is None:
        pytest.skip("the oxigraph server is not installed (pip install oxigraph)")
    port = free_port()
    server = SparqlServer("oxigraph", [exe, "serve", "--location", str(directory / "data"),
                                       "--bind", f"127.0.0.1:{port}"],
                          directory, port, f"sparql+http://127.0.0.1:{port}", ready_url=f"http://127.0.0.1:{port}/query")
    server.start()
    try:
        yield server
    finally:
        server.stop()


VIRTUOSO_INI = """[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
DisableTcpSocket = 0
MaxClientConnections = 10
CheckpointInterval = 60
CaseMode = 2
DirsAllowed = ., /usr/share/virtuoso-opensource-7/vad
VADInstallDir = /usr/share/virtuoso-opensource-7/vad/
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
ThreadsPerQuery = 2
AsyncQueueMaxThreads = 4

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = /var/lib/virtuoso-opensource-7/vsp
MaxClientConnections = 10
DavRoot = DAV
EnabledDavVSP = 0
ServerThreads = 10
MaxKeepAlives = 10
KeepAliveTimeout = 10
Charset = UTF-8
EnabledGzipContent = 0

[SPARQL]
ResultSetMaxRows = {max_rows}
MaxQueryCostEstimationTime = 400
MaxQueryExecutionTime = 600
"""


def virtuoso_options(base: str) -> dict[str, Any]:
    """Virtuoso's layout: /sparql-auth (query and update, HTTP digest) and /sparql-graph-crud-auth."""
    return {"query_endpoint": f"{base}/sparql-auth", "update_endpoint": f"{base}/sparql-auth",
            "graph_store_endpoint": f"{base}/sparql-graph-crud-auth",
            "user": VIRTUOSO_USER, "password": VIRTUOSO_PASSWORD}


@contextlib.contextmanager
def virtuoso_server(directory: Path, max_rows: int = 10_000_000) -> Iterator[SparqlServer]:
    """`virtuoso-t -f -c virtuoso.ini` with its database, SQL and HTTP ports on loopback, in `directory`;
    `max_rows` is its ResultSetMaxRows (Virtuoso's default of 10,000 cuts results)."""
    exe = virtuoso_executable()
    if exe is None:
        pytest.skip("Virtuoso is not installed (apt-get install virtuoso-opensource)")
    directory.mkdir(parents=True, exist_ok=True)
    sql_port, http_port = free_port(), free_port()
    ini = directory / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(dir=directory, sql_port=sql_port, http_port=http_port, max_rows=max_rows),
                   encoding="utf-8")
    base = f"http://127.0.0.1:{http_port}"
    server = SparqlServer("virtuoso", [exe, "-f", "-c", str(ini)], directory, http_port, f"sparql+{base}",
                          options=virtuoso_options(base), ready_url=f"{base}/sparql")
    server.start()
    try:
        yield server
    finally:
        server.stop()
