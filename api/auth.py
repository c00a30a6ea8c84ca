"""The update token: who may write through the server (SPARQL Update, POST /articles).

Without a token the server is read-only and every write is 403. With one, a write must
carry `Authorization: Bearer <token>`; the comparison is constant-time and the token is
never logged or echoed.
"""

from __future__ import annotations

import hmac

from fastapi import HTTPException, Request
from provkg.api.settings import Settings


def require_update_token(request: Request) -> None:
    """Raise 403 unless the server accepts writes and the request carries its token."""
    settings: Settings = request.app.state.settings
    if settings.update_token is None:
        raise HTTPException(403, "this server is read-only: start it with an update token "
                                 "(--update-token-file or PROVKG_UPDATE_TOKEN) to allow writes")
    header = request.headers.get("authorization", "")
    scheme, _, given = header.partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        raise HTTPException(403, "writes need the update token: send 'Authorization: Bearer <token>'",
                            headers={"WWW-Authenticate": "Bearer"})
    if not hmac.compare_digest(given.strip().encode(), settings.update_token.encode()):
        raise HTTPException(403, "the update token is wrong", headers={"WWW-Authenticate": "Bearer"})
