import re

import pytest

from shop.core.text import NOT_BLANK, TEXT


@pytest.mark.parametrize(
    ("value", "text", "not_blank"),
    [
        ("Glass teapot", True, True),
        ("", True, False),
        (" \t\n\x1c\x85\ufeff", True, False),
        ("tea\x00pot", False, False),
        ("\x00", False, False),
        (" x ", True, True),
    ],
)
def test_text_never_holds_nul_and_not_blank_needs_more_than_white_space(
    value: str, text: bool, not_blank: bool
) -> None:
    assert (re.search(TEXT, value) is not None) is text
    assert (re.search(NOT_BLANK, value) is not None) is not_blank
