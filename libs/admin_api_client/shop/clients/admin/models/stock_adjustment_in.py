from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset


T = TypeVar("T", bound="StockAdjustmentIn")


@_attrs_define
class StockAdjustmentIn:
    """
    Attributes:
        delta (int): Units added (positive) or removed (negative); never 0.
        reason (str):
    """

    delta: int
    reason: str

    def to_dict(self) -> dict[str, Any]:
        delta = self.delta

        reason = self.reason

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "delta": delta,
                "reason": reason,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        delta = d.pop("delta")

        reason = d.pop("reason")

        stock_adjustment_in = cls(
            delta=delta,
            reason=reason,
        )

        return stock_adjustment_in
