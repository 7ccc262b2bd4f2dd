import pytest

from shop.core.errors import (
    PROBLEM_TYPE_BASE,
    ConflictError,
    FieldError,
    NotFoundError,
    ShopError,
    UnavailableError,
    ValidationFailedError,
    http_status_problem,
    problem_details,
    unexpected_error_problem,
)


def test_a_domain_error_becomes_a_problem_with_its_stable_type_and_status() -> None:
    problem = problem_details(NotFoundError("No product 42."), instance="/v1/products/42")

    assert problem.to_dict() == {
        "type": PROBLEM_TYPE_BASE + "not-found",
        "title": "Resource not found",
        "status": 404,
        "detail": "No product 42.",
        "instance": "/v1/products/42",
    }


def test_extensions_travel_as_extra_members() -> None:
    problem = problem_details(ConflictError("Not enough stock.", product_id="p-1"))

    assert problem.to_dict()["product_id"] == "p-1"
    assert problem.status == 409


def test_validation_failures_list_every_failing_field() -> None:
    error = ValidationFailedError(
        "The request is not valid.",
        errors=[FieldError("body.quantity", "must be > 0"), FieldError("query.limit", "too big")],
    )

    body = problem_details(error).to_dict()

    assert body["status"] == 422
    assert body["errors"] == [
        {"location": "body.quantity", "message": "must be > 0"},
        {"location": "query.limit", "message": "too big"},
    ]


def test_a_field_named_alone_is_located_where_the_request_carried_it() -> None:
    error = ValidationFailedError(
        "The request is not valid.",
        errors=[
            FieldError("limit", "too big"),
            FieldError("order_id", "not a UUID"),
            FieldError("lines", "unknown product"),
            FieldError("header.if-match", "missing"),
        ],
    )

    body = problem_details(error, query={"limit", "cursor"}, path={"order_id"}).to_dict()

    assert [item["location"] for item in body["errors"]] == [
        "query.limit",
        "path.order_id",
        "body.lines",
        "header.if-match",
    ]


def test_every_kind_has_its_own_type_uri() -> None:
    kinds = {cls.type_uri() for cls in ShopError.__subclasses__()}

    assert len(kinds) == len(ShopError.__subclasses__())
    assert UnavailableError.status == 503


def test_a_routing_error_is_a_plain_http_status_problem() -> None:
    body = http_status_problem(405, instance="/livez").to_dict()

    assert body == {
        "type": "about:blank",
        "title": "Method Not Allowed",
        "status": 405,
        "detail": "Method Not Allowed",
        "instance": "/livez",
    }


def test_an_unexpected_error_reveals_nothing_about_the_cause() -> None:
    body = unexpected_error_problem("/x").to_dict()

    assert body["status"] == 500
    assert body["detail"] == "An unexpected error occurred."


def test_an_extension_may_not_overwrite_a_standard_member() -> None:
    with pytest.raises(TypeError, match="status"):
        ConflictError("Order 1 is cancelled.", status="cancelled")
