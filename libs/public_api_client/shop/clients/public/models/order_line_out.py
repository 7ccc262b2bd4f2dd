from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from uuid import UUID


T = TypeVar("T", bound="OrderLineOut")


@_attrs_define
class OrderLineOut:
    """
    Attributes:
        product_id (UUID):
        quantity (int):
        unit_price_minor (int):
    """

    product_id: UUID
    quantity: int
    unit_price_minor: int

    def to_dict(self) -> dict[str, Any]:
        product_id = str(self.product_id)

        quantity = self.quantity

        unit_price_minor = self.unit_price_minor

        field_dict: dict[str, Any] = {}

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

        order_line_out = cls(
            product_id=product_id,
            quantity=quantity,
            unit_price_minor=unit_price_minor,
        )

        return order_line_out
