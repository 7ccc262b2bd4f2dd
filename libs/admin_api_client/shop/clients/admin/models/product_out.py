from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
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
        active (bool):
        version (int):
        in_stock (bool | None | Unset): Whether stock > 0
    """

    id: UUID
    sku: str
    name: str
    description: str
    price_minor: int
    currency: str
    stock: int
    active: bool
    version: int
    in_stock: bool | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        sku = self.sku

        name = self.name

        description = self.description

        price_minor = self.price_minor

        currency = self.currency

        stock = self.stock

        active = self.active

        version = self.version

        in_stock: bool | None | Unset
        if isinstance(self.in_stock, Unset):
            in_stock = UNSET
        else:
            in_stock = self.in_stock

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "sku": sku,
                "name": name,
                "description": description,
                "price_minor": price_minor,
                "currency": currency,
                "stock": stock,
                "active": active,
                "version": version,
            }
        )
        if in_stock is not UNSET:
            field_dict["in_stock"] = in_stock

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

        active = d.pop("active")

        version = d.pop("version")

        def _parse_in_stock(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        in_stock = _parse_in_stock(d.pop("in_stock", UNSET))

        product_out = cls(
            id=id,
            sku=sku,
            name=name,
            description=description,
            price_minor=price_minor,
            currency=currency,
            stock=stock,
            active=active,
            version=version,
            in_stock=in_stock,
        )

        product_out.additional_properties = d
        return product_out

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
