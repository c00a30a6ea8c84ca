"""Bounds on a request's URL and headers, enforced while uvicorn reads them: past them a JSON error.

uvicorn's httptools protocol puts no bound on a request's head (it takes megabytes of headers) and
answers a request it cannot parse with a plain-text 400. `provkg serve` runs
`BoundedHttpToolsProtocol` instead, which counts the head's bytes as they arrive:
- a URL longer than `max_url_bytes` gets 414, headers over `max_header_bytes` in all, or more than
  `max_header_fields` of them, get 431, each as JSON `{"detail": ...}`, and the connection is
  closed without reading the rest (so memory stays bounded whatever the client sends);
- a request the parser refuses gets its 400 as JSON too.
`RequestHeadLimits` (api/app.py installs it) checks the same bounds in the app, so a server run
some other way (`uvicorn --factory provkg.api.app:app_from_env` without
`--http provkg.api.http_limits:BoundedHttpToolsProtocol`) answers the same, though only after reading
the whole head.
"""

from __future__ import annotations

import json
import logging
from http import HTTPStatus
from typing import Any

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

LOG = logging.getLogger("provkg.server")
MAX_URL_BYTES = 32 * 1024  # a long SPARQL query belongs in a POST body
MAX_HEADER_BYTES = 64 * 1024
MAX_HEADER_FIELDS = 100
REQUEST_LINE_SLACK = 1024  # the method, spaces and "HTTP/1.1" around the URL


def url_too_long(limit: int) -> str:
    return (f"URL longer than the server's limit of {limit} bytes; send a long SPARQL query as a POST body "
            "(application/sparql-query)")


def headers_too_large(limit: int, fields: int) -> str:
    return f"request headers larger than the server's limit of {limit} bytes or {fields} fields"


class BoundedHttpToolsProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol with a bounded request head and JSON errors (see the module docstring)."""

    max_url_bytes = MAX_URL_BYTES
    max_header_bytes = MAX_HEADER_BYTES
    max_header_fields = MAX_HEADER_FIELDS

    def connection_made(self, transport: Any) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._start_head()
        self._refused = False

    def _start_head(self) -> None:
        self._in_head, self._head_bytes, self._line_done = True, 0, False
        self._header_bytes = self._header_fields = 0

    def data_received(self, data: bytes) -> None:
        if self._refused:
            return
        if self._in_head:
            self._head_bytes += len(data)
            self._line_done = self._line_done or b"\n" in data
            if self._head_bytes > self.max_url_bytes + self.max_header_bytes + REQUEST_LINE_SLACK:
                self._refuse_head()  # the parser has not seen it all yet: stop here, whatever follows
                return
        super().data_received(data)

    def _refuse_head(self) -> None:
        if not self._line_done:
            self._refuse(414, url_too_long(self.max_url_bytes))
        else:
            self._refuse(431, headers_too_large(self.max_header_bytes, self.max_header_fields))

    def on_message_begin(self) -> None:
        super().on_message_begin()
        if not self._in_head:  # a next request on the connection: its head starts now
            self._start_head()

    def on_url(self, url: bytes) -> None:
        if self._refused:
            return
        super().on_url(url)
        if len(self.url) > self.max_url_bytes:
            self._refuse(414, url_too_long(self.max_url_bytes))

    def on_header(self, name: bytes, value: bytes) -> None:
        if self._refused:
            return
        self._line_done = True
        self._header_bytes += len(name) + len(value) + 4  # ": " and CRLF
        self._header_fields += 1
        if self._header_bytes > self.max_header_bytes or self._header_fields > self.max_header_fields:
            self._refuse(431, headers_too_large(self.max_header_bytes, self.max_header_fields))
            return
        super().on_header(name, value)

    def on_headers_complete(self) -> None:
        self._in_head = False
        if not self._refused:
            super().on_headers_complete()

    def on_body(self, body: bytes) -> None:
        if not self._refused:
            super().on_body(body)

    def on_message_complete(self) -> None:
        if not self._refused:
            super().on_message_complete()

    def send_400_response(self, msg: str) -> None:
        self._send_json(400, msg)

    def _refuse(self, status: int, detail: str) -> None:
        """Answer `status` with `detail` as JSON and close the connection; the rest of the request is not read."""
        self._refused = True
        LOG.warning("refused a request from %s: %d %s", self.client, status, detail)
        if self.cycle is not None and not self.cycle.response_complete:
            self.transport.close()  # a previous request on this connection is still being answered
            return
        self._send_json(status, detail)

    def _send_json(self, status: int, detail: str) -> None:
        body = json.dumps({"detail": detail}).encode()
        head = [f"HTTP/1.1 {status} {HTTPStatus(status).phrase}\r\n".encode("ascii")]
        for name, value in self.server_state.default_headers:
            head += [name, b": ", value, b"\r\n"]
        head += [b"content-type: application/json\r\n", b"content-length: %d\r\n" % len(body),
                 b"connection: close\r\n", b"\r\n", body]
        self.transport.write(b"".join(head))
        self.transport.close()


def bounded_protocol(max_url_bytes: int, max_header_bytes: int) -> type[BoundedHttpToolsProtocol]:
    """The protocol class for uvicorn (`http=`), with these bounds."""
    return type("BoundedHttpToolsProtocol", (BoundedHttpToolsProtocol,),
                {"max_url_bytes": max_url_bytes, "max_header_bytes": max_header_bytes})


class RequestHeadLimits:
    """The same bounds checked in the app, for servers that do not run BoundedHttpToolsProtocol."""

    def __init__(self, app: ASGIApp, max_url_bytes: int, max_header_bytes: int) -> None:
        self.app = app
        self.max_url_bytes = max_url_bytes
        self.max_header_bytes = max_header_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            path = scope.get("raw_path") or scope["path"].encode()
            url = len(path) + len(scope.get("query_string") or b"") + 1
            headers = scope.get("headers") or []
            size = sum(len(k) + len(v) + 4 for k, v in headers)
            if url > self.max_url_bytes:
                await JSONResponse({"detail": url_too_long(self.max_url_bytes)}, 414)(scope, receive, send)
                return
            if size > self.max_header_bytes or len(headers) > MAX_HEADER_FIELDS:
                detail = headers_too_large(self.max_header_bytes, MAX_HEADER_FIELDS)
                await JSONResponse({"detail": detail}, 431)(scope, receive, send)
                return
        await self.app(scope, receive, send)
