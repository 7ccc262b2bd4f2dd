# No `from __future__ import annotations`: DirectRoute reads the endpoints' annotations.
import pytest
from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.testclient import TestClient

from shop.public_api.interface.direct_route import DirectRoute


async def echo_path(request: Request) -> JSONResponse:
    return JSONResponse({"path": request.url.path}, status_code=201)


async def wants_a_number(number: int) -> JSONResponse:
    return JSONResponse({"number": number})


def test_the_endpoint_answers_and_the_route_is_documented() -> None:
    router = APIRouter(route_class=DirectRoute)
    router.add_api_route("/echo", echo_path, methods=["GET"], summary="Echo")
    app = FastAPI()
    app.include_router(router)

    with TestClient(app) as client:
        response = client.get("/echo")
        operation = client.get("/openapi.json").json()["paths"]["/echo"]["get"]

    assert (response.status_code, response.json()) == (201, {"path": "/echo"})
    assert operation["summary"] == "Echo"


def test_an_endpoint_that_does_not_take_the_request_is_refused() -> None:
    with pytest.raises(TypeError, match="takes the Request"):
        DirectRoute("/number", wants_a_number)


def test_dependencies_are_refused_rather_than_skipped() -> None:
    with pytest.raises(TypeError, match="dependencies"):
        DirectRoute("/echo", echo_path, dependencies=[Depends(lambda: None)])
