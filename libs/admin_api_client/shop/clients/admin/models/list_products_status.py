from enum import StrEnum


class ListProductsStatus(StrEnum):
    ACTIVE = "active"
    ALL = "all"
    ARCHIVED = "archived"

    def __str__(self) -> str:
        return str(self.value)
