"""Domain errors: what services raise when a request cannot be done, without knowing about HTTP.

The web layer maps each class to a status and the API's error shape (`rwflask/web/errors.py`);
workers and the CLI see plain exceptions.
"""


class DomainError(Exception):
    """Something the caller asked for cannot be done; `detail` says why in words a client can show."""

    def __init__(self, detail: str):
        super().__init__(detail)
        self.detail = detail


class NotFound(DomainError):
    """The object does not exist, or the caller may not know that it does."""

    def __init__(self, detail: str = "Not found."):
        super().__init__(detail)


class Forbidden(DomainError):
    """The caller may see the object but not do this to it."""

    def __init__(self, detail: str = "You do not have permission to perform this action."):
        super().__init__(detail)


class Invalid(DomainError):
    """The input is wrong; `field` names the offending field (None when it is the request as a whole)."""

    def __init__(self, field: str | None, message: str):
        super().__init__(f"{field}: {message}" if field else message)
        self.field = field
        self.message = message


class MediaError(Invalid):
    """An uploaded file is not acceptable media (wrong kind, unreadable, empty, too long); says why."""

    def __init__(self, message: str):
        super().__init__(None, message)


class Conflict(DomainError):
    """The request clashes with the current state of the object."""


class Unavailable(DomainError):
    """A resource the request needs (a render slot, the database) is busy; try again after `retry_after` s."""

    def __init__(self, detail: str, retry_after: int = 1):
        super().__init__(detail)
        self.retry_after = retry_after


def not_exists(field: str, value) -> Invalid:
    """Django REST Framework's message for an id that points at nothing."""
    return Invalid(field, f'Invalid pk "{value}" - object does not exist.')
