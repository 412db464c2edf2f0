"""The enums of wildplan's results."""

import enum

__all__ = ["Status"]


class Status(str, enum.Enum):
    """A task's status, as its box reads with the configuration's status map.

    The values are the names the CLI's JSON documents use; a Status compares equal to its value
    (``Status.DONE == "done"``).
    """

    TODO = "todo"
    DONE = "done"
    IN_PROGRESS = "in_progress"
    CANCELLED = "cancelled"
    BLOCKED = "blocked"
    OTHER = "other"

    def __str__(self) -> str:
        return self.value
