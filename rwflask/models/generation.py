"""Generation counters: bumped in the same transaction as a change, so any process can tell its caches are stale."""
from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from rwflask.models.base import Base


class Generation(Base):
    """A named counter; `value` grows every time the data it stands for changes."""

    __tablename__ = "generation"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[int] = mapped_column(Integer, default=0)
