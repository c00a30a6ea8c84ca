"""The route class every REST router uses: response models sent as JSON, or as an HTML page to a browser.

One URL, two readers. A program gets the response model as JSON (the default, and whenever the
client does not rank text/html above application/json in `Accept`); a browser, which asks for
text/html first, gets the same data rendered by the route's page template (api/routes/html.py).
A route opts in with `@page("person.html")` under its `@router.get`; the OpenAPI document then
declares both media types for its 200 answer, and both answers carry `Vary: Accept`.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

from fastapi import Request, Response
from fastapi.routing import APIRoute
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

F = TypeVar("F", bound=Callable[..., Any])
HTML_MEDIA = ("text/html", "application/xhtml+xml")


def page(template: str) -> Callable[[F], F]:
    """Mark a route as also served as an HTML page rendered with `template` (api/templates/)."""
    def mark(endpoint: F) -> F:
        endpoint.html_template = template  # type: ignore[attr-defined]
        return endpoint
    return mark


def _media_ranges(accept: str) -> list[tuple[str, float]]:
    """`Accept` as (media range, q) pairs; a malformed q counts as 0 (not acceptable)."""
    out = []
    for part in accept.split(",")[:64]:
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for f in fields[1:]:
            name, _, value = f.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    q = 0.0
        out.append((media, q))
    return out


def prefers_html(accept: str | None) -> bool:
    """Whether the client ranks HTML above JSON: text/html (or XHTML) named with a higher q than JSON gets
    (application/json, else application/*, else */*). Browsers send `text/html,...,*/*;q=0.8`; clients that
    send nothing, `*/*` or `application/json` get JSON."""
    ranges = _media_ranges(accept or "")
    html = max((q for m, q in ranges if m in HTML_MEDIA), default=0.0)
    if html <= 0.0:
        return False
    exact = {m: q for m, q in ranges}
    json_q = next((exact[m] for m in ("application/json", "application/*", "*/*") if m in exact), 0.0)
    return html > json_q


class ModelResponse(Response):
    """A JSON response that still holds the model it was made from (so an HTML page can be made instead)."""

    def __init__(self, model: BaseModel, status_code: int = 200) -> None:
        super().__init__(model.model_dump_json(), status_code=status_code, media_type="application/json")
        self.model = model


class ModelJSONRoute(APIRoute):
    """A route that sends its response model with pydantic's own JSON encoder, or as a page to browsers.

    The models are validated when a route builds them; FastAPI would validate and encode them a
    second time in Python (about 3 ms for a person's timeline, against 0.1 ms for
    `model_dump_json`). The response model still documents the route in the OpenAPI schema, and
    anything other than an instance of exactly that model goes through FastAPI as usual."""

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        model = kwargs.get("response_model")
        status = kwargs.get("status_code") or 200
        self.html_template: str | None = getattr(endpoint, "html_template", None)
        if self.html_template:
            responses = dict(kwargs.get("responses") or {})
            ok = dict(responses.get(status) or responses.get(str(status)) or {})
            content = dict(ok.get("content") or {})
            content.setdefault("text/html", {"schema": {"type": "string"},
                                             "example": "<!doctype html>..."})
            ok["content"] = content
            ok.setdefault("description", "JSON by default; an HTML page when `Accept` ranks text/html above "
                                         "application/json (as browsers do).")
            responses[status] = ok
            kwargs["responses"] = responses

        def send(result: Any) -> Any:
            if isinstance(model, type) and type(result) is model:
                return ModelResponse(result, status)
            return result

        if inspect.iscoroutinefunction(endpoint):
            @functools.wraps(endpoint)
            async def wrapped(*args: Any, **kw: Any) -> Any:
                return send(await endpoint(*args, **kw))
        else:
            @functools.wraps(endpoint)
            def wrapped(*args: Any, **kw: Any) -> Any:
                return send(endpoint(*args, **kw))
        super().__init__(path, wrapped, **kwargs)

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()
        template = self.html_template
        if not template:
            return handler

        async def negotiated(request: Request) -> Response:
            response = await handler(request)
            if isinstance(response, ModelResponse) and prefers_html(request.headers.get("accept")):
                from provkg.api.routes.html import render_page

                response = await run_in_threadpool(render_page, template, response.model, request)
            response.headers["Vary"] = "Accept"
            return response

        return negotiated
