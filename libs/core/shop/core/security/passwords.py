"""Password hashing with argon2id (argon2-cffi), with transparent upgrade of old parameters."""

from __future__ import annotations

from typing import Protocol

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from shop.core.errors import ValidationFailedError

MIN_LENGTH = 10
MAX_LENGTH = 128  # argon2 would hash a megabyte happily; a login form should not ask it to


class PasswordHashing:
    def __init__(self, hasher: PasswordHasher | None = None) -> None:
        self._hasher = hasher or PasswordHasher()

    def hash(self, password: str) -> str:
        return self._hasher.hash(password)

    def verify(self, password_hash: str, password: str) -> bool:
        try:
            return self._hasher.verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, password_hash: str) -> bool:
        return self._hasher.check_needs_rehash(password_hash)


class Passwords(Protocol):
    def hash(self, password: str) -> str: ...

    def verify(self, password_hash: str, password: str) -> bool: ...


class CredentialCheck:
    """A password against an account that may not exist, taking as long either way.

    An unknown email still costs one argon2 verification (against a decoy hash), so response
    times do not tell a caller which emails have accounts.
    """

    def __init__(self, passwords: Passwords) -> None:
        self._passwords = passwords
        self._decoy_hash = passwords.hash("decoy-password-0")

    def matches(self, password_hash: str | None, password: str) -> bool:
        verified = self._passwords.verify(password_hash or self._decoy_hash, password)
        return verified and password_hash is not None


def validated_password(password: str) -> str:
    """The strength rule: long enough, not only letters or only digits, not absurdly long."""
    if not MIN_LENGTH <= len(password) <= MAX_LENGTH:
        raise ValidationFailedError(f"A password needs {MIN_LENGTH} to {MAX_LENGTH} characters.")
    if password.isalpha() or password.isdigit():
        raise ValidationFailedError("A password needs letters and at least a digit or symbol.")
    return password
