"""`provkg view KIND [ID] -o FILE.html`: a view as one self-contained HTML file (vis-network inlined).

api/cli.py registers the function: `app.command("view")(view)`. The file loads nothing
from anywhere; clicking a node opens its view on `--base-url` (a running `provkg serve`).
"""

from __future__ import annotations

import os
import sys
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from provkg.api.views.render import DEFAULT_MAX_NODES


class ViewKind(StrEnum):
    person = "person"
    organization = "organization"
    merges = "merges"
    all = "all"
    campaign = "campaign"
    article = "article"


def _fail(message: str) -> NoReturn:
    print(f"error: {message}", file=sys.stderr, flush=True)
    raise typer.Exit(1)


def view(
    kind: Annotated[ViewKind, typer.Argument(help="person | organization | merges | all | campaign | article.")],
    ident: Annotated[str | None, typer.Argument(metavar="[ID]", help="The node's id (last segment of its IRI); "
                                                "needed by person, organization, campaign and article.")] = None,
    output: Annotated[Path, typer.Option("--output", "-o", dir_okay=False, help="The HTML file to write.")]
    = Path("view.html"),
    store: Annotated[str, typer.Option("--store", "-s", envvar="PROVKG_STORE", show_envvar=True, metavar="DIR|URL",
                                       help="Store directory (an embedded Oxigraph database), or a SPARQL server "
                                            "(sparql+http://host:port; see `provkg ingest --help`).")]
    = "data/store",
    depth: Annotated[int, typer.Option("--depth", min=1, max=2, help="Person view: 1 or 2 hops.")] = 1,
    as_of: Annotated[str | None, typer.Option("--as-of", metavar="YYYY-MM-DD",
                                              help="Organization view: posts held on this date.")] = None,
    max_nodes: Annotated[int, typer.Option("--max-nodes", min=10, help="Sample past this many nodes.")]
    = DEFAULT_MAX_NODES,
    base_url: Annotated[str, typer.Option("--base-url", help="Where clicks on nodes go (a provkg server).")]
    = "http://127.0.0.1:8000",
) -> None:
    """Write a view as one self-contained HTML file (no network access needed to open it)."""
    from provkg.api.views import pages
    if kind.value in ("person", "organization", "campaign", "article") and not ident:
        _fail(f"the {kind.value} view needs an ID, e.g. provkg view {kind.value} SOME-ID -o view.html")
    if not base_url.startswith(("http://", "https://")):
        _fail("--base-url must start with http:// or https://")
    day = None
    if as_of:
        try:
            day = date.fromisoformat(as_of)
        except ValueError:
            _fail(f"--as-of must be YYYY-MM-DD, not {as_of!r}")
    from provkg.api import cli as main_cli  # here, not at import: api/cli.py imports this module

    with main_cli.opened_store(main_cli.store_location(store), create=False) as opened:
        try:
            html = pages.page_html(opened, kind.value, ident, depth=depth, as_of=day, standalone=True,
                                   base=base_url.rstrip("/"), max_nodes=max_nodes)
        except pages.NotFound as exc:
            _fail(str(exc))
    tmp = output.with_name(f".{output.name}.{os.getpid()}.tmp")
    tmp.write_text(html, encoding="utf-8")
    tmp.replace(output)
    print(f"wrote {output} ({len(html.encode('utf-8')):,} bytes)", file=sys.stderr)
