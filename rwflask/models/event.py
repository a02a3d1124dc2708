"""Client and server event log, and the history of what each stream played."""
from datetime import datetime
from typing import Optional

from sqlalchemy import DateTime, Float, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from rwflask.models.base import Base, utcnow


class Event(Base):
    """One logged event; latitude, longitude and tags are kept as the strings the client sent."""

    __tablename__ = "event"

    id: Mapped[int] = mapped_column(primary_key=True)
    server_time: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    client_time: Mapped[Optional[str]] = mapped_column(String(50))
    session_id: Mapped[int] = mapped_column(ForeignKey("session.id", ondelete="CASCADE"), index=True)
    event_type: Mapped[str] = mapped_column(String(50))
    data: Mapped[Optional[str]] = mapped_column(Text)
    latitude: Mapped[Optional[str]] = mapped_column(String(50))
    longitude: Mapped[Optional[str]] = mapped_column(String(50))
    tags: Mapped[Optional[str]] = mapped_column(Text)


class ListenEvent(Base):
    """One asset played in a session's stream, for `duration` seconds."""

    __tablename__ = "listen_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("session.id", ondelete="CASCADE"), index=True)
    asset_id: Mapped[int] = mapped_column(ForeignKey("asset.id", ondelete="CASCADE"), index=True)
    starttime: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    duration: Mapped[Optional[float]] = mapped_column(Float)
