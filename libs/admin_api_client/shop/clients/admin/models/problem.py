from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
from uuid import UUID

if TYPE_CHECKING:
    from ..models.problem_errors_item import ProblemErrorsItem


T = TypeVar("T", bound="Problem")


@_attrs_define
class Problem:
    """RFC 9457 problem details, as every error of this API is returned.

    Attributes:
        type_ (str): A stable URI naming the kind of problem
        title (str):
        status (int): The HTTP status, repeated
        detail (str): What happened to this request
        instance (str | Unset): The path of the request
        errors (list[ProblemErrorsItem] | Unset): Validation problems: each failing field, where it is and what is wrong
        retry_after (int | Unset): Seconds to wait (429, 503)
        current_version (int | Unset): The version If-Match missed (412)
        idempotency_key (str | Unset): The key used for another request
        required_role (str | Unset): The role the operation needs (403)
        product_id (UUID | Unset):
        order_id (UUID | Unset):
        order_status (str | Unset): The order's status when it conflicted
        stock (int | Unset): Stock on hand when a change was refused
        available (int | Unset): Units left when an order asked for more
        requested (int | Unset): Units an order asked for
        unknown (list[str] | Unset): Unknown values
    """

    type_: str
    title: str
    status: int
    detail: str
    instance: str | Unset = UNSET
    errors: list[ProblemErrorsItem] | Unset = UNSET
    retry_after: int | Unset = UNSET
    current_version: int | Unset = UNSET
    idempotency_key: str | Unset = UNSET
    required_role: str | Unset = UNSET
    product_id: UUID | Unset = UNSET
    order_id: UUID | Unset = UNSET
    order_status: str | Unset = UNSET
    stock: int | Unset = UNSET
    available: int | Unset = UNSET
    requested: int | Unset = UNSET
    unknown: list[str] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.problem_errors_item import ProblemErrorsItem  # noqa: PLC0415

        type_ = self.type_

        title = self.title

        status = self.status

        detail = self.detail

        instance = self.instance

        errors: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.errors, Unset):
            errors = []
            for errors_item_data in self.errors:
                errors_item = errors_item_data.to_dict()
                errors.append(errors_item)

        retry_after = self.retry_after

        current_version = self.current_version

        idempotency_key = self.idempotency_key

        required_role = self.required_role

        product_id: str | Unset = UNSET
        if not isinstance(self.product_id, Unset):
            product_id = str(self.product_id)

        order_id: str | Unset = UNSET
        if not isinstance(self.order_id, Unset):
            order_id = str(self.order_id)

        order_status = self.order_status

        stock = self.stock

        available = self.available

        requested = self.requested

        unknown: list[str] | Unset = UNSET
        if not isinstance(self.unknown, Unset):
            unknown = self.unknown

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "title": title,
                "status": status,
                "detail": detail,
            }
        )
        if instance is not UNSET:
            field_dict["instance"] = instance
        if errors is not UNSET:
            field_dict["errors"] = errors
        if retry_after is not UNSET:
            field_dict["retry_after"] = retry_after
        if current_version is not UNSET:
            field_dict["current_version"] = current_version
        if idempotency_key is not UNSET:
            field_dict["idempotency_key"] = idempotency_key
        if required_role is not UNSET:
            field_dict["required_role"] = required_role
        if product_id is not UNSET:
            field_dict["product_id"] = product_id
        if order_id is not UNSET:
            field_dict["order_id"] = order_id
        if order_status is not UNSET:
            field_dict["order_status"] = order_status
        if stock is not UNSET:
            field_dict["stock"] = stock
        if available is not UNSET:
            field_dict["available"] = available
        if requested is not UNSET:
            field_dict["requested"] = requested
        if unknown is not UNSET:
            field_dict["unknown"] = unknown

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.problem_errors_item import ProblemErrorsItem  # noqa: PLC0415

        d = dict(src_dict)
        type_ = d.pop("type")

        title = d.pop("title")

        status = d.pop("status")

        detail = d.pop("detail")

        instance = d.pop("instance", UNSET)

        _errors = d.pop("errors", UNSET)
        errors: list[ProblemErrorsItem] | Unset = UNSET
        if _errors is not UNSET:
            errors = []
            for errors_item_data in _errors:
                errors_item = ProblemErrorsItem.from_dict(errors_item_data)

                errors.append(errors_item)

        retry_after = d.pop("retry_after", UNSET)

        current_version = d.pop("current_version", UNSET)

        idempotency_key = d.pop("idempotency_key", UNSET)

        required_role = d.pop("required_role", UNSET)

        _product_id = d.pop("product_id", UNSET)
        product_id: UUID | Unset
        if isinstance(_product_id, Unset):
            product_id = UNSET
        else:
            product_id = UUID(_product_id)

        _order_id = d.pop("order_id", UNSET)
        order_id: UUID | Unset
        if isinstance(_order_id, Unset):
            order_id = UNSET
        else:
            order_id = UUID(_order_id)

        order_status = d.pop("order_status", UNSET)

        stock = d.pop("stock", UNSET)

        available = d.pop("available", UNSET)

        requested = d.pop("requested", UNSET)

        unknown = cast(list[str], d.pop("unknown", UNSET))

        problem = cls(
            type_=type_,
            title=title,
            status=status,
            detail=detail,
            instance=instance,
            errors=errors,
            retry_after=retry_after,
            current_version=current_version,
            idempotency_key=idempotency_key,
            required_role=required_role,
            product_id=product_id,
            order_id=order_id,
            order_status=order_status,
            stock=stock,
            available=available,
            requested=requested,
            unknown=unknown,
        )

        problem.additional_properties = d
        return problem

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
