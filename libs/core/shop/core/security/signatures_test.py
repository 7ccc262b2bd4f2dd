import base64

import pytest

from shop.core.security.signatures import (
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    InvalidSignatureError,
    signed_headers,
    signing_key,
    verify,
)

SECRET = "whsec-0123456789abcdef"
BODY = b'{"type":"order.placed"}'


def test_a_signature_verifies_for_its_body_and_secret_only() -> None:
    headers = signed_headers(SECRET, "evt-1", BODY, timestamp=1_000)

    verify(SECRET, BODY, headers, now=1_010)
    with pytest.raises(InvalidSignatureError, match="no signature"):
        verify(SECRET, BODY + b" ", headers, now=1_010)
    with pytest.raises(InvalidSignatureError, match="no signature"):
        verify("another-secret-0123", BODY, headers, now=1_010)
    with pytest.raises(InvalidSignatureError, match="no signature"):
        verify(SECRET, BODY, headers | {"webhook-id": "evt-2"}, now=1_010)


def test_an_old_signature_is_refused_as_a_replay() -> None:
    headers = signed_headers(SECRET, "evt-1", BODY, timestamp=1_000)

    with pytest.raises(InvalidSignatureError, match="tolerance"):
        verify(SECRET, BODY, headers, now=1_000 + 301)


def test_a_moved_timestamp_breaks_the_signature() -> None:
    headers = signed_headers(SECRET, "evt-1", BODY, timestamp=1_000)

    with pytest.raises(InvalidSignatureError, match="no signature"):
        verify(SECRET, BODY, headers | {TIMESTAMP_HEADER: "2000"}, now=2_000)


def test_one_of_several_signatures_may_match_during_a_key_rotation() -> None:
    headers = signed_headers(SECRET, "evt-1", BODY, timestamp=1_000)
    rotated = headers | {SIGNATURE_HEADER: f"v1,AAAA {headers[SIGNATURE_HEADER]}"}

    verify(SECRET, BODY, rotated, now=1_000)


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"webhook-id": "e"},
        {"webhook-id": "e", "webhook-timestamp": "x", "webhook-signature": "v1,a"},
    ],
)
def test_malformed_headers_are_refused(headers: dict[str, str]) -> None:
    with pytest.raises(InvalidSignatureError):
        verify(SECRET, BODY, headers, now=1_000)


def test_a_standard_secret_is_the_key_it_encodes() -> None:
    key = b"\x01\x02 a key of bytes"

    assert signing_key("whsec_" + base64.b64encode(key).decode()) == key
    assert signing_key("plain-secret-0123") == b"plain-secret-0123"
