from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
from typing import Literal, cast
from uuid import UUID

if TYPE_CHECKING:
    from ..models.order_placed_data import OrderPlacedData


T = TypeVar("T", bound="OrderPlaced")


@_attrs_define
class OrderPlaced:
    """A customer placed an order; its stock is taken.

    Attributes:
        id (UUID): The event's id, also `webhook-id`: a second delivery of the same id is a duplicate
        type_ (Literal['order.placed']):
        version (Literal[1]):
        data (OrderPlacedData): The order as it is after the event
    """

    id: UUID
    type_: Literal["order.placed"]
    version: Literal[1]
    data: OrderPlacedData
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.order_placed_data import OrderPlacedData  # noqa: PLC0415

        id = str(self.id)

        type_ = self.type_

        version = self.version

        data = self.data.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "type": type_,
                "version": version,
                "data": data,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.order_placed_data import OrderPlacedData  # noqa: PLC0415

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        type_ = cast(Literal["order.placed"], d.pop("type"))
        if type_ != "order.placed":
            raise ValueError(f"type must match const 'order.placed', got '{type_}'")

        version = cast(Literal[1], d.pop("version"))
        if version != 1:
            raise ValueError(f"version must match const 1, got '{version}'")

        data = OrderPlacedData.from_dict(d.pop("data"))

        order_placed = cls(
            id=id,
            type_=type_,
            version=version,
            data=data,
        )

        order_placed.additional_properties = d
        return order_placed

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
