"""Who can sign in: shop customers and staff users.

Emails are stored lower-cased (a CHECK holds it) under a UNIQUE constraint, which makes them
unique case-insensitively in the database itself, not only in code.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from enum import StrEnum

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import CheckConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from shop.core.errors import ConflictError, ValidationFailedError
from shop.entities.base import Base, HasId, HasTimestamps, new_id


def normalised_email(email: str) -> str:
    """The one email rule for every account (customers and staff alike): a syntactically valid
    address (email-validator: no spaces or control characters, a dotted domain), lower-cased."""
    try:
        valid = validate_email(email.strip(), check_deliverability=False)
    except EmailNotValidError as error:
        raise ValidationFailedError(f"{email!r} is not an email address: {error}") from None
    return valid.normalized.lower()


class HasCredentials:
    """What every account signs in with: a lower-cased unique email and an argon2 hash."""

    email: Mapped[str] = mapped_column(String(320), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(200))

    def replace_password_hash(self, password_hash: str) -> None:
        """The same password, hashed again with today's parameters (on sign-in)."""
        self.password_hash = password_hash


def validated_name(name: str, what: str) -> str:
    if not name.strip():
        raise ValidationFailedError(f"A {what} needs a name.")
    return name.strip()


class CustomerStatus(StrEnum):
    ACTIVE = "active"
    SUSPENDED = "suspended"


class Customer(HasId, HasCredentials, HasTimestamps, Base):
    __tablename__ = "customers"
    __table_args__ = (
        CheckConstraint("email = lower(email)", name="email_lower_case"),
        CheckConstraint("status IN ('active', 'suspended')", name="status_known"),
    )

    status: Mapped[str] = mapped_column(String(16), default=CustomerStatus.ACTIVE)

    @classmethod
    def register(cls, *, email: str, name: str, password_hash: str) -> Customer:
        return cls(
            id=new_id(),
            email=normalised_email(email),
            name=validated_name(name, "customer"),
            password_hash=password_hash,
            status=CustomerStatus.ACTIVE,
        )

    @property
    def active(self) -> bool:
        return self.status == CustomerStatus.ACTIVE

    def suspend(self) -> None:
        self.status = CustomerStatus.SUSPENDED

    def reactivate(self) -> None:
        self.status = CustomerStatus.ACTIVE


class StaffRole(StrEnum):
    """Ordered: each role may do everything the ones before it may."""

    VIEWER = "viewer"
    OPERATOR = "operator"
    OWNER = "owner"

    @property
    def rank(self) -> int:
        return list(StaffRole).index(self)

    def allows(self, required: StaffRole) -> bool:
        return self.rank >= required.rank


@dataclass(frozen=True)
class StaffAccess:
    """Who is acting in the admin API: a staff user's id, role and state, as of this request."""

    staff_id: uuid.UUID
    role: StaffRole
    active: bool


class StaffUser(HasId, HasCredentials, HasTimestamps, Base):
    __tablename__ = "staff_users"
    __table_args__ = (
        CheckConstraint("email = lower(email)", name="email_lower_case"),
        CheckConstraint("role IN ('viewer', 'operator', 'owner')", name="role_known"),
    )

    role: Mapped[str] = mapped_column(String(16))
    active: Mapped[bool] = mapped_column(default=True, server_default="true")

    @classmethod
    def create(cls, *, email: str, name: str, password_hash: str, role: StaffRole) -> StaffUser:
        return cls(
            id=new_id(),
            email=normalised_email(email),
            name=validated_name(name, "staff user"),
            password_hash=password_hash,
            role=role,
            active=True,
        )

    @property
    def staff_role(self) -> StaffRole:
        return StaffRole(self.role)

    def change_role(self, role: StaffRole, *, active_owners: int) -> None:
        if self._is_last_owner(active_owners) and role != StaffRole.OWNER:
            raise ConflictError("The last active owner cannot be demoted.")
        self.role = role

    def deactivate(self, *, active_owners: int) -> None:
        if self._is_last_owner(active_owners):
            raise ConflictError("The last active owner cannot be deactivated.")
        self.active = False

    def _is_last_owner(self, active_owners: int) -> bool:
        return self.active and self.staff_role == StaffRole.OWNER and active_owners <= 1
