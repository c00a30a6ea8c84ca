"""Request heads are bounded (api/http_limits.py), on real servers: a URL past the limit gets 414, headers past
it 431, a request the parser refuses 400, each as JSON, at once, without the rest of the request being read; just
under the limits a request is served; the server goes on answering."""

from __future__ import annotations

import contextlib
import json
import os
import select
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from server import free_port, running_server

ASK = "/sparql?query=ASK%7B%7D"
MB = 1024 * 1024


def exchange(base_url: str, head: bytes, chunk: int = 64 * 1024, timeout: float = 30.0) -> tuple[int, dict, bytes]:
    """Send a request head over a raw socket a chunk at a time, as a client streaming it would, stopping once the
    server answers; the status, headers and body of the answer."""
    port = int(base_url.rsplit(":", 1)[1])
    deadline = time.monotonic() + timeout
    answer = b""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        sent = 0
        while time.monotonic() < deadline:
            readable, _, _ = select.select([s], [], [], 0 if sent < len(head) else 1.0)
            if readable:
                data = s.recv(65536)
                if not data:
                    break
                answer += data
                if b"\r\n\r\n" in answer and _complete(answer):
                    break
                continue
            if sent < len(head):
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    sent += s.send(head[sent:sent + chunk])
    status_line, _, rest = answer.partition(b"\r\n")
    header_text, _, body = rest.partition(b"\r\n\r\n")
    headers = dict(line.decode().lower().split(": ", 1) for line in header_text.split(b"\r\n") if b": " in line)
    return int(status_line.split()[1]), headers, body


def _complete(answer: bytes) -> bool:
    head, _, body = answer.partition(b"\r\n\r\n")
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            return len(body) >= int(line.split(b":")[1])
    return False


def get(path: str, *headers: bytes) -> bytes:
    return b"GET " + path.encode() + b" HTTP/1.1\r\nHost: provkg\r\n" + b"".join(h + b"\r\n" for h in headers) + b"\r\n"


def assert_json_error(answer: tuple[int, dict, bytes], status: int, *words: str) -> None:
    code, headers, body = answer
    assert code == status, (code, body[:300])
    assert headers["content-type"].startswith("application/json"), headers
    detail = json.loads(body)["detail"]
    assert all(w in detail for w in words), detail


def served(base_url: str) -> bool:
    r = httpx.get(base_url + ASK, timeout=10)
    return r.status_code == 200 and r.json()["boolean"] is True


@pytest.fixture(scope="module")
def default_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with running_server(tmp_path_factory.mktemp("limits") / "store") as url:
        yield url


def test_megabytes_of_headers_get_431_as_json_at_once(default_server: str) -> None:
    start = time.monotonic()
    answer = exchange(default_server, get(ASK, b"X-Big: " + b"a" * (6 * MB)))
    assert_json_error(answer, 431, "65536 bytes")
    assert time.monotonic() - start < 10
    assert served(default_server)


def test_too_many_header_fields_get_431(default_server: str) -> None:
    fields = [b"X-Field-%d: y" % i for i in range(150)]
    assert_json_error(exchange(default_server, get(ASK, *fields)), 431, "100 fields")
    assert exchange(default_server, get(ASK, *fields[:90]))[0] == 200
    assert served(default_server)


def test_a_url_past_the_limit_gets_414_with_the_way_out(default_server: str) -> None:
    for size in (40_000, 6 * MB):  # past the limit while it is read, and far past it
        answer = exchange(default_server, get(ASK + "%23" + "x" * size))
        assert_json_error(answer, 414, "32768 bytes", "POST")
    assert served(default_server)


def test_just_under_the_limits_is_served(default_server: str) -> None:
    long_query = ASK + "%23" + "x" * 30_000  # a SPARQL comment: the query is still ASK {}
    code, _, body = exchange(default_server, get(long_query, b"X-Big: " + b"a" * 60_000))
    assert code == 200 and json.loads(body)["boolean"] is True


def test_a_request_the_parser_refuses_gets_400_as_json(default_server: str) -> None:
    assert_json_error(exchange(default_server, b"GARBAGE\r\n\r\n"), 400, "Invalid HTTP request")
    assert served(default_server)


def test_the_limits_are_settings(tmp_path: Path) -> None:
    with running_server(tmp_path / "store", max_url_bytes=1024, max_header_bytes=2048) as url:
        assert_json_error(exchange(url, get(ASK + "%23" + "x" * 1500)), 414, "1024 bytes")
        assert_json_error(exchange(url, get(ASK, b"X-Big: " + b"a" * 3000)), 431, "2048 bytes")
        r = httpx.get(url + ASK, headers={"X-Big": "a" * 3000}, timeout=10)  # an ordinary client sees the same
        assert r.status_code == 431 and r.headers["content-type"].startswith("application/json")
        assert served(url)


def test_the_app_itself_refuses_the_same_under_plain_uvicorn(tmp_path: Path) -> None:
    """Served by uvicorn's own protocol (uvicorn --factory, no --http), the app answers the same JSON errors."""
    uvicorn = Path(sys.executable).parent / "uvicorn"
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PROVKG_")}
    env.update({"PROVKG_STORE": str(tmp_path / "store"), "PROVKG_MAX_URL_BYTES": "1024",
                "PROVKG_MAX_HEADER_BYTES": "2048"})
    (tmp_path / "store").mkdir()
    log = (tmp_path / "uvicorn.log").open("wb")
    proc = subprocess.Popen([str(uvicorn), "--factory", "provkg.api.app:app_from_env", "--host", "127.0.0.1",
                             "--port", str(port)], env=env, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, (tmp_path / "uvicorn.log").read_text()
            with contextlib.suppress(httpx.TransportError):
                if served(url):
                    break
            assert time.monotonic() < deadline, (tmp_path / "uvicorn.log").read_text()
            time.sleep(0.2)
        assert_json_error(exchange(url, get(ASK + "%23" + "x" * 1500)), 414, "1024 bytes")
        assert_json_error(exchange(url, get(ASK, b"X-Big: " + b"a" * 3000)), 431, "2048 bytes")
        assert served(url)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, 9)
            proc.wait(timeout=10)
        log.close()
