from datetime import date
from typing import Any

import pytest

from shop.core.deprecation import Deprecation
from shop.core.openapi import ApiContract, refine

FRAMEWORK: dict[str, Any] = {
    "openapi": "3.1.0",
    "paths": {
        "/v1/orders": {
            "get": {"operationId": "listOrders", "responses": {"200": {"description": "OK"}}},
            "post": {
                "operationId": "placeOrder",
                "requestBody": {"content": {"application/json": {}}},
                "responses": {"201": {"description": "Created"}},
            },
        },
        "/v1/orders/{order_id}/cancel": {
            "post": {
                "operationId": "cancelOrder",
                "parameters": [{"name": "order_id", "in": "path", "required": True}],
                "responses": {"200": {"description": "OK"}},
            }
        },
    },
}
RETIRING = Deprecation(date(2026, 12, 1), date(2027, 6, 30))


def contract(**deprecations: Deprecation) -> ApiContract:
    return ApiContract("Shop", "1.2.0", "A shop.", {"orders": "Orders"}, deprecations=deprecations)


def test_a_deprecated_operation_is_marked_and_the_others_are_not() -> None:
    document = refine(FRAMEWORK, contract(listOrders=RETIRING))

    listing, placing = (
        document["paths"]["/v1/orders"]["get"],
        document["paths"]["/v1/orders"]["post"],
    )
    assert (listing["deprecated"], listing["x-sunset"]) == (True, "2027-06-30")
    assert "deprecated" not in placing
    assert "deprecated" not in FRAMEWORK["paths"]["/v1/orders"]["get"]  # refined as a copy


def test_every_operation_gets_the_errors_any_request_can_meet() -> None:
    document = refine(FRAMEWORK, contract())

    listing, placing = (
        document["paths"]["/v1/orders"]["get"],
        document["paths"]["/v1/orders"]["post"],
    )
    assert {"400", "431", "500", "503"} <= set(listing["responses"])
    assert "415" not in listing["responses"]
    assert {"413", "415"} <= set(placing["responses"])


def test_an_operation_that_reads_input_can_refuse_it_with_422() -> None:
    paths = refine(FRAMEWORK, contract())["paths"]

    # No parameters and no body: nothing to refuse. A path id or a body: 422 when not valid.
    assert "422" not in paths["/v1/orders"]["get"]["responses"]
    assert "422" in paths["/v1/orders"]["post"]["responses"]
    assert "422" in paths["/v1/orders/{order_id}/cancel"]["post"]["responses"]


def test_deprecating_an_operation_the_api_lacks_is_a_mistake() -> None:
    with pytest.raises(ValueError, match="listOrdres"):
        refine(FRAMEWORK, contract(listOrdres=RETIRING))
