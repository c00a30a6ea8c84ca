"""The home page: what the graph holds, the latest changes, a search box and the ways in."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response
from provkg.api import models as M
from provkg.api.deps import StoreDep
from provkg.api.routes import changes
from provkg.api.routes.html import render_page
from provkg.api.routes.json_route import ModelJSONRoute, prefers_html
from provkg.graph.ids import id_of
from provkg.graph.reads.articles import article_date_range
from provkg.graph.reads.organizations import provinces
from provkg.graph.store import Store

router = APIRouter(tags=["home"], route_class=ModelJSONRoute)

LINKS = {"SPARQL query page": "/sparql/ui", "SPARQL endpoint": "/sparql", "API docs": "/docs",
         "OpenAPI schema": "/openapi.json", "Views": "/view", "People": "/people", "Organizations": "/organizations",
         "Changes": "/changes", "Merges": "/merges", "Campaigns": "/campaigns", "Events": "/events",
         "Places": "/places", "Articles": "/articles", "Export (Turtle)": "/export.ttl",
         "Export (TriG)": "/export.trig", "Export (N-Quads)": "/export.nq", "Export (JSON-LD)": "/export.jsonld"}


def home_data(store: Store, latest: int = 10) -> M.Home:
    lo, hi = article_date_range(store)
    return M.Home(
        counts=store.stats(),
        provinces=[M.ProvinceCount(province=M.Ref(id=id_of(p["iri"]), iri=p["iri"], name=p["name"]),
                                   bodies=p["bodies"]) for p in provinces(store)],
        articles_from=lo, articles_to=hi, latest_changes=changes.collect(store)[:latest], links=LINKS)


def _wants_json(request: Request, fmt: str | None) -> bool:
    if fmt is not None:
        return fmt == "json"
    accept = request.headers.get("accept")
    return bool(accept) and "application/json" in accept.lower() and not prefers_html(accept)


@router.get("/", response_model=M.Home, summary="Home: what the graph holds (HTML, or JSON)",
            responses={200: {"content": {"text/html": {"schema": {"type": "string"}}},
                             "description": "HTML by default; JSON with format=json or Accept: application/json."}})
def home(request: Request, store: StoreDep,
         format: Annotated[Literal["html", "json"] | None, Query(description="html (default) or json.")] = None,
         ) -> Response:
    data = home_data(store)
    if _wants_json(request, format):
        response: Response = JSONResponse(data.model_dump(mode="json"))
    else:
        response = render_page("home.html", data, request)
    response.headers["Vary"] = "Accept"
    return response
