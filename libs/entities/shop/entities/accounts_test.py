import pytest

from shop.core.errors import ConflictError, ValidationFailedError
from shop.entities import Customer, StaffRole, StaffUser


def test_emails_are_stored_lower_case() -> None:
    customer = Customer.register(email=" Ann@Example.COM ", name="Ann", password_hash="h")

    assert customer.email == "ann@example.com"
    assert customer.active


MALFORMED_EMAILS = [
    "",
    "ann",
    "ann@",
    "@example.com",
    "a b@example.com",
    "ann@example.com\r\nBcc: x@example.com",  # a header injection
    "ann\x00@example.com",
    "ann@example",  # no dotted domain
]


@pytest.mark.parametrize("email", MALFORMED_EMAILS)
def test_malformed_emails_are_refused_for_customers_and_staff(email: str) -> None:
    with pytest.raises(ValidationFailedError):
        Customer.register(email=email, name="Ann", password_hash="h")
    with pytest.raises(ValidationFailedError):
        StaffUser.create(email=email, name="Ann", password_hash="h", role=StaffRole.VIEWER)


def test_a_customer_can_be_suspended_and_reactivated() -> None:
    customer = Customer.register(email="ann@example.com", name="Ann", password_hash="h")

    customer.suspend()
    assert not customer.active
    customer.reactivate()
    assert customer.active


def test_roles_are_ordered() -> None:
    assert StaffRole.OWNER.allows(StaffRole.OPERATOR)
    assert StaffRole.OPERATOR.allows(StaffRole.VIEWER)
    assert not StaffRole.VIEWER.allows(StaffRole.OPERATOR)
    assert not StaffRole.OPERATOR.allows(StaffRole.OWNER)


def owner() -> StaffUser:
    return StaffUser.create(
        email="o@example.com", name="O", password_hash="h", role=StaffRole.OWNER
    )


def test_the_last_active_owner_cannot_be_demoted_or_deactivated() -> None:
    last = owner()

    with pytest.raises(ConflictError, match="last active owner"):
        last.change_role(StaffRole.OPERATOR, active_owners=1)
    with pytest.raises(ConflictError, match="last active owner"):
        last.deactivate(active_owners=1)
    assert last.staff_role == StaffRole.OWNER
    assert last.active


def test_an_owner_can_step_down_when_another_remains() -> None:
    first = owner()

    first.change_role(StaffRole.VIEWER, active_owners=2)

    assert first.staff_role == StaffRole.VIEWER
