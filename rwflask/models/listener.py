"""A listening session's state: where the listener is, what they asked for and heard, and where
their live stream renders while it plays."""
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Optional

from sqlalchemy import JSON, Boolean, DateTime, Float, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from rwflask.models.base import Base, utcnow


@dataclass(frozen=True)
class QueuedItem:
    """The item waiting on a track of the node: which asset, why, and when it was pushed (epoch s)."""

    asset: int
    reason: str | None
    pushed: float


@dataclass(frozen=True)
class TrackState:
    """One audiotrack of a live stream: what plays (its listen event, since when) and what waits."""

    playing: int | None = None
    event: int | None = None
    started: float | None = None
    queued: QueuedItem | None = None

    @classmethod
    def from_json(cls, data: dict) -> "TrackState":
        """Read the stored form."""
        queued = data.get("queued")
        return cls(playing=data.get("playing"), event=data.get("event"), started=data.get("started"),
                   queued=QueuedItem(**queued) if queued else None)


class TrackList(TypeDecorator):
    """A list of `TrackState` stored as JSON."""

    impl = JSON
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return [asdict(track) for track in value or ()]

    def process_result_value(self, value, dialect):
        return [TrackState.from_json(item) for item in value or ()]


class PlayTimes(TypeDecorator):
    """{asset id: epoch seconds} stored as JSON (whose keys are text)."""

    impl = JSON
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return {str(asset_id): when for asset_id, when in (value or {}).items()}

    def process_result_value(self, value, dialect):
        return {int(asset_id): when for asset_id, when in (value or {}).items()}


@dataclass(frozen=True)
class StoredPlaylist:
    """A playlist as stored: assets in play order with why each is there, and how many each rule kept out."""

    asset_ids: list = field(default_factory=list)
    reasons: list = field(default_factory=list)
    excluded: dict = field(default_factory=dict)
    project_key: list | None = None  # the project data generations it was built from


class PlaylistColumn(TypeDecorator):
    """A `StoredPlaylist` stored as JSON."""

    impl = JSON(none_as_null=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        # Not asdict(): it copies every element of these lists one call at a time (ms per 10k).
        if value is None:
            return None
        return {"asset_ids": value.asset_ids, "reasons": value.reasons, "excluded": value.excluded,
                "project_key": value.project_key}

    def process_result_value(self, value, dialect):
        return None if value is None else StoredPlaylist(**value)


class ListenerState(Base):
    """Everything any worker needs to rebuild a session's playlist and drive its stream."""

    __tablename__ = "listener_state"
    # Taking a slot is one UPDATE: the database refuses a second stream on the same slot.
    __table_args__ = (UniqueConstraint("node", "slot"),)

    session_id: Mapped[int] = mapped_column(ForeignKey("session.id", ondelete="CASCADE"), primary_key=True)
    latitude: Mapped[Optional[float]] = mapped_column(Float)
    longitude: Mapped[Optional[float]] = mapped_column(Float)
    tag_ids: Mapped[list] = mapped_column(JSON, default=list)
    listener_range_min: Mapped[Optional[float]] = mapped_column(Float)
    listener_range_max: Mapped[Optional[float]] = mapped_column(Float)
    listen_heading: Mapped[Optional[float]] = mapped_column(Float)
    listen_width: Mapped[Optional[float]] = mapped_column(Float)
    started_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    played_at: Mapped[dict] = mapped_column(PlayTimes, default=dict)  # asset id -> epoch s of its last start
    proximity_banned: Mapped[list] = mapped_column(JSON, default=list)
    version: Mapped[int] = mapped_column(Integer, default=1)  # bumped whenever the request changes
    playlist: Mapped[Optional[StoredPlaylist]] = mapped_column(PlaylistColumn)
    playlist_version: Mapped[Optional[int]] = mapped_column(Integer)
    updated: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    # The live stream, while there is one: the render slot it plays in, and what each track does.
    node: Mapped[Optional[str]] = mapped_column(String(32), index=True)
    slot: Mapped[Optional[int]] = mapped_column(Integer)
    paused: Mapped[bool] = mapped_column(Boolean, default=False)
    last_activity: Mapped[datetime] = mapped_column(DateTime, default=utcnow)  # heartbeat, PATCH, start
    listener_seen_at: Mapped[Optional[datetime]] = mapped_column(DateTime)  # Icecast last reported a listener
    tracks: Mapped[list] = mapped_column(TrackList, default=list)

    @hybrid_property
    def active(self) -> bool:
        """Whether the stream is live (it holds a render slot)."""
        return self.node is not None

    @active.inplace.expression
    @classmethod
    def _active_expression(cls):
        return cls.node.is_not(None)


class NodeFeed(Base):
    """Which speaker stream a render node's feed plays (shared by every slot of the node)."""

    __tablename__ = "node_feed"

    node: Mapped[str] = mapped_column(String(32), primary_key=True)
    feed: Mapped[int] = mapped_column(Integer, primary_key=True)
    uri: Mapped[str] = mapped_column(String(512))


class SlotRelease(Base):
    """When a render slot was last given back: it is not handed out again until its Icecast source has
    left (the mount's burst would otherwise give the next listener the end of this stream)."""

    __tablename__ = "slot_release"

    node: Mapped[str] = mapped_column(String(32), primary_key=True)
    slot: Mapped[int] = mapped_column(Integer, primary_key=True)
    released_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
