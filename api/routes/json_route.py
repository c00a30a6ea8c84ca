"""The route class every REST router uses: response models sent with pydantic's own JSON encoder."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any

from fastapi import Response
from fastapi.routing import APIRoute


class ModelJSONRoute(APIRoute):
    """A route that sends its response model with pydantic's own JSON encoder.

    The models are validated when a route builds them; FastAPI would validate and encode them a
    second time in Python (about 3 ms for a person's timeline, against 0.1 ms for
    `model_dump_json`). The response model still documents the route in the OpenAPI schema, and
    anything other than an instance of exactly that model goes through FastAPI as usual."""

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        model = kwargs.get("response_model")
        status = kwargs.get("status_code") or 200

        def send(result: Any) -> Any:
            if isinstance(model, type) and type(result) is model:
                return Response(result.model_dump_json(), status_code=status, media_type="application/json")
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
