from enum import StrEnum


class StaffRole(StrEnum):
    OPERATOR = "operator"
    OWNER = "owner"
    VIEWER = "viewer"

    def __str__(self) -> str:
        return str(self.value)
