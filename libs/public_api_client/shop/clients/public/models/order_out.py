from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.order_status import OrderStatus
from typing import cast
from uuid import UUID
import datetime

if TYPE_CHECKING:
    from ..models.order_line_out import OrderLineOut


T = TypeVar("T", bound="OrderOut")


@_attrs_define
class OrderOut:
    """
    Attributes:
        id (UUID):
        status (OrderStatus):
        total_minor (int): In the currency's minor unit (cents for EUR)
        currency (str):
        placed_at (datetime.datetime):
        lines (list[OrderLineOut]):
    """

    id: UUID
    status: OrderStatus
    total_minor: int
    currency: str
    placed_at: datetime.datetime
    lines: list[OrderLineOut]

    def to_dict(self) -> dict[str, Any]:
        from ..models.order_line_out import OrderLineOut  # noqa: PLC0415

        id = str(self.id)

        status = self.status.value

        total_minor = self.total_minor

        currency = self.currency

        placed_at = self.placed_at.isoformat()

        lines = []
        for lines_item_data in self.lines:
            lines_item = lines_item_data.to_dict()
            lines.append(lines_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "status": status,
                "total_minor": total_minor,
                "currency": currency,
                "placed_at": placed_at,
                "lines": lines,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.order_line_out import OrderLineOut  # noqa: PLC0415

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        status = OrderStatus(d.pop("status"))

        total_minor = d.pop("total_minor")

        currency = d.pop("currency")

        placed_at = datetime.datetime.fromisoformat(d.pop("placed_at"))

        lines = []
        _lines = d.pop("lines")
        for lines_item_data in _lines:
            lines_item = OrderLineOut.from_dict(lines_item_data)

            lines.append(lines_item)

        order_out = cls(
            id=id,
            status=status,
            total_minor=total_minor,
            currency=currency,
            placed_at=placed_at,
            lines=lines,
        )

        return order_out
