"""Liveness (the process answers) and readiness (its dependencies answer)."""

# No `from __future__ import annotations`: FastAPI reads these handlers' annotations at
# run time, and they name objects local to the router factory.
from fastapi import APIRouter

from shop.core.build import BuildInfo
from shop.core.health import CheckReadiness


def health_router(readiness: CheckReadiness, build: BuildInfo) -> APIRouter:
    router = APIRouter(tags=["health"])
    liveness = build.liveness()

    @router.get("/livez", summary="The process is up", operation_id="checkLiveness")
    async def livez() -> dict[str, str]:
        return liveness

    @router.get(
        "/readyz",
        summary="The database answers",
        responses={503: {"description": "A dependency did not answer"}},
        operation_id="checkReadiness",
    )
    async def readyz() -> dict[str, str]:
        await readiness.execute()
        return {"status": "ready"}

    return router
