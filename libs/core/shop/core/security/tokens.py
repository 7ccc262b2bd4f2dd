"""Short-lived JWT access tokens, one audience per app, algorithm pinned.

A customer token (audience `shop-public`) is rejected by the admin API (audience `shop-admin`)
and the other way round, even though both are signed with keys from the same settings fragment.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import ClassVar, Protocol

import jwt
from pydantic import Field, SecretStr
from pydantic_settings import SettingsConfigDict

from shop.core.errors import UnauthenticatedError
from shop.core.settings import SettingsFragment

ALGORITHM = "HS256"
PUBLIC_AUDIENCE = "shop-public"
ADMIN_AUDIENCE = "shop-admin"
VERIFIED_CACHE_SIZE = 10_000


class TokenSettings(SettingsFragment):
    model_config = SettingsConfigDict(env_prefix="AUTH_")
    development_defaults: ClassVar = {"secret_key": "development-only-secret-key-0123456789"}

    secret_key: SecretStr = Field(min_length=32)
    """The key access tokens are signed with (32 characters at least). Required outside
    development; every replica of an app needs the same one."""
    issuer: str = "shop"
    """The tokens' `iss` claim."""
    lifetime_seconds: int = Field(default=900, ge=30, le=86_400)
    """How long an access token is accepted after it was issued."""


@dataclass(frozen=True)
class AccessClaims:
    subject: uuid.UUID
    audience: str
    expires_at: datetime
    role: str | None = None


@dataclass(frozen=True)
class IssuedToken:
    access_token: str
    expires_in: int  # seconds


class VerifiedToken(Protocol):
    @property
    def subject(self) -> uuid.UUID: ...


class IssuesTokens(Protocol):
    """What a sign-in use case needs: `TokenIssuer` in production, a fake in unit tests."""

    def issue(self, subject: uuid.UUID, role: str | None = None) -> IssuedToken: ...


class VerifiesTokens(Protocol):
    def verify(self, token: str) -> VerifiedToken: ...


class TokenIssuer:
    def __init__(self, settings: TokenSettings, audience: str) -> None:
        self._settings = settings
        self._audience = audience
        self._key = settings.secret_key.get_secret_value()
        self._verified: dict[str, AccessClaims] = {}

    def issue(self, subject: uuid.UUID, role: str | None = None) -> IssuedToken:
        now = datetime.now(UTC)
        claims: dict[str, object] = {
            "sub": str(subject),
            "aud": self._audience,
            "iss": self._settings.issuer,
            "iat": now,
            "exp": now + timedelta(seconds=self._settings.lifetime_seconds),
            "jti": uuid.uuid4().hex,
        }
        if role is not None:
            claims["role"] = role
        token = jwt.encode(claims, self._key, algorithm=ALGORITHM)
        return IssuedToken(token, self._settings.lifetime_seconds)

    def verify(self, token: str) -> AccessClaims:
        """The token's claims, or UnauthenticatedError. Verified tokens are remembered until
        they expire: a client sends the same one many times, and checking its signature and
        claims again is the larger part of authenticating a request."""
        claims = self._verified.get(token)
        if claims is not None and claims.expires_at > datetime.now(UTC):
            return claims
        claims = self._verify(token)
        if len(self._verified) >= VERIFIED_CACHE_SIZE:
            self._verified.pop(next(iter(self._verified)))  # the oldest entry
        self._verified[token] = claims
        return claims

    def _verify(self, token: str) -> AccessClaims:
        try:
            claims = jwt.decode(
                token,
                self._key,
                algorithms=[ALGORITHM],  # pinned: never trust the token's own `alg`
                audience=self._audience,
                issuer=self._settings.issuer,
                options={"require": ["exp", "sub", "aud", "iss"]},
            )
            subject = uuid.UUID(claims["sub"])
        except (jwt.InvalidTokenError, ValueError):
            raise UnauthenticatedError("The access token is invalid or expired.") from None
        return AccessClaims(
            subject=subject,
            audience=self._audience,
            expires_at=datetime.fromtimestamp(claims["exp"], UTC),
            role=claims.get("role"),
        )
