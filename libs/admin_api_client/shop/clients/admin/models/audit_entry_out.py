from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
from uuid import UUID
import datetime

if TYPE_CHECKING:
    from ..models.audit_entry_out_after_type_0 import AuditEntryOutAfterType0
    from ..models.audit_entry_out_before_type_0 import AuditEntryOutBeforeType0


T = TypeVar("T", bound="AuditEntryOut")


@_attrs_define
class AuditEntryOut:
    """
    Attributes:
        id (UUID):
        actor_id (UUID):
        action (str):
        object_type (str):
        object_id (str):
        before (AuditEntryOutBeforeType0 | None):
        after (AuditEntryOutAfterType0 | None):
        at (datetime.datetime):
    """

    id: UUID
    actor_id: UUID
    action: str
    object_type: str
    object_id: str
    before: AuditEntryOutBeforeType0 | None
    after: AuditEntryOutAfterType0 | None
    at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.audit_entry_out_after_type_0 import AuditEntryOutAfterType0  # noqa: PLC0415
        from ..models.audit_entry_out_before_type_0 import AuditEntryOutBeforeType0  # noqa: PLC0415

        id = str(self.id)

        actor_id = str(self.actor_id)

        action = self.action

        object_type = self.object_type

        object_id = self.object_id

        before: dict[str, Any] | None
        if isinstance(self.before, AuditEntryOutBeforeType0):
            before = self.before.to_dict()
        else:
            before = self.before

        after: dict[str, Any] | None
        if isinstance(self.after, AuditEntryOutAfterType0):
            after = self.after.to_dict()
        else:
            after = self.after

        at = self.at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "actor_id": actor_id,
                "action": action,
                "object_type": object_type,
                "object_id": object_id,
                "before": before,
                "after": after,
                "at": at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.audit_entry_out_after_type_0 import AuditEntryOutAfterType0  # noqa: PLC0415
        from ..models.audit_entry_out_before_type_0 import AuditEntryOutBeforeType0  # noqa: PLC0415

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        actor_id = UUID(d.pop("actor_id"))

        action = d.pop("action")

        object_type = d.pop("object_type")

        object_id = d.pop("object_id")

        def _parse_before(data: object) -> AuditEntryOutBeforeType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                before_type_0 = AuditEntryOutBeforeType0.from_dict(data)

                return before_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(AuditEntryOutBeforeType0 | None, data)

        before = _parse_before(d.pop("before"))

        def _parse_after(data: object) -> AuditEntryOutAfterType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                after_type_0 = AuditEntryOutAfterType0.from_dict(data)

                return after_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(AuditEntryOutAfterType0 | None, data)

        after = _parse_after(d.pop("after"))

        at = datetime.datetime.fromisoformat(d.pop("at"))

        audit_entry_out = cls(
            id=id,
            actor_id=actor_id,
            action=action,
            object_type=object_type,
            object_id=object_id,
            before=before,
            after=after,
            at=at,
        )

        audit_entry_out.additional_properties = d
        return audit_entry_out

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
