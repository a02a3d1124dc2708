"""Who is calling: the few user columns every request needs, without loading the whole user."""
from dataclasses import dataclass


@dataclass(frozen=True)
class Principal:
    """The authenticated caller of a request (or the user a worker acts for)."""

    id: int
    username: str
    is_staff: bool
    is_active: bool
    device_id: str | None
    client_type: str | None
