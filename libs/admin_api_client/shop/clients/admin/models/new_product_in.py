from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset


T = TypeVar("T", bound="NewProductIn")


@_attrs_define
class NewProductIn:
    """
    Attributes:
        sku (str):
        name (str):
        price_minor (int):
        currency (str):
        description (str | Unset):  Default: ''.
        stock (int | Unset):  Default: 0.
    """

    sku: str
    name: str
    price_minor: int
    currency: str
    description: str | Unset = ""
    stock: int | Unset = 0

    def to_dict(self) -> dict[str, Any]:
        sku = self.sku

        name = self.name

        price_minor = self.price_minor

        currency = self.currency

        description = self.description

        stock = self.stock

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "sku": sku,
                "name": name,
                "price_minor": price_minor,
                "currency": currency,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description
        if stock is not UNSET:
            field_dict["stock"] = stock

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        sku = d.pop("sku")

        name = d.pop("name")

        price_minor = d.pop("price_minor")

        currency = d.pop("currency")

        description = d.pop("description", UNSET)

        stock = d.pop("stock", UNSET)

        new_product_in = cls(
            sku=sku,
            name=name,
            price_minor=price_minor,
            currency=currency,
            description=description,
            stock=stock,
        )

        return new_product_in
