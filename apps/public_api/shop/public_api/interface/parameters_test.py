import pytest
from pydantic import BaseModel

from shop.public_api.interface.parameters import Parameters


class Colour(BaseModel):
    name: str


class Flat(BaseModel):
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
