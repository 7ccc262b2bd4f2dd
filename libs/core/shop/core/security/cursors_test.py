import base64
import json
import uuid
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shop.core.errors import ValidationFailedError
from shop.core.security.cursors import decode_cursor, encode_cursor

KEYS = {"created_at": datetime, "id": uuid.UUID}
NAME_KEYS = {"name": str, "id": uuid.UUID}
SEQUENCE_KEYS = {"position": int}

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3)
    ),
    max_leaves=10,
)


def forged(position: object) -> str:
    # The stdlib encoder: it writes integers of any size, as a forger could.
    return base64.urlsafe_b64encode(json.dumps(position).encode()).decode().rstrip("=")


def test_a_cursor_round_trips_to_typed_values() -> None:
    created, row_id = datetime(2026, 1, 1, tzinfo=UTC), uuid.uuid4()

    position = decode_cursor(encode_cursor({"created_at": created, "id": str(row_id)}), KEYS)

    assert position == {"created_at": created, "id": row_id}


@pytest.mark.parametrize(
    "cursor",
    [
        "",
        "%%%",
        "bm90IGpzb24",
        encode_cursor({"other": 1}),
        forged({"id": 5, "name": "a"}),  # the finding: a number where a UUID belongs
        forged({"id": [str(uuid.uuid4())], "name": "a"}),  # a list where an id belongs
        forged({"id": str(uuid.uuid4()), "name": "nul\x00byte"}),  # text PostgreSQL refuses
        forged({"id": str(uuid.uuid4()), "name": None}),
        "A" * 5000,
    ],
)
def test_a_forged_cursor_is_a_validation_error(cursor: str) -> None:
    with pytest.raises(ValidationFailedError) as raised:
        decode_cursor(cursor, NAME_KEYS)

    assert raised.value.errors[0].location == "cursor"  # the interface adds `query.`


@pytest.mark.parametrize(
    "created_at",
    ["2026-01-01T00:00:00", "0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-05:00", 17, True],
)
def test_timestamps_must_carry_a_zone_and_stay_in_the_calendar(created_at: object) -> None:
    with pytest.raises(ValidationFailedError):
        decode_cursor(forged({"created_at": created_at, "id": str(uuid.uuid4())}), KEYS)


@pytest.mark.parametrize("value", [True, 2**63, -(2**63) - 1, 1.5, "1"])
def test_integers_must_be_integers_that_fit_the_column(value: object) -> None:
    with pytest.raises(ValidationFailedError):
        decode_cursor(forged({"position": value}), SEQUENCE_KEYS)


@given(st.text())
def test_any_text_decodes_to_typed_values_or_a_validation_error(cursor: str) -> None:
    assert_typed_or_refused(cursor)


@given(st.binary())
def test_any_bytes_decode_to_typed_values_or_a_validation_error(raw: bytes) -> None:
    assert_typed_or_refused(base64.urlsafe_b64encode(raw).decode().rstrip("="))


@given(st.dictionaries(st.sampled_from(["created_at", "id", "name", "x"]), json_values))
def test_any_json_object_decodes_to_typed_values_or_a_validation_error(
    position: dict[str, object],
) -> None:
    assert_typed_or_refused(forged(position))


def assert_typed_or_refused(cursor: str) -> None:
    for keys in (KEYS, NAME_KEYS, SEQUENCE_KEYS):
        try:
            position = decode_cursor(cursor, keys)
        except ValidationFailedError:
            continue
        assert position.keys() == keys.keys()
        assert all(isinstance(position[key], kind) for key, kind in keys.items())
