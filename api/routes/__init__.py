"""The REST routes: one module per kind of resource; api/app.py includes every router listed here."""

from __future__ import annotations

from fastapi import APIRouter
from provkg.api.routes import (
    articles,
    campaigns,
    changes,
    events,
    export,
    home,
    merges,
    organizations,
    people,
    places,
    search,
)

routers: list[APIRouter] = [
    home.router,
    people.router,
    organizations.router,
    changes.router,
    merges.router,
    campaigns.router,
    events.router,
    places.router,
    articles.router,
    search.router,
    export.router,
]
