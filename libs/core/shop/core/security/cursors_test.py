import pytest

from shop.core.errors import ValidationFailedError
from shop.core.security.cursors import decode_cursor, encode_cursor

KEYS = frozenset({"created_at", "id"})


def test_a_cursor_round_trips() -> None:
    position = {"created_at": "2026-01-01T00:00:00+00:00", "id": "0193-abc"}

    assert decode_cursor(encode_cursor(position), KEYS) == position


@pytest.mark.parametrize("cursor", ["", "%%%", "bm90IGpzb24", encode_cursor({"other": 1})])
def test_a_bad_cursor_is_a_validation_error(cursor: str) -> None:
    with pytest.raises(ValidationFailedError) as raised:
        decode_cursor(cursor, KEYS)

    assert raised.value.errors[0].location == "query.cursor"
