from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.order_fulfilled_data_status import OrderFulfilledDataStatus
from ..types import UNSET, Unset
from typing import cast
from uuid import UUID
import datetime

if TYPE_CHECKING:
    from ..models.order_fulfilled_data_customer import OrderFulfilledDataCustomer
    from ..models.order_fulfilled_data_lines_item import OrderFulfilledDataLinesItem


T = TypeVar("T", bound="OrderFulfilledData")


@_attrs_define
class OrderFulfilledData:
    """The order as it is after the event

    Attributes:
        order_id (UUID):
        id (UUID): The order's id again
        customer_id (UUID):
        status (OrderFulfilledDataStatus):
        total_minor (int): In minor units
        currency (str):
        placed_at (datetime.datetime):
        lines (list[OrderFulfilledDataLinesItem]):
        customer (OrderFulfilledDataCustomer | Unset): Whom to tell: the customer's address and name when the event was
            recorded (events recorded before shop-entities 0.7.0 have none)
    """

    order_id: UUID
    id: UUID
    customer_id: UUID
    status: OrderFulfilledDataStatus
    total_minor: int
    currency: str
    placed_at: datetime.datetime
    lines: list[OrderFulfilledDataLinesItem]
    customer: OrderFulfilledDataCustomer | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.order_fulfilled_data_customer import OrderFulfilledDataCustomer  # noqa: PLC0415
        from ..models.order_fulfilled_data_lines_item import OrderFulfilledDataLinesItem  # noqa: PLC0415

        order_id = str(self.order_id)

        id = str(self.id)

        customer_id = str(self.customer_id)

        status = self.status.value

        total_minor = self.total_minor

        currency = self.currency

        placed_at = self.placed_at.isoformat()

        lines = []
        for lines_item_data in self.lines:
            lines_item = lines_item_data.to_dict()
            lines.append(lines_item)

        customer: dict[str, Any] | Unset = UNSET
        if not isinstance(self.customer, Unset):
            customer = self.customer.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "order_id": order_id,
                "id": id,
                "customer_id": customer_id,
                "status": status,
                "total_minor": total_minor,
                "currency": currency,
                "placed_at": placed_at,
                "lines": lines,
            }
        )
        if customer is not UNSET:
            field_dict["customer"] = customer

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.order_fulfilled_data_customer import OrderFulfilledDataCustomer  # noqa: PLC0415
        from ..models.order_fulfilled_data_lines_item import OrderFulfilledDataLinesItem  # noqa: PLC0415

        d = dict(src_dict)
        order_id = UUID(d.pop("order_id"))

        id = UUID(d.pop("id"))

        customer_id = UUID(d.pop("customer_id"))

        status = OrderFulfilledDataStatus(d.pop("status"))

        total_minor = d.pop("total_minor")

        currency = d.pop("currency")

        placed_at = datetime.datetime.fromisoformat(d.pop("placed_at"))

        lines = []
        _lines = d.pop("lines")
        for lines_item_data in _lines:
            lines_item = OrderFulfilledDataLinesItem.from_dict(lines_item_data)

            lines.append(lines_item)

        _customer = d.pop("customer", UNSET)
        customer: OrderFulfilledDataCustomer | Unset
        if isinstance(_customer, Unset):
            customer = UNSET
        else:
            customer = OrderFulfilledDataCustomer.from_dict(_customer)

        order_fulfilled_data = cls(
            order_id=order_id,
            id=id,
            customer_id=customer_id,
            status=status,
            total_minor=total_minor,
            currency=currency,
            placed_at=placed_at,
            lines=lines,
            customer=customer,
        )

        order_fulfilled_data.additional_properties = d
        return order_fulfilled_data

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
