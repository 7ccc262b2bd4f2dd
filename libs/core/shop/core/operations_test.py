import copy
from datetime import date
from typing import Any

from shop.core.deprecation import Deprecation
from shop.core.operations import OperationIndex

DOCUMENT: dict[str, Any] = {
    "paths": {
        "/v1/orders": {
            "get": {},
            "post": {"requestBody": {"content": {"application/json": {}}}},
            "parameters": [],
        },
        "/v1/orders/{order_id}": {"get": {}},
        "/v1/orders/{order_id}/cancel": {"post": {}},
        "/v1/auth/token": {
            "post": {"requestBody": {"content": {"application/x-www-form-urlencoded": {}}}}
        },
    }
}


def test_every_documented_method_of_a_path_is_listed() -> None:
    operations = OperationIndex(DOCUMENT)

    assert operations.methods("/v1/orders") == ["GET", "POST"]
    assert operations.methods("/v1/orders/0193-abc") == ["GET"]
    assert operations.methods("/v1/orders/0193-abc/cancel") == ["POST"]


def test_a_path_the_document_lacks_is_unknown() -> None:
    operations = OperationIndex(DOCUMENT)

    assert operations.methods("/v1/orders/a/b/c") is None
    assert operations.methods("/metrics") is None


def test_a_body_must_have_a_documented_media_type() -> None:
    operations = OperationIndex(DOCUMENT)

    assert operations.accepts("/v1/orders", "POST", "application/json")
    assert not operations.accepts("/v1/orders", "POST", "text/plain")
    assert not operations.accepts("/v1/auth/token", "POST", "application/json")
    # No documented body, or no such operation: the app answers.
    assert operations.accepts("/v1/orders/x/cancel", "POST", "text/plain")
    assert operations.accepts("/nowhere", "PUT", "text/plain")


def test_a_deprecated_operation_has_its_headers_and_the_others_none() -> None:
    retiring = Deprecation(date(2026, 12, 1), date(2027, 6, 30))
    document = copy.deepcopy(DOCUMENT)
    retiring.mark(document["paths"]["/v1/orders/{order_id}"]["get"])

    operations = OperationIndex(document)

    assert operations.deprecation_headers("/v1/orders/abc", "GET") == retiring.headers()
    assert operations.deprecation_headers("/v1/orders", "GET") == []
    assert operations.deprecation_headers("/nowhere", "GET") == []
    assert not OperationIndex(DOCUMENT).has_deprecations
