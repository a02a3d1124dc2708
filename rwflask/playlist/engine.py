"""What a listener hears next: Roundware's playlist rules as pure functions (no database, no HTTP).

Inputs are plain data: the project's rules, an index of its assets (numpy arrays), the
listener's state and the clock. The same code runs in any Celery worker and in the benchmarks.

Rules (Roundware's stream engine, with its bugs fixed):
- candidates: submitted, playable audio (converted, with a length), in the session's language,
  not blocked, and matching the requested tags (none requested: the project's default listen
  tags) with AND across the project's active listen categories and OR within one; tags outside
  those categories are ignored, and a category without a requested tag imposes nothing (so with
  no request and no defaults every asset qualifies, where Roundware fell silent);
- nearby, by the first rule that applies: global session; directional (heading +- width/2,
  wrapping around north, within range min..max); range (min..max); the asset's shape; the
  project's recording radius (1 m when unset). A geo session without a location hears nothing;
  latitude or longitude 0 is a location;
- a played asset is banned for `ban_seconds`, and (geo sessions) until the listener has left its
  range; timed assets play between their start and end seconds since the stream started,
  regardless of place, before the others when the project gives them priority;
- order: random, by weight or by likes (highest first); `continuous` projects forgive proximity
  bans when nothing is left to play.
"""
import math
import random
from dataclasses import dataclass, field, replace

import numpy as np
import shapely

from rwflask import geo

DEFAULT_BAN_SECONDS = 1800.0
DEFAULT_LISTEN_WIDTH = 10.0  # the API documentation's default beam width, in degrees
HALF_EARTH_M = math.pi * 6_371_000.0
FALLBACK_RECORDING_RADIUS_M = 1.0
REASONS = ("timed", "global", "directional", "range", "shape", "radius")  # why an asset is in the playlist
EXCLUSION_REASONS = ("not_submitted", "not_playable", "language", "tags", "blocked", "no_location",
                     "out_of_range", "replay_ban", "proximity_ban")


@dataclass(frozen=True)
class TimedEntry:
    """An asset available from `start` to `end` seconds after the stream started."""

    asset_id: int
    start: float
    end: float


@dataclass(frozen=True)
class ProjectRules:
    """The project settings the playlist depends on."""

    project_id: int
    recording_radius: float | None = None
    timed_asset_priority: bool = True
    repeat_mode: str = "stop"
    ordering: str = "random"
    listen_categories: dict = field(default_factory=dict)  # category id -> frozenset of its tag ids
    default_tags: frozenset = frozenset()
    timed: tuple = ()


@dataclass(frozen=True)
class Listener:
    """A listening session's state."""

    session_id: int
    language_id: int | None = None
    geo_listen_enabled: bool = True
    latitude: float | None = None
    longitude: float | None = None
    tag_ids: tuple = ()
    listener_range_min: float | None = None
    listener_range_max: float | None = None
    listen_heading: float | None = None
    listen_width: float | None = None
    started_at: float = 0.0
    played_at: dict = field(default_factory=dict)  # asset id -> when it last started playing (epoch s)
    proximity_banned: frozenset = frozenset()
    blocked: frozenset = frozenset()  # asset ids the listener's user blocked

    @property
    def located(self) -> bool:
        """Whether the listener has a position (0 is a position)."""
        return self.latitude is not None and self.longitude is not None


class AssetIndex:
    """A project's assets as columns, with a latitude-sorted order for spatial lookups."""

    def __init__(self, ids, latitude, longitude, submitted, playable, language, weight, likes, tags, shapes=None):
        """`tags` maps an asset id to its tag ids; `shapes` maps an asset id to a shapely geometry."""
        self.ids = np.asarray(ids, dtype=np.int64)
        self.position = {int(asset_id): i for i, asset_id in enumerate(self.ids)}
        self.latitude = np.asarray(latitude, dtype=float)
        self.longitude = np.asarray(longitude, dtype=float)
        self.submitted = np.asarray(submitted, dtype=bool)
        self.playable = np.asarray(playable, dtype=bool)
        self.language = np.asarray([-1 if v is None else v for v in language], dtype=np.int64)  # -1: none
        self.weight = np.asarray(weight, dtype=np.int64)
        self.likes = np.asarray(likes, dtype=np.int64)
        n = len(self.ids)
        self.tag_masks: dict[int, np.ndarray] = {}
        for asset_id, tag_ids in tags.items():
            i = self.position.get(asset_id)
            if i is None:
                continue
            for tag_id in tag_ids:
                if tag_id not in self.tag_masks:
                    self.tag_masks[tag_id] = np.zeros(n, dtype=bool)
                self.tag_masks[tag_id][i] = True
        self.has_shape = np.zeros(n, dtype=bool)
        self.shapes: dict[int, object] = {}
        for asset_id, shape in (shapes or {}).items():
            i = self.position.get(asset_id)
            if i is not None and shape is not None:
                shapely.prepare(shape)
                self.shapes[i] = shape
                self.has_shape[i] = True
        self.shaped = sorted(self.shapes)
        located = np.flatnonzero(~np.isnan(self.latitude) & ~np.isnan(self.longitude))
        self.by_latitude = located[np.argsort(self.latitude[located], kind="stable")]
        self.sorted_latitude = self.latitude[self.by_latitude]

    def __len__(self) -> int:
        return len(self.ids)

    def near(self, latitude: float, longitude: float, radius_m: float) -> np.ndarray:
        """Positions of located assets within a box around a point that contains the circle of `radius_m`."""
        dlat, dlon = geo.degrees_band(latitude, radius_m)
        lo = np.searchsorted(self.sorted_latitude, latitude - dlat, side="left")
        hi = np.searchsorted(self.sorted_latitude, latitude + dlat, side="right")
        band = self.by_latitude[lo:hi]
        if dlon >= 180:
            return band
        offset = np.mod(self.longitude[band] - longitude + 180.0, 360.0) - 180.0
        return band[np.abs(offset) <= dlon]


@dataclass
class Playlist:
    """The listener's playlist (next first), why each asset is in it, and why others are not."""

    asset_ids: list
    reasons: dict
    excluded: dict
    proximity_banned: frozenset  # the listener's proximity bans after forgiving those left behind


def requested_tag_mask(rules: ProjectRules, index: AssetIndex, requested: tuple) -> np.ndarray:
    """AND across the project's listen categories, OR within one; other tags are ignored."""
    tags = set(requested) or set(rules.default_tags)
    # With nothing requested and no defaults no category imposes anything (Roundware fell silent).
    mask = np.ones(len(index), dtype=bool)
    for category_tags in rules.listen_categories.values():
        wanted = tags & category_tags
        if not wanted:
            continue
        any_of = np.zeros(len(index), dtype=bool)
        for tag_id in wanted:
            tag_mask = index.tag_masks.get(tag_id)
            if tag_mask is not None:
                any_of |= tag_mask
        mask &= any_of
    return mask


def _nearby(listener: Listener, rules: ProjectRules, index: AssetIndex, eligible: np.ndarray):
    """Positions of eligible assets that are nearby, and the rule (an index into REASONS) for each.

    A box around the listener (a binary search on the latitude-sorted index) narrows the
    assets before any distance is computed; only global listening and half-the-Earth ranges
    look at every eligible asset.
    """
    if not listener.geo_listen_enabled:
        chosen = np.flatnonzero(eligible)
        return chosen, np.full(len(chosen), REASONS.index("global"))
    lat, lon = listener.latitude, listener.longitude
    heading, range_max = listener.listen_heading, listener.listener_range_max
    if heading is not None or range_max is not None:
        limit = range_max if range_max is not None else HALF_EARTH_M
        box = index.near(lat, lon, limit)
        box = box[eligible[box]]
        distance, bearing = geo.distances_bearings(lat, lon, index.latitude[box], index.longitude[box])
        ok = (distance >= (listener.listener_range_min or 0.0)) & (distance <= limit)
        reason = "range"
        if heading is not None:
            width = listener.listen_width if listener.listen_width is not None else DEFAULT_LISTEN_WIDTH
            ok &= geo.in_heading(bearing, heading, width) | (distance == 0)
            reason = "directional"
        chosen = box[ok]
        return chosen, np.full(len(chosen), REASONS.index(reason))
    radius = rules.recording_radius if rules.recording_radius is not None else FALLBACK_RECORDING_RADIUS_M
    point = shapely.Point(lon, lat)
    in_shape = np.array([i for i in index.shaped if eligible[i] and index.shapes[i].covers(point)], dtype=np.int64)
    box = index.near(lat, lon, radius)
    box = box[eligible[box] & ~index.has_shape[box]]
    distance, _ = geo.distances_bearings(lat, lon, index.latitude[box], index.longitude[box])
    in_radius = box[distance <= radius]
    return (np.concatenate([in_shape, in_radius]),
            np.concatenate([np.full(len(in_shape), REASONS.index("shape")),
                            np.full(len(in_radius), REASONS.index("radius"))]))


def _order(positions: np.ndarray, rules: ProjectRules, index: AssetIndex, seed: int) -> np.ndarray:
    """Play order, first to play first: random, or highest weight / most likes first (ties: newest id)."""
    positions = np.sort(positions)
    if rules.ordering == "by_weight":
        return positions[np.lexsort((-index.ids[positions], -index.weight[positions]))]
    if rules.ordering == "by_like":
        return positions[np.lexsort((-index.ids[positions], -index.likes[positions]))]
    return positions[np.argsort(_shuffle_keys(index.ids[positions], seed), kind="stable")]


def _shuffle_keys(ids: np.ndarray, seed: int) -> np.ndarray:
    """A random-looking key per asset id, fixed for a seed (splitmix64): with the same seed, a playlist
    rebuilt after a play or an upload keeps its order, new assets landing at random places in it."""
    with np.errstate(over="ignore"):
        z = ids.astype(np.uint64) + np.uint64(seed) * np.uint64(0x9E3779B97F4A7C15)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return z ^ (z >> np.uint64(31))


def _positions(index: AssetIndex, asset_ids) -> np.ndarray:
    return np.array([i for a in asset_ids if (i := index.position.get(int(a))) is not None], dtype=np.int64)


def build_playlist(listener: Listener, rules: ProjectRules, index: AssetIndex, now: float,
                   ban_seconds: float = DEFAULT_BAN_SECONDS, rng: random.Random | None = None) -> Playlist:
    """The ordered playlist for the listener at time `now` (epoch seconds).

    `continuous` projects forgive the proximity bans once nothing else is left (time bans stay);
    the result's `proximity_banned` is the listener's bans after that.
    """
    seed = (rng or random.Random()).getrandbits(64)
    result = _build(listener, rules, index, now, ban_seconds, seed)
    if not result.asset_ids and rules.repeat_mode == "continuous" and result.proximity_banned:
        result = _build(replace(listener, proximity_banned=frozenset()), rules, index, now, ban_seconds, seed)
    return result


def _build(listener: Listener, rules: ProjectRules, index: AssetIndex, now: float, ban_seconds: float,
           seed: int) -> Playlist:
    n = len(index)
    excluded = dict.fromkeys(EXCLUSION_REASONS, 0)
    remaining = np.ones(n, dtype=bool)
    language = -1 if listener.language_id is None else listener.language_id
    blocked = np.zeros(n, dtype=bool)
    for asset_id in listener.blocked:
        if asset_id in index.position:
            blocked[index.position[asset_id]] = True
    for reason, passes in (("not_submitted", index.submitted), ("not_playable", index.playable),
                           ("language", (index.language == language) & (index.language >= 0)),
                           ("tags", requested_tag_mask(rules, index, tuple(listener.tag_ids))),
                           ("blocked", ~blocked)):
        excluded[reason] = int(np.count_nonzero(remaining & ~passes))
        remaining &= passes

    time_banned = _positions(index, [a for a, played in listener.played_at.items() if now - played < ban_seconds])
    elapsed = now - listener.started_at
    timed = _positions(index, [e.asset_id for e in rules.timed if e.start <= elapsed <= e.end])
    timed = np.unique(timed[remaining[timed]])

    unlocated = listener.geo_listen_enabled and not listener.located
    if unlocated:
        nearby, codes = np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    else:
        nearby, codes = _nearby(listener, rules, index, remaining)
    # Leaving an asset's range forgives its proximity ban.
    proximity = _positions(index, listener.proximity_banned)
    proximity = proximity[np.isin(proximity, nearby)]

    heard = np.union1d(nearby, timed)
    replay = np.isin(heard, time_banned)
    held = ~replay & np.isin(heard, proximity)
    excluded["replay_ban"] = int(np.count_nonzero(replay))
    excluded["proximity_ban"] = int(np.count_nonzero(held))
    excluded["no_location" if unlocated else "out_of_range"] = int(np.count_nonzero(remaining)) - len(heard)
    playable = heard[~replay & ~held]
    is_timed = np.isin(playable, timed)
    timed_ordered = _order(playable[is_timed], rules, index, seed)
    geo_ordered = _order(playable[~is_timed], rules, index, seed)
    ordered = (np.concatenate([timed_ordered, geo_ordered]) if rules.timed_asset_priority
               else np.concatenate([geo_ordered, timed_ordered]))
    code_of = dict(zip(nearby.tolist(), codes.tolist()))
    timed_set = set(timed.tolist())
    ids = index.ids[ordered].tolist()
    return Playlist(asset_ids=ids,
                    reasons=dict(zip(ids, (REASONS[0] if i in timed_set else REASONS[code_of[i]]
                                           for i in ordered.tolist()))),
                    excluded={k: v for k, v in excluded.items() if v},
                    proximity_banned=frozenset(index.ids[proximity].tolist()))


UNBANNED_REASONS = ("timed", "requested", "global")  # plays that do not hold the listener's proximity ban


def pick_next(playlist: Playlist, busy=frozenset()) -> tuple[int, str] | None:
    """The asset to queue next and why: the first of the playlist not already playing or queued
    on another track (`busy`); None when nothing fits."""
    for asset_id in playlist.asset_ids:
        if asset_id not in busy:
            return asset_id, playlist.reasons[asset_id]
    return None


def record_play(listener: Listener, asset_id: int, reason: str | None, now: float) -> Listener:
    """The listener after an asset started playing: it is time-banned from `now`, and (geo sessions)
    proximity-banned until the listener leaves its range, unless it played for a reason that
    does not depend on the place (timed, requested, global)."""
    banned = listener.proximity_banned
    if listener.geo_listen_enabled and reason not in UNBANNED_REASONS:
        banned = banned | {asset_id}
    return replace(listener, played_at={**listener.played_at, asset_id: now}, proximity_banned=banned)
