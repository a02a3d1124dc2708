"""A listening session's state: where the listener is, what they asked for, what they heard."""
from datetime import datetime
from typing import Optional

from sqlalchemy import DateTime, Float, ForeignKey, Integer, Text
from sqlalchemy.orm import Mapped, mapped_column

from rwflask.models.base import Base, utcnow


class ListenerState(Base):
    """Everything any worker needs to recompute a session's playlist (lists are JSON text)."""

    __tablename__ = "listener_state"

    session_id: Mapped[int] = mapped_column(ForeignKey("session.id", ondelete="CASCADE"), primary_key=True)
    latitude: Mapped[Optional[float]] = mapped_column(Float)
    longitude: Mapped[Optional[float]] = mapped_column(Float)
    tag_ids: Mapped[str] = mapped_column(Text, default="[]")
    listener_range_min: Mapped[Optional[float]] = mapped_column(Float)
    listener_range_max: Mapped[Optional[float]] = mapped_column(Float)
    listen_heading: Mapped[Optional[float]] = mapped_column(Float)
    listen_width: Mapped[Optional[float]] = mapped_column(Float)
    started_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    played_at: Mapped[str] = mapped_column(Text, default="{}")  # asset id -> epoch seconds of its last start
    proximity_banned: Mapped[str] = mapped_column(Text, default="[]")
    version: Mapped[int] = mapped_column(Integer, default=1)  # bumped whenever the request changes
    playlist: Mapped[Optional[str]] = mapped_column(Text)
    playlist_version: Mapped[Optional[int]] = mapped_column(Integer)
    updated: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
