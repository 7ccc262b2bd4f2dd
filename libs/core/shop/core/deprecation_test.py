from datetime import date
from typing import Any

import pytest

from shop.core.deprecation import Deprecation

SINCE, SUNSET = date(2026, 12, 1), date(2027, 6, 30)


def test_the_headers_name_the_dates_as_the_rfcs_write_them() -> None:
    headers = dict(Deprecation(SINCE, SUNSET).headers())

    assert headers[b"deprecation"] == b"@1796083200"  # 2026-12-01T00:00:00Z, RFC 9745
    assert headers[b"sunset"] == b"Wed, 30 Jun 2027 00:00:00 GMT"  # an HTTP date, RFC 8594


def test_an_operation_cannot_be_retired_at_shorter_notice_than_the_policy() -> None:
    with pytest.raises(ValueError, match="180 days"):
        Deprecation(SINCE, date(2027, 3, 1))


def test_the_operation_entry_says_it_is_deprecated_until_when_and_what_instead() -> None:
    operation: dict[str, Any] = {
        "description": "Lists orders.",
        "responses": {"200": {"description": "OK"}, "404": {"description": "Not found"}},
    }

    Deprecation(SINCE, SUNSET, instead="listOrders").mark(operation)

    assert operation["deprecated"] is True
    assert (operation["x-deprecated-since"], operation["x-sunset"]) == ("2026-12-01", "2027-06-30")
    assert operation["description"].startswith("**Deprecated** since 2026-12-01")
    assert "Use `listOrders` instead." in operation["description"]
    assert operation["description"].endswith("Lists orders.")
    assert set(operation["responses"]["200"]["headers"]) == {"Deprecation", "Sunset"}
    assert "headers" not in operation["responses"]["404"]


def test_the_deprecation_is_read_back_from_the_entry() -> None:
    operation: dict[str, Any] = {"responses": {}}
    Deprecation(SINCE, SUNSET).mark(operation)

    assert Deprecation.of(operation) == Deprecation(SINCE, SUNSET)
    assert Deprecation.of({"responses": {}}) is None
    # Marked deprecated without our dates (by hand, or by a framework): no date to announce.
    assert Deprecation.of({"deprecated": True}) is None
