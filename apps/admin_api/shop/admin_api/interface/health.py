"""Liveness (the process answers) and readiness (its dependencies answer)."""

from __future__ import annotations

from litestar import Router, get

from shop.core.build import BuildInfo
from shop.core.health import CheckReadiness


def health_router(readiness: CheckReadiness, build: BuildInfo) -> Router:
    liveness = build.liveness()

    @get(
        "/livez",
        summary="The process is up",
        tags=["health"],
        sync_to_thread=False,
        operation_id="checkLiveness",
    )
    def livez() -> dict[str, str]:
        return liveness

    @get(
        "/readyz",
        summary="The database answers",
        tags=["health"],
        operation_id="checkReadiness",
    )
    async def readyz() -> dict[str, str]:
        await readiness.execute()
        return {"status": "ready"}

    return Router(path="/", route_handlers=[livez, readyz])
