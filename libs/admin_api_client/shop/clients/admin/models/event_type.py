from enum import StrEnum


class EventType(StrEnum):
    ORDER_CANCELLED = "order.cancelled"
    ORDER_FULFILLED = "order.fulfilled"
    ORDER_PLACED = "order.placed"

    def __str__(self) -> str:
        return str(self.value)
