from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.staff_role import StaffRole


T = TypeVar("T", bound="NewStaffIn")


@_attrs_define
class NewStaffIn:
    """
    Attributes:
        email (str): An address that can receive mail (not at a reserved name such as .test)
        name (str):
        password (str): 10 to 128 characters, not only letters and not only digits.
        role (StaffRole): Ordered: each role may do everything the ones before it may.
    """

    email: str
    name: str
    password: str
    role: StaffRole

    def to_dict(self) -> dict[str, Any]:
        email = self.email

        name = self.name

        password = self.password

        role = self.role.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "email": email,
                "name": name,
                "password": password,
                "role": role,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        email = d.pop("email")

        name = d.pop("name")

        password = d.pop("password")

        role = StaffRole(d.pop("role"))

        new_staff_in = cls(
            email=email,
            name=name,
            password=password,
            role=role,
        )

        return new_staff_in
