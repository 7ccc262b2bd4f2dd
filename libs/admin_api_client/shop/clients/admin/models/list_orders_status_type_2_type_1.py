from enum import StrEnum


class ListOrdersStatusType2Type1(StrEnum):
    CANCELLED = "cancelled"
    FULFILLED = "fulfilled"
    PLACED = "placed"

    def __str__(self) -> str:
        return str(self.value)
