"""Building blocks of the playlist engine tests: places around HOME, asset indexes, rules and
listeners with sensible defaults."""
from dataclasses import replace

import numpy as np
from pyproj import Geod
from shapely.geometry import MultiPolygon, box

from rwflask.playlist.engine import (DEFAULT_BAN_SECONDS, AssetIndex, Listener, ProjectRules, TimedEntry,
                                     build_playlist, pick_next, record_play)

GEOD = Geod(ellps="WGS84")
ENGLISH, SPANISH = 1, 2
NO_LANGUAGE = -1  # how the index stores an asset without a language
HOME = (42.35, -71.06)
CATEGORIES = {1: frozenset({11, 12}), 2: frozenset({21, 22})}
OUTSIDE_TAG = 99  # a tag of no listen category
STARTED = 1_000_000.0


def at(bearing: float, metres: float, origin=HOME) -> dict:
    """Position `metres` from `origin` (lat, lon) along `bearing` degrees, as asset fields."""
    lon, lat, _ = GEOD.fwd(origin[1], origin[0], bearing, metres)
    return {"lat": lat, "lon": lon}


def make_index(assets) -> AssetIndex:
    """An index from dicts: id, and optionally lat, lon, submitted, playable, language, weight, likes, tags, shape.

    Defaults: located at HOME, submitted, playable, English, weight 0, no likes, tagged 11.
    """
    def column(key, default):
        return [a.get(key, default) for a in assets]

    return AssetIndex(
        ids=column("id", None),
        latitude=[np.nan if a.get("lat", HOME[0]) is None else a.get("lat", HOME[0]) for a in assets],
        longitude=[np.nan if a.get("lon", HOME[1]) is None else a.get("lon", HOME[1]) for a in assets],
        submitted=column("submitted", True), playable=column("playable", True),
        language=column("language", ENGLISH), weight=column("weight", 0), likes=column("likes", 0),
        tags={a["id"]: a.get("tags", (11,)) for a in assets},
        shapes={a["id"]: a["shape"] for a in assets if a.get("shape") is not None})


def make_rules(**overrides) -> ProjectRules:
    settings = {"project_id": 1, "recording_radius": 100.0, "ordering": "by_weight",
                "listen_categories": CATEGORIES, "default_tags": frozenset({11})}
    return ProjectRules(**{**settings, **overrides})


def located(**overrides) -> Listener:
    """A geo listener at HOME, in English, whose stream started at STARTED."""
    state = {"session_id": 1, "language_id": ENGLISH, "latitude": HOME[0], "longitude": HOME[1],
             "started_at": STARTED}
    return Listener(**{**state, **overrides})


def everywhere(**overrides) -> Listener:
    """A global (non-geo) listener without a location."""
    return located(**{"geo_listen_enabled": False, "latitude": None, "longitude": None, **overrides})


def playlist(listener, assets, now=STARTED + 60, rules=None, **kwargs):
    return build_playlist(listener, rules or make_rules(), make_index(assets), now, **kwargs)


def square_around(lat: float, lon: float, half_degrees: float = 0.001) -> MultiPolygon:
    return MultiPolygon([box(lon - half_degrees, lat - half_degrees, lon + half_degrees, lat + half_degrees)])


def timed_rules(*entries, **overrides) -> ProjectRules:
    """Project rules with timed assets `(asset_id, start, end)`."""
    return make_rules(timed=tuple(TimedEntry(*e) for e in entries), **overrides)


def play_next(listener, rules, index, now, ban_seconds=DEFAULT_BAN_SECONDS, rng=None, busy=frozenset()):
    """What a stream does when a track needs its next asset and then plays it, with the engine's own
    functions: build the playlist, pick the first asset not busy, record the play.
    Returns (the asset or None, the listener afterwards)."""
    result = build_playlist(listener, rules, index, now, ban_seconds, rng)
    listener = replace(listener, proximity_banned=result.proximity_banned)
    choice = pick_next(result, busy)
    if choice is None:
        return None, listener
    return choice[0], record_play(listener, choice[0], choice[1], now)
