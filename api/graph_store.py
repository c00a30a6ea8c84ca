"""The SPARQL 1.1 Graph Store HTTP Protocol, read side: GET /rdf-graph-store?default or ?graph=IRI.

A graph is dumped by a query worker (api/query_runner.py), so a large graph is bounded by
the same time limit as a query; it is not row-capped (a graph is returned whole or not at all).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import Response
from provkg.api import sparql_formats as F
from provkg.api.query_runner import Job, QueryRunner

router = APIRouter(tags=["sparql"])
GRAPH_CONTENT = {m: {"schema": {"type": "string"}} for m in F.GRAPH_FORMATS}


@router.get("/rdf-graph-store", summary="One graph of the store: ?default (the set-union) or ?graph=IRI",
            responses={200: {"content": GRAPH_CONTENT, "description": "The graph in the negotiated RDF format."},
                       400: {"description": "Neither or both of default and graph given."},
                       404: {"description": "No graph with this IRI."},
                       406: {"description": "No acceptable RDF format."},
                       503: {"description": "The dump ran past the time limit, or the server is busy."}})
async def graph_store_get(
    request: Request,
    default: Annotated[str | None, Query(description="Present (empty) for the default graph.")] = None,
    graph: Annotated[str | None, Query(description="The IRI of a named graph.", min_length=1)] = None,
    format: Annotated[str | None, Query(description="turtle, ntriples, jsonld or rdfxml; overrides Accept.")] = None,
) -> Response:
    if (default is None) == (graph is None):
        raise HTTPException(400, "give exactly one of ?default or ?graph=IRI")
    try:
        media = F.graph_format(request.headers.get("accept"), [format] if format else [])
    except F.NotAcceptable as e:
        raise HTTPException(406, str(e)) from None
    runner: QueryRunner = request.app.state.query_runner
    answer = await runner.run(Job(graph_format=media, dump_graph=graph or ""))
    return Response(answer.body, media_type=F.CONTENT_TYPES[answer.media_type],
                    headers={"Access-Control-Allow-Origin": "*", "Vary": "Accept"})
