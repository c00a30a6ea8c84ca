"""How each kind of node and edge looks: shape, size and colour (the legend too), and the label font.

The layout (api/views/layout.py) sizes label boxes from the same shapes and font the renderer
(api/views/render.py) hands to vis-network, so both read them here.
"""

from __future__ import annotations

from typing import Any

FONT_PX = 14  # node label font size in vis-network units
CENTER_SCALE = 1.6  # the node a view is about is drawn this much larger

STYLE: dict[str, dict[str, Any]] = {  # kind -> vis-network look; also the legend
    "person": {"shape": "dot", "color": "#4e79a7", "size": 14, "name": "person"},
    "body": {"shape": "box", "color": "#f6c28b", "name": "body"},
    "post": {"shape": "diamond", "color": "#edc948", "size": 12, "name": "post"},
    "campaign": {"shape": "star", "color": "#59a14f", "size": 14, "name": "campaign"},
    "event": {"shape": "triangle", "color": "#e15759", "size": 13, "name": "event"},
    "place": {"shape": "hexagon", "color": "#76b7b2", "size": 12, "name": "place"},
    "article": {"shape": "square", "color": "#9c755f", "size": 9, "name": "article"},
}
EDGE_COLOR = {"holds": "#4e79a7", "merge": "#d62728", "sub-body": "#888888", "post": "#edc948",
              "organises": "#59a14f", "attended": "#e15759", "within": "#bbbbbb", "states": "#c9b8a8"}


def style_of(kind: str) -> dict[str, Any]:
    return STYLE.get(kind, STYLE["place"])
