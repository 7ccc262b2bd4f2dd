import time
import uuid
from datetime import UTC, datetime, timedelta

import jwt
import pytest
from pydantic import SecretStr

from shop.core.errors import UnauthenticatedError
from shop.core.security.tokens import (
    ADMIN_AUDIENCE,
    PUBLIC_AUDIENCE,
    TokenIssuer,
    TokenSettings,
)

SETTINGS = TokenSettings(secret_key=SecretStr("k" * 40), lifetime_seconds=60)
PUBLIC = TokenIssuer(SETTINGS, PUBLIC_AUDIENCE)
ADMIN = TokenIssuer(SETTINGS, ADMIN_AUDIENCE)


def test_a_token_round_trips_to_its_subject_and_role() -> None:
    subject = uuid.uuid4()
    issued = ADMIN.issue(subject, role="operator")
    token, lifetime = issued.access_token, issued.expires_in

    claims = ADMIN.verify(token)

    assert (claims.subject, claims.role, lifetime) == (subject, "operator", 60)


def test_a_token_for_one_app_is_refused_by_the_other() -> None:
    token = PUBLIC.issue(uuid.uuid4()).access_token

    with pytest.raises(UnauthenticatedError):
        ADMIN.verify(token)


def test_an_expired_token_is_refused() -> None:
    past = datetime.now(UTC) - timedelta(minutes=5)
    token = jwt.encode(
        {"sub": str(uuid.uuid4()), "aud": PUBLIC_AUDIENCE, "iss": "shop", "exp": past},
        "k" * 40,
        algorithm="HS256",
    )

    with pytest.raises(UnauthenticatedError):
        PUBLIC.verify(token)


def test_the_algorithm_is_pinned() -> None:
    unsigned = jwt.encode(
        {"sub": str(uuid.uuid4()), "aud": PUBLIC_AUDIENCE, "iss": "shop", "exp": 2**31},
        None,
        algorithm="none",
    )

    with pytest.raises(UnauthenticatedError):
        PUBLIC.verify(unsigned)


def test_a_tampered_token_is_refused() -> None:
    token = PUBLIC.issue(uuid.uuid4()).access_token

    with pytest.raises(UnauthenticatedError):
        PUBLIC.verify(token[:-2] + ("AA" if token[-2:] != "AA" else "BB"))


def test_a_short_secret_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 32"):
        TokenSettings(secret_key=SecretStr("short"))


def test_a_remembered_token_is_refused_once_it_expires() -> None:
    expires = int(time.time()) + 1
    token = jwt.encode(
        {"sub": str(uuid.uuid4()), "aud": PUBLIC_AUDIENCE, "iss": "shop", "exp": expires},
        "k" * 40,
        algorithm="HS256",
    )
    issuer = TokenIssuer(SETTINGS, PUBLIC_AUDIENCE)

    assert issuer.verify(token).subject  # verified, and now remembered
    time.sleep(max(0.0, expires - time.time()) + 0.1)
    with pytest.raises(UnauthenticatedError):
        issuer.verify(token)
