"""A real provkg server for tests: `provkg serve` in a subprocess on a free loopback port.

    with running_server(store_dir, update_token="s3cret-token", query_timeout=2) as base_url:
        httpx.get(base_url + "/sparql", params={"query": "ASK {}"})

Keyword arguments are api/settings.Settings fields (query_timeout, max_rows, max_body_bytes,
update_token, max_concurrent_queries, queue_timeout); each is passed to the server as its
PROVKG_* environment variable, so the helper needs no change when a setting is added. The
yielded URL is a `str` that also carries `.pid` and `.log_path` (the server's combined
stdout/stderr), for tests that look at the process or its log. The server is stopped (SIGINT,
then SIGKILL of its process group after a grace period) when the block exits.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx

STARTUP_TIMEOUT = 60.0
STOP_TIMEOUT = 15.0


class ServerURL(str):
    """The base URL (no trailing slash), plus the server's pid and log file."""

    pid: int
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")


class ServerFailed(RuntimeError):
    """The server did not come up; the message holds its log."""


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now (the server binds it a moment later)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def provkg_command() -> list[str]:
    """The installed console script beside this interpreter, else `python -m provkg.api.cli`."""
    beside = Path(sys.executable).parent / "provkg"
    return [str(beside)] if beside.exists() else [sys.executable, "-m", "provkg.api.cli"]


def _env(settings: dict[str, Any]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PROVKG_")}
    env.update({"NO_COLOR": "1", "COLUMNS": "200", "PYTHONUNBUFFERED": "1"})
    for name, value in settings.items():
        if value is None:
            continue
        env["PROVKG_" + name.upper()] = str(value)
    return env


def _wait_until_up(proc: subprocess.Popen[bytes], url: str, log_path: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    with httpx.Client(timeout=2.0) as client:
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise ServerFailed(f"provkg serve exited with status {proc.returncode}:\n{log_path.read_text()}")
            try:
                if client.get(url + "/sparql", headers={"Accept": "text/turtle"}).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.1)
    raise ServerFailed(f"provkg serve did not answer within {timeout:g} s:\n{log_path.read_text()}")


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    """SIGINT (uvicorn's graceful stop, which also stops the query workers), then kill the group."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            pass
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)  # our own session: the server and its query workers only
    proc.wait(timeout=STOP_TIMEOUT)


@contextlib.contextmanager
def running_server(store_dir: str | os.PathLike[str], **settings: Any) -> Iterator[str]:
    """Start `provkg serve --store store_dir` on a free loopback port; yield its base URL; stop it."""
    last_error: ServerFailed | None = None
    for _attempt in range(3):  # another process may take the free port before the server binds it
        port = free_port()
        log_file = tempfile.NamedTemporaryFile(prefix="provkg-serve-", suffix=".log", delete=False)  # noqa: SIM115
        log_path = Path(log_file.name)
        cmd = [*provkg_command(), "serve", "--store", str(store_dir), "--host", "127.0.0.1", "--port", str(port),
               "--log-level", "info"]
        proc = subprocess.Popen(cmd, stdout=log_file, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                env=_env(settings), start_new_session=True)
        log_file.close()
        url = ServerURL(f"http://127.0.0.1:{port}")
        url.pid = proc.pid
        url.log_path = log_path
        try:
            _wait_until_up(proc, url, log_path, STARTUP_TIMEOUT)
        except ServerFailed as e:
            stop_server(proc)
            last_error = e
            if "address already in use" in str(e).lower():
                continue
            raise
        try:
            yield url
        finally:
            stop_server(proc)
        return
    assert last_error is not None
    raise last_error


def query_while_busy(base_url: str, query: str, start_slow: Any, tries: int = 5) -> tuple[httpx.Response, list[Any]]:
    """The answer to `query` while slow queries hold the workers, and the threads sending them (`start_slow()`
    starts them). On a loaded machine the slow ones start late, or are refused while a replaced worker is still
    starting: `query` is asked again while it is answered 200 and they run, and the whole scene is set again,
    `tries` times in all. Each time the query ends in a comment of its own: a text the server has not seen
    needs a worker (one it has run cheaply on the same data may be answered in the server process:
    api/query_runner.py)."""
    asked = itertools.count()
    for _ in range(tries):
        threads = start_slow()
        while True:
            r = httpx.get(base_url + "/sparql", params={"query": f"{query}\n# {next(asked)}"}, timeout=10)
            if r.status_code != 200 or not any(t.is_alive() for t in threads):
                break
            time.sleep(0.1)
        if r.status_code != 200:
            return r, threads
        for t in threads:
            t.join(timeout=30)
    return r, threads
