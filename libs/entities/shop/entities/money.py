"""Money as integer minor units (cents) with an ISO 4217 currency code: no floats, ever."""

from __future__ import annotations

import re

from shop.core.errors import ValidationFailedError

CURRENCY_PATTERN = re.compile(r"^[A-Z]{3}$")


def validated_currency(code: str) -> str:
    if not CURRENCY_PATTERN.match(code):
        raise ValidationFailedError(f"{code!r} is not an ISO 4217 currency code (e.g. EUR).")
    return code


def validated_amount(minor_units: int) -> int:
    if minor_units < 0:
        raise ValidationFailedError("An amount cannot be negative.")
    return minor_units
