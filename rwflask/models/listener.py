"""A listening session's state: where the listener is, what they asked for, what they heard."""
from datetime import datetime
from typing import Optional

from sqlalchemy import Boolean, DateTime, Float, ForeignKey, Integer, String, Text
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
    # The live stream, when there is one: where it renders, whether it is held, what each track is doing.
    active: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    node: Mapped[Optional[str]] = mapped_column(String(32))
    slot: Mapped[Optional[int]] = mapped_column(Integer)
    paused: Mapped[bool] = mapped_column(Boolean, default=False)
    last_activity: Mapped[datetime] = mapped_column(DateTime, default=utcnow)  # heartbeat, PATCH, start
    listener_seen_at: Mapped[Optional[datetime]] = mapped_column(DateTime)  # Icecast last reported a listener
    tracks: Mapped[str] = mapped_column(Text, default="[]")  # per audiotrack: playing and queued assets


class StreamSlot(Base):
    """A render node slot taken by a session's stream (the primary key makes taking it atomic)."""

    __tablename__ = "stream_slot"

    node: Mapped[str] = mapped_column(String(32), primary_key=True)
    slot: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("session.id", ondelete="CASCADE"), unique=True)


class NodeFeed(Base):
    """Which speaker stream a render node's feed plays (shared by every slot of the node)."""

    __tablename__ = "node_feed"

    node: Mapped[str] = mapped_column(String(32), primary_key=True)
    feed: Mapped[int] = mapped_column(Integer, primary_key=True)
    uri: Mapped[str] = mapped_column(String(512))
