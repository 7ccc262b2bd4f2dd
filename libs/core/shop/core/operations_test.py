from shop.core.operations import OperationIndex

DOCUMENT = {
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
