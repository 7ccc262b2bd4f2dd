from enum import StrEnum


class ExportOrdersStatusType3Type1(StrEnum):
    CANCELLED = "cancelled"
    FULFILLED = "fulfilled"
    PLACED = "placed"

    def __str__(self) -> str:
        return str(self.value)
