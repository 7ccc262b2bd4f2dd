import pytest

from shop.core.security.signatures import InvalidSignatureError, sign, verify_signature

SECRET = "whsec-0123456789abcdef"
BODY = b'{"type":"order.placed"}'


def test_a_signature_verifies_for_its_body_and_secret_only() -> None:
    header = sign(SECRET, BODY, timestamp=1_000)

    verify_signature(SECRET, BODY, header, now=1_010)
    with pytest.raises(InvalidSignatureError, match="does not match"):
        verify_signature(SECRET, BODY + b" ", header, now=1_010)
    with pytest.raises(InvalidSignatureError, match="does not match"):
        verify_signature("another-secret-0123", BODY, header, now=1_010)


def test_an_old_signature_is_refused_as_a_replay() -> None:
    header = sign(SECRET, BODY, timestamp=1_000)

    with pytest.raises(InvalidSignatureError, match="tolerance"):
        verify_signature(SECRET, BODY, header, now=1_000 + 301)


def test_a_moved_timestamp_breaks_the_digest() -> None:
    digest = sign(SECRET, BODY, timestamp=1_000).split("v1=")[1]

    with pytest.raises(InvalidSignatureError, match="does not match"):
        verify_signature(SECRET, BODY, f"t=2000,v1={digest}", now=2_000)


@pytest.mark.parametrize("header", ["", "t=1", "v1=ab", "t=x,v1=ab", "garbage"])
def test_a_malformed_header_is_refused(header: str) -> None:
    with pytest.raises(InvalidSignatureError):
        verify_signature(SECRET, BODY, header, now=1_000)
