from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from uuid import UUID


T = TypeVar("T", bound="ProductOut")


@_attrs_define
class ProductOut:
    """
    Attributes:
        id (UUID):
        sku (str):
        name (str):
        description (str):
        price_minor (int):
        currency (str):
        stock (int):
        in_stock (bool):
        active (bool):
        version (int):
    """

    id: UUID
    sku: str
    name: str
    description: str
    price_minor: int
    currency: str
    stock: int
    in_stock: bool
    active: bool
    version: int

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        sku = self.sku

        name = self.name

        description = self.description

        price_minor = self.price_minor

        currency = self.currency

        stock = self.stock

        in_stock = self.in_stock

        active = self.active

        version = self.version

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "sku": sku,
                "name": name,
                "description": description,
                "price_minor": price_minor,
                "currency": currency,
                "stock": stock,
                "in_stock": in_stock,
                "active": active,
                "version": version,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = UUID(d.pop("id"))

        sku = d.pop("sku")

        name = d.pop("name")

        description = d.pop("description")

        price_minor = d.pop("price_minor")

        currency = d.pop("currency")

        stock = d.pop("stock")

        in_stock = d.pop("in_stock")

        active = d.pop("active")

        version = d.pop("version")

        product_out = cls(
            id=id,
            sku=sku,
            name=name,
            description=description,
            price_minor=price_minor,
            currency=currency,
            stock=stock,
            in_stock=in_stock,
            active=active,
            version=version,
        )

        return product_out
