"""/docs: the REST API's OpenAPI document as a plain HTML page rendered by the server.

FastAPI's own /docs (Swagger UI) and /redoc load their scripts and styles from a CDN and run
an inline script, which the server's Content-Security-Policy (nothing from another host, no
inline script) forbids. This page needs neither: it is the same OpenAPI document
(/openapi.json, which tools should use) rendered with Jinja autoescaping and one same-origin
stylesheet, so it works under the policy and offline.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, select_autoescape

router = APIRouter(include_in_schema=False)
METHODS = ("get", "post", "put", "patch", "delete", "head", "options")
_ENV = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
_PAGE = _ENV.from_string("""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }}: API documentation</title>
<link rel="stylesheet" href="/static/docs.css">
</head>
<body>
<h1>{{ title }} {{ version }}: API documentation</h1>
<p>{{ summary }}</p>
<p>{{ description }}</p>
<p>The machine-readable OpenAPI document is <a href="/openapi.json">/openapi.json</a>;
the query page is <a href="/sparql/ui">/sparql/ui</a>; <a href="/">home</a>.</p>
<nav><ul>{% for tag, ops in groups %}<li><a href="#tag-{{ loop.index }}">{{ tag }}</a> ({{ ops|length }})</li>
{% endfor %}</ul></nav>
{% for tag, ops in groups %}
<section id="tag-{{ loop.index }}">
<h2>{{ tag }}</h2>
{% for op in ops %}
<article class="op">
<h3><span class="method">{{ op.method|upper }}</span> <code>{{ op.path }}</code></h3>
{% if op.summary %}<p>{{ op.summary }}</p>{% endif %}
{% if op.description %}<p class="description">{{ op.description }}</p>{% endif %}
{% if op.parameters %}<table><tr><th>parameter</th><th>in</th><th>required</th><th>description</th></tr>
{% for p in op.parameters %}<tr><td><code>{{ p.name }}</code></td><td>{{ p.get("in", "") }}</td>
<td>{{ "yes" if p.get("required") else "no" }}</td><td>{{ p.get("description", "") }}</td></tr>
{% endfor %}</table>{% endif %}
{% if op.body %}<p>Request body: {% for media in op.body %}<code>{{ media }}</code>{% if not loop.last %}, {% endif %}
{% endfor %}</p>{% endif %}
<ul class="responses">{% for code, text in op.responses %}<li><b>{{ code }}</b> {{ text }}</li>{% endfor %}</ul>
</article>
{% endfor %}
</section>
{% endfor %}
</body>
</html>
""")


def _operations(schema: dict[str, Any]) -> list[tuple[str, list[dict[str, Any]]]]:
    """The operations grouped by their first tag, in the document's order."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for path, item in schema.get("paths", {}).items():
        for method in METHODS:
            op = item.get(method)
            if op is None:
                continue
            groups.setdefault((op.get("tags") or ["other"])[0], []).append({
                "method": method, "path": path, "summary": op.get("summary", ""),
                "description": op.get("description", ""), "parameters": op.get("parameters", []),
                "body": list(op.get("requestBody", {}).get("content", {})),
                "responses": [(code, r.get("description", "")) for code, r in op.get("responses", {}).items()],
            })
    return list(groups.items())


@router.get("/docs", response_class=HTMLResponse)
def docs(request: Request) -> HTMLResponse:
    schema = request.app.openapi()
    info = schema.get("info", {})
    html = _PAGE.render(title=info.get("title", ""), version=info.get("version", ""),
                        summary=info.get("summary", ""), description=info.get("description", ""),
                        groups=_operations(schema))
    return HTMLResponse(html)
