from shop.core.allowed_methods import AllowedMethods

DOCUMENT = {
    "paths": {
        "/v1/orders": {"get": {}, "post": {}, "parameters": []},
        "/v1/orders/{order_id}": {"get": {}},
        "/v1/orders/{order_id}/cancel": {"post": {}},
    }
}


def test_every_documented_method_of_a_path_is_allowed() -> None:
    allowed = AllowedMethods(DOCUMENT)

    assert allowed.for_path("/v1/orders") == ["GET", "POST"]
    assert allowed.for_path("/v1/orders/0193-abc") == ["GET"]
    assert allowed.for_path("/v1/orders/0193-abc/cancel") == ["POST"]


def test_a_path_the_document_lacks_is_unknown() -> None:
    allowed = AllowedMethods(DOCUMENT)

    assert allowed.for_path("/v1/orders/a/b/c") is None
    assert allowed.for_path("/metrics") is None
