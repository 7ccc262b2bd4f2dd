from enum import StrEnum


class OrderStatus(StrEnum):
    CANCELLED = "cancelled"
    FULFILLED = "fulfilled"
    PLACED = "placed"

    def __str__(self) -> str:
        return str(self.value)
