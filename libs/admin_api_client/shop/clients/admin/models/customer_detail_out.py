from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.customer_detail_out_status import CustomerDetailOutStatus
from typing import cast
from uuid import UUID
import datetime

if TYPE_CHECKING:
    from ..models.customer_detail_out_spent_minor import CustomerDetailOutSpentMinor


T = TypeVar("T", bound="CustomerDetailOut")


@_attrs_define
class CustomerDetailOut:
    """
    Attributes:
        id (UUID):
        email (str):
        name (str):
        status (CustomerDetailOutStatus):
        registered_at (datetime.datetime):
        order_count (int):
        spent_minor (CustomerDetailOutSpentMinor):
    """

    id: UUID
    email: str
    name: str
    status: CustomerDetailOutStatus
    registered_at: datetime.datetime
    order_count: int
    spent_minor: CustomerDetailOutSpentMinor
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.customer_detail_out_spent_minor import CustomerDetailOutSpentMinor  # noqa: PLC0415

        id = str(self.id)

        email = self.email

        name = self.name

        status = self.status.value

        registered_at = self.registered_at.isoformat()

        order_count = self.order_count

        spent_minor = self.spent_minor.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "email": email,
                "name": name,
                "status": status,
                "registered_at": registered_at,
                "order_count": order_count,
                "spent_minor": spent_minor,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.customer_detail_out_spent_minor import CustomerDetailOutSpentMinor  # noqa: PLC0415

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        email = d.pop("email")

        name = d.pop("name")

        status = CustomerDetailOutStatus(d.pop("status"))

        registered_at = datetime.datetime.fromisoformat(d.pop("registered_at"))

        order_count = d.pop("order_count")

        spent_minor = CustomerDetailOutSpentMinor.from_dict(d.pop("spent_minor"))

        customer_detail_out = cls(
            id=id,
            email=email,
            name=name,
            status=status,
            registered_at=registered_at,
            order_count=order_count,
            spent_minor=spent_minor,
        )

        customer_detail_out.additional_properties = d
        return customer_detail_out

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
