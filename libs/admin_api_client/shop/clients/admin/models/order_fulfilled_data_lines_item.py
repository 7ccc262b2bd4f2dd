from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from uuid import UUID


T = TypeVar("T", bound="OrderFulfilledDataLinesItem")


@_attrs_define
class OrderFulfilledDataLinesItem:
    """
    Attributes:
        product_id (UUID):
        quantity (int):
        unit_price_minor (int):
    """

    product_id: UUID
    quantity: int
    unit_price_minor: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        product_id = str(self.product_id)

        quantity = self.quantity

        unit_price_minor = self.unit_price_minor

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "product_id": product_id,
                "quantity": quantity,
                "unit_price_minor": unit_price_minor,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        product_id = UUID(d.pop("product_id"))

        quantity = d.pop("quantity")

        unit_price_minor = d.pop("unit_price_minor")

        order_fulfilled_data_lines_item = cls(
            product_id=product_id,
            quantity=quantity,
            unit_price_minor=unit_price_minor,
        )

        order_fulfilled_data_lines_item.additional_properties = d
        return order_fulfilled_data_lines_item

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
