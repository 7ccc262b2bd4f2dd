import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from shop.core.asgi.request_body import json_depth_exceeds

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | st.text(alphabet='ab[]{}"\\,: '),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(st.text(alphabet='[]{}"\\x', max_size=4), children, max_size=3)
    ),
    max_leaves=40,
)


def depth_of(value: object) -> int:
    if isinstance(value, list):
        return 1 + max(map(depth_of, value), default=0)
    if isinstance(value, dict):
        return 1 + max(map(depth_of, value.values()), default=0)
    return 0


@given(json_values, st.integers(min_value=0, max_value=8))
def test_the_scan_agrees_with_the_parsed_depth(value: object, limit: int) -> None:
    assert json_depth_exceeds(orjson.dumps(value), limit) == (depth_of(value) > limit)


@pytest.mark.parametrize(
    ("body", "exceeds"),
    [
        (b"[" * 1000 + b"]" * 1000, True),
        (b"[" * 1000, True),  # malformed, and too deep before the parser would say so
        (b'{"a": "' + b"[" * 100 + b'"}', False),  # brackets inside a string do not count
        (b'{"a": "\\"' + b"[" * 100 + b'"}', False),  # nor after an escaped quote
        (b'["\\\\", ' + b"[" * 3 + b"]" * 3 + b"]", False),  # an escaped backslash ends
        (b"[]" * 10_000, False),  # many brackets, never deep
    ],
)
def test_awkward_bodies(body: bytes, exceeds: bool) -> None:
    assert json_depth_exceeds(body, 4) is exceeds
