import pytest
from fastapi import Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel

from shop.public_api.interface.parameters import Parameters


class Colour(BaseModel):
    name: str


class Flat(BaseModel):
    size: int = 1


class Search(BaseModel):
    q: str = ""
    size: int = 1


class Nested(BaseModel):
    colour: Colour


def test_plain_fields_become_documented_parameters() -> None:
    (size,) = Parameters(Flat, "query").openapi()["parameters"]

    assert (size["name"], size["in"], size["required"]) == ("size", "query", False)
    assert size["schema"]["type"] == "integer"


def test_a_model_with_nested_models_is_refused() -> None:
    with pytest.raises(TypeError, match="plain values"):
        Parameters(Nested, "query").openapi()


def query(query_string: bytes) -> Request:
    return Request({"type": "http", "query_string": query_string, "headers": []})


def test_query_values_are_decoded_and_the_last_of_a_repeated_name_wins() -> None:
    parsed = Parameters(Search, "query").parse(query(b"q=caf%C3%A9+au+lait&size=2&size=3"))

    assert parsed == Search(q="café au lait", size=3)


def test_a_bad_value_is_located_in_the_query() -> None:
    with pytest.raises(RequestValidationError) as error:
        Parameters(Search, "query").parse(query(b"size=many"))

    assert [item["loc"] for item in error.value.errors()] == [("query", "size")]
