import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shop.admin_api.interface.openapi import _restore_zero_bounds
from shop.admin_api.interface.schemas import WEBHOOK_URL_PATTERN, ProductChangesIn
from shop.entities.webhooks import validated_url


@given(st.from_regex(WEBHOOK_URL_PATTERN, fullmatch=True))
def test_every_url_the_document_allows_the_domain_accepts(url: str) -> None:
    # A client building a URL from the published pattern must not meet a 422.
    assert validated_url(url) == url


@pytest.mark.parametrize(
    "url",
    [
        "https://?",  # no host
        "https://user:secret@hooks.example.com/",  # credentials
        "https://hooks.example.com:99999/",  # port out of range
        "https://[::1/",  # an unclosed IPv6 bracket
        "ftp://hooks.example.com/",
        "https://hooks.example.com/a b",
    ],
)
def test_the_urls_the_domain_refuses_the_document_refuses_too(url: str) -> None:
    assert re.fullmatch(WEBHOOK_URL_PATTERN, url) is None


def test_the_document_keeps_the_zero_bounds_litestar_drops() -> None:
    # What Litestar wrote for `price_minor: Amount | None`: its `minimum: 0` lost.
    component = {
        "properties": {
            "price_minor": {"oneOf": [{"type": "integer"}, {"type": "null"}], "maximum": 2e9}
        }
    }

    _restore_zero_bounds(ProductChangesIn, component)

    assert component["properties"]["price_minor"]["minimum"] == 0
    assert component["properties"]["price_minor"]["maximum"] == 2e9  # its own left alone
