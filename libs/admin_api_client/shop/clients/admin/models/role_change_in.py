from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.staff_role import StaffRole


T = TypeVar("T", bound="RoleChangeIn")


@_attrs_define
class RoleChangeIn:
    """
    Attributes:
        role (StaffRole): Ordered: each role may do everything the ones before it may.
    """

    role: StaffRole

    def to_dict(self) -> dict[str, Any]:
        role = self.role.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "role": role,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        role = StaffRole(d.pop("role"))

        role_change_in = cls(
            role=role,
        )

        return role_change_in
