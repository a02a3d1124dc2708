"""The playlist engine's rules (`rwflask.services.playlist`), scenario by scenario.

Roundware's stream engine as described in roundware-behavior.md §3.2–3.4, with the bugs the
module docstring says are fixed. Pure functions: no database, no HTTP.
"""
import random
from dataclasses import replace

import numpy as np
import pytest
from pyproj import Geod
from shapely.geometry import MultiPolygon, box

from rwflask.services.playlist import (DEFAULT_BAN_SECONDS, AssetIndex, Listener, ProjectRules, TimedEntry,
                                       build_playlist, next_asset, requested_tag_mask)

GEOD = Geod(ellps="WGS84")
ENGLISH, SPANISH = 1, 2
NO_LANGUAGE = -1  # how playlist_data stores an asset without a language
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


# --- candidates --------------------------------------------------------------------------------

def test_submitted_playable_assets_in_the_listeners_language_are_candidates():
    result = playlist(everywhere(), [{"id": 1}, {"id": 2}])
    assert sorted(result.asset_ids) == [1, 2]
    assert result.excluded == {}


def test_unsubmitted_assets_are_excluded():
    result = playlist(everywhere(), [{"id": 1}, {"id": 2, "submitted": False}, {"id": 3, "submitted": False}])
    assert result.asset_ids == [1]
    assert result.excluded == {"not_submitted": 2}


def test_unplayable_assets_are_excluded():
    result = playlist(everywhere(), [{"id": 1}, {"id": 2, "playable": False}])
    assert result.asset_ids == [1]
    assert result.excluded == {"not_playable": 1}


def test_assets_in_another_language_or_none_are_excluded():
    result = playlist(everywhere(), [{"id": 1}, {"id": 2, "language": SPANISH}, {"id": 3, "language": NO_LANGUAGE}])
    assert result.asset_ids == [1]
    assert result.excluded == {"language": 2}


def test_spanish_listener_hears_only_spanish_assets():
    result = playlist(everywhere(language_id=SPANISH), [{"id": 1}, {"id": 2, "language": SPANISH}])
    assert result.asset_ids == [2]
    assert result.excluded == {"language": 1}


def test_each_asset_is_counted_under_its_first_failed_rule():
    assets = [{"id": 1, "submitted": False, "playable": False, "language": SPANISH},
              {"id": 2, "playable": False, "language": SPANISH}, {"id": 3, "language": SPANISH, "tags": ()}]
    assert playlist(everywhere(), assets).excluded == {"not_submitted": 1, "not_playable": 1, "language": 1}


# --- tags --------------------------------------------------------------------------------------

def test_no_requested_tags_uses_the_projects_default_tags():
    result = playlist(everywhere(), [{"id": 1, "tags": (11,)}, {"id": 2, "tags": (12,)}],
                      rules=make_rules(default_tags=frozenset({11})))
    assert result.asset_ids == [1]
    assert result.excluded == {"tags": 1}


def test_requested_tags_replace_the_default_tags():
    result = playlist(everywhere(tag_ids=(12,)), [{"id": 1, "tags": (11,)}, {"id": 2, "tags": (12,)}],
                      rules=make_rules(default_tags=frozenset({11})))
    assert result.asset_ids == [2]


def test_tags_of_different_categories_must_all_match():
    assets = [{"id": 1, "tags": (11, 21)}, {"id": 2, "tags": (11,)}, {"id": 3, "tags": (21,)},
              {"id": 4, "tags": (12, 21)}]
    result = playlist(everywhere(tag_ids=(11, 21)), assets)
    assert result.asset_ids == [1]
    assert result.excluded == {"tags": 3}


def test_any_tag_of_one_category_matches():
    assets = [{"id": 1, "tags": (11,)}, {"id": 2, "tags": (12,)}, {"id": 3, "tags": (21,)}, {"id": 4, "tags": ()}]
    result = playlist(everywhere(tag_ids=(11, 12)), assets)
    assert sorted(result.asset_ids) == [1, 2]
    assert result.excluded == {"tags": 2}


def test_any_tag_within_each_of_several_categories_matches():
    assets = [{"id": 1, "tags": (11, 22)}, {"id": 2, "tags": (12, 21)}, {"id": 3, "tags": (11, 12)}]
    result = playlist(everywhere(tag_ids=(11, 12, 21, 22)), assets)
    assert sorted(result.asset_ids) == [1, 2]


def test_requested_tags_outside_the_listen_categories_are_ignored():
    assets = [{"id": 1, "tags": (11,)}, {"id": 2, "tags": (11, OUTSIDE_TAG)}, {"id": 3, "tags": (OUTSIDE_TAG,)}]
    result = playlist(everywhere(tag_ids=(11, OUTSIDE_TAG)), assets)
    assert sorted(result.asset_ids) == [1, 2]


def test_requesting_only_tags_outside_the_listen_categories_imposes_no_tag_constraint():
    assets = [{"id": 1, "tags": (11,)}, {"id": 2, "tags": (OUTSIDE_TAG,)}, {"id": 3, "tags": ()}]
    result = playlist(everywhere(tag_ids=(OUTSIDE_TAG,)), assets)
    assert sorted(result.asset_ids) == [1, 2, 3]
    assert result.excluded == {}


def test_a_category_without_requested_tags_imposes_nothing():
    assets = [{"id": 1, "tags": (11,)}, {"id": 2, "tags": (11, 21)}, {"id": 3, "tags": (21,)}]
    result = playlist(everywhere(tag_ids=(11,)), assets)
    assert sorted(result.asset_ids) == [1, 2]


def test_no_requested_tags_and_no_default_tags_imposes_no_tag_constraint():
    # Roundware fell silent here; rwflask applies "a category with no requested tag imposes nothing".
    result = playlist(everywhere(), [{"id": 1}, {"id": 2, "tags": ()}], rules=make_rules(default_tags=frozenset()))
    assert sorted(result.asset_ids) == [1, 2]
    assert "tags" not in result.excluded


def test_requested_tag_mask_is_and_across_categories_or_within():
    index = make_index([{"id": 1, "tags": (11, 21)}, {"id": 2, "tags": (12, 22)}, {"id": 3, "tags": (11,)}])
    assert requested_tag_mask(make_rules(), index, (11, 12, 21)).tolist() == [True, False, False]


# --- blocking ----------------------------------------------------------------------------------

def test_blocked_assets_are_excluded():
    result = playlist(everywhere(blocked=frozenset({2, 404})), [{"id": 1}, {"id": 2}])
    assert result.asset_ids == [1]
    assert result.excluded == {"blocked": 1}


# --- geo: global -------------------------------------------------------------------------------

def test_global_session_hears_every_candidate_wherever_it_is():
    assets = [{"id": 1}, {"id": 2, "lat": -33.9, "lon": 151.2}, {"id": 3, "lat": None, "lon": None},
              {"id": 4, "lat": 0.0, "lon": 180.0}]
    result = playlist(everywhere(), assets)
    assert sorted(result.asset_ids) == [1, 2, 3, 4]
    assert result.reasons == {1: "global", 2: "global", 3: "global", 4: "global"}


def test_global_session_ignores_the_listeners_location_and_range():
    assets = [{"id": 1, **at(0, 5_000_000)}]
    result = playlist(everywhere(latitude=HOME[0], longitude=HOME[1], listener_range_max=10), assets)
    assert result.asset_ids == [1]
    assert result.reasons == {1: "global"}


# --- geo: directional --------------------------------------------------------------------------

def test_directional_hears_assets_within_half_the_width_of_the_heading():
    assets = [{"id": 1, **at(80, 100)}, {"id": 2, **at(100, 100)}, {"id": 3, **at(110, 100)},
              {"id": 4, **at(68, 100)}, {"id": 5, **at(270, 100)}]
    result = playlist(located(listen_heading=90.0, listen_width=30.0), assets)
    assert sorted(result.asset_ids) == [1, 2]
    assert result.reasons == {1: "directional", 2: "directional"}
    assert result.excluded == {"out_of_range": 3}


def test_directional_wraps_around_north():
    assets = [{"id": 1, **at(350, 100)}, {"id": 2, **at(10, 100)}, {"id": 3, **at(20, 100)},
              {"id": 4, **at(340, 100)}]
    assert sorted(playlist(located(listen_heading=0.0, listen_width=30.0), assets).asset_ids) == [1, 2]


def test_directional_heading_350_reaches_past_north():
    assets = [{"id": 1, **at(335, 100)}, {"id": 2, **at(5, 100)}, {"id": 3, **at(15, 100)},
              {"id": 4, **at(325, 100)}]
    assert sorted(playlist(located(listen_heading=350.0, listen_width=40.0), assets).asset_ids) == [1, 2]


def test_directional_default_width_is_10_degrees():
    assets = [{"id": 1, **at(86, 100)}, {"id": 2, **at(94, 100)}, {"id": 3, **at(84, 100)},
              {"id": 4, **at(96, 100)}]
    assert sorted(playlist(located(listen_heading=90.0), assets).asset_ids) == [1, 2]


def test_directional_keeps_within_the_listener_range():
    assets = [{"id": 1, **at(90, 20)}, {"id": 2, **at(90, 100)}, {"id": 3, **at(90, 400)},
              {"id": 4, **at(90, 1_000)}]
    listener = located(listen_heading=90.0, listen_width=30.0, listener_range_min=50.0, listener_range_max=500.0)
    result = playlist(listener, assets)
    assert sorted(result.asset_ids) == [2, 3]
    assert result.excluded == {"out_of_range": 2}


def test_directional_default_range_reaches_half_the_earth():
    origin = (-60.0, 10.0)
    assets = [{"id": 1, **at(0, 15_000_000, origin)}, {"id": 2, **at(180, 5_000_000, origin)}]
    listener = located(latitude=origin[0], longitude=origin[1], listen_heading=0.0)
    result = playlist(listener, assets, rules=make_rules(recording_radius=10.0))
    assert result.asset_ids == [1]
    assert result.reasons == {1: "directional"}


def test_directional_ignores_shapes_and_the_recording_radius():
    assets = [{"id": 1, **at(0, 100)}, {"id": 2, **at(180, 100)},
              {"id": 3, **at(180, 200), "shape": square_around(*HOME)}]
    result = playlist(located(listen_heading=0.0, listen_width=30.0), assets,
                      rules=make_rules(recording_radius=10_000.0))
    assert result.asset_ids == [1]
    assert result.reasons == {1: "directional"}


# --- geo: range --------------------------------------------------------------------------------

def test_range_hears_assets_between_min_and_max_in_any_direction():
    assets = [{"id": 1, **at(10, 50)}, {"id": 2, **at(100, 200)}, {"id": 3, **at(250, 450)},
              {"id": 4, **at(300, 600)}]
    result = playlist(located(listener_range_min=100.0, listener_range_max=500.0), assets)
    assert sorted(result.asset_ids) == [2, 3]
    assert result.reasons == {2: "range", 3: "range"}
    assert result.excluded == {"out_of_range": 2}


def test_range_without_min_starts_at_the_listener():
    assets = [{"id": 1}, {"id": 2, **at(45, 300)}, {"id": 3, **at(45, 700)}]
    assert sorted(playlist(located(listener_range_max=500.0), assets).asset_ids) == [1, 2]


def test_range_ignores_shapes_and_the_recording_radius():
    assets = [{"id": 1, **at(0, 400)}, {"id": 2, **at(0, 1_000)},
              {"id": 3, **at(90, 1_000), "shape": square_around(*HOME)}]
    result = playlist(located(listener_range_max=500.0), assets, rules=make_rules(recording_radius=10_000.0))
    assert result.asset_ids == [1]
    assert result.reasons == {1: "range"}


# --- geo: shape and radius ---------------------------------------------------------------------

def test_asset_is_heard_where_its_shape_covers_the_listener():
    assets = [{"id": 1, **at(0, 10_000), "shape": square_around(*HOME)},
              {"id": 2, "lat": None, "lon": None, "shape": square_around(*HOME)}]
    result = playlist(located(), assets)
    assert sorted(result.asset_ids) == [1, 2]
    assert result.reasons == {1: "shape", 2: "shape"}


def test_shape_boundary_counts_as_inside():
    shape = MultiPolygon([box(-71.07, 42.34, -71.06, 42.35)])
    result = playlist(located(latitude=42.345, longitude=-71.06), [{"id": 1, **at(0, 10_000), "shape": shape}])
    assert result.asset_ids == [1]


def test_asset_with_a_shape_ignores_the_recording_radius():
    elsewhere = at(0, 5_000)
    assets = [{"id": 1, **at(0, 10), "shape": square_around(elsewhere["lat"], elsewhere["lon"])}, {"id": 2}]
    result = playlist(located(), assets, rules=make_rules(recording_radius=100.0))
    assert result.asset_ids == [2]
    assert result.reasons == {2: "radius"}
    assert result.excluded == {"out_of_range": 1}


def test_recording_radius_decides_for_assets_without_shape():
    assets = [{"id": 1, **at(30, 90)}, {"id": 2, **at(200, 50)}, {"id": 3, **at(30, 110)}]
    result = playlist(located(), assets, rules=make_rules(recording_radius=100.0))
    assert sorted(result.asset_ids) == [1, 2]
    assert result.reasons == {1: "radius", 2: "radius"}
    assert result.excluded == {"out_of_range": 1}


def test_unset_recording_radius_is_one_metre():
    assets = [{"id": 1, **at(45, 0.5)}, {"id": 2, **at(45, 2.0)}]
    result = playlist(located(), assets, rules=make_rules(recording_radius=None))
    assert result.asset_ids == [1]


@pytest.mark.parametrize("origin", [(0.0, 0.0), (0.0, 10.0), (10.0, 0.0)])
def test_latitude_or_longitude_zero_is_a_location(origin):
    result = playlist(located(latitude=origin[0], longitude=origin[1]), [{"id": 1, **at(45, 5, origin)}],
                      rules=make_rules(recording_radius=10.0))
    assert result.asset_ids == [1]
    assert result.reasons == {1: "radius"}


@pytest.mark.parametrize("position", [(None, None), (None, HOME[1]), (HOME[0], None)])
def test_geo_session_without_a_location_hears_nothing(position):
    listener = located(latitude=position[0], longitude=position[1])
    result = playlist(listener, [{"id": 1}, {"id": 2, "shape": square_around(0.0, 0.0)}, {"id": 3, "tags": ()}])
    assert result.asset_ids == []
    assert result.excluded == {"tags": 1, "no_location": 2}


# --- timed assets ------------------------------------------------------------------------------

FAR = at(0, 50_000)


def timed_rules(*entries, **overrides) -> ProjectRules:
    return make_rules(timed=tuple(TimedEntry(*e) for e in entries), **overrides)


@pytest.mark.parametrize(("elapsed", "active"), [(9.0, False), (10.0, True), (15.0, True), (20.0, True),
                                                 (20.5, False)])
def test_timed_asset_plays_between_its_start_and_end_inclusive(elapsed, active):
    result = playlist(located(), [{"id": 7, **FAR}], now=STARTED + elapsed, rules=timed_rules((7, 10.0, 20.0)))
    assert result.asset_ids == ([7] if active else [])


def test_timed_assets_have_reason_timed_even_when_nearby():
    result = playlist(located(), [{"id": 7, **FAR}, {"id": 8}], rules=timed_rules((7, 0, 100), (8, 0, 100)))
    assert result.reasons == {7: "timed", 8: "timed"}


def test_timed_asset_ignores_the_listeners_location():
    listener = located(listen_heading=180.0, listener_range_max=10.0)
    result = playlist(listener, [{"id": 7, **at(0, 5_000_000)}], rules=timed_rules((7, 0, 100)))
    assert result.asset_ids == [7]


def test_timed_asset_plays_for_a_geo_session_without_a_location():
    result = playlist(located(latitude=None, longitude=None), [{"id": 7, **FAR}, {"id": 8}],
                      rules=timed_rules((7, 0, 100)))
    assert result.asset_ids == [7]
    assert result.excluded == {"no_location": 1}


def test_timed_assets_still_obey_tags_language_submission_and_playability():
    assets = [{"id": 1, **FAR}, {"id": 2, **FAR, "language": SPANISH}, {"id": 3, **FAR, "submitted": False},
              {"id": 4, **FAR, "tags": (12,)}, {"id": 5, **FAR, "playable": False}]
    result = playlist(located(), assets, rules=timed_rules(*((i, 0, 100) for i in range(1, 6))))
    assert result.asset_ids == [1]


def test_timed_assets_come_first_with_timed_priority():
    assets = [{"id": 1, "weight": 90}, {"id": 2, "weight": 80}, {"id": 7, **FAR, "weight": 1}]
    result = playlist(located(), assets, rules=timed_rules((7, 0, 100), timed_asset_priority=True))
    assert result.asset_ids == [7, 1, 2]


def test_timed_assets_come_after_located_ones_without_timed_priority():
    assets = [{"id": 1, "weight": 10}, {"id": 2, "weight": 20}, {"id": 7, **FAR, "weight": 99}]
    result = playlist(located(), assets, rules=timed_rules((7, 0, 100), timed_asset_priority=False))
    assert result.asset_ids == [2, 1, 7]


def test_timed_assets_follow_the_projects_ordering():
    assets = [{"id": 6, **FAR, "weight": 1}, {"id": 7, **FAR, "weight": 9}, {"id": 8, **FAR, "weight": 5}]
    result = playlist(located(), assets, rules=timed_rules((6, 0, 100), (7, 0, 100), (8, 0, 100)))
    assert result.asset_ids == [7, 8, 6]


def test_timed_asset_obeys_the_replay_ban():
    now = STARTED + 60
    result = playlist(located(played_at={7: now - 10}), [{"id": 7, **FAR}], now=now, rules=timed_rules((7, 0, 100)))
    assert result.asset_ids == []
    assert result.excluded == {"replay_ban": 1}


# --- replay ban --------------------------------------------------------------------------------

def test_played_asset_is_replay_banned():
    now = STARTED + 60
    result = playlist(everywhere(played_at={1: now - 100}), [{"id": 1}, {"id": 2}], now=now)
    assert result.asset_ids == [2]
    assert result.excluded == {"replay_ban": 1}


@pytest.mark.parametrize(("since", "banned"), [(1799.0, True), (1800.0, False), (5000.0, False)])
def test_replay_ban_lasts_1800_seconds_by_default(since, banned):
    now = STARTED + 10_000
    result = playlist(everywhere(played_at={1: now - since}), [{"id": 1}], now=now)
    assert DEFAULT_BAN_SECONDS == 1800
    assert result.asset_ids == ([] if banned else [1])


@pytest.mark.parametrize(("since", "banned"), [(2.9, True), (3.0, False)])
def test_replay_ban_lasts_ban_seconds(since, banned):
    now = STARTED + 10_000
    result = playlist(everywhere(played_at={1: now - since}), [{"id": 1}], now=now, ban_seconds=3.0)
    assert result.asset_ids == ([] if banned else [1])


# --- proximity ban -----------------------------------------------------------------------------

NEAR = at(90, 50)
AWAY = at(90, 5_000)


def test_next_asset_proximity_bans_the_located_asset_it_picks():
    chosen, after = next_asset(located(), make_rules(), make_index([{"id": 1, **NEAR}]), STARTED)
    assert chosen == 1
    assert after.proximity_banned == frozenset({1})


def test_proximity_ban_outlasts_the_replay_ban_while_in_range():
    index = make_index([{"id": 1, **NEAR}])
    _, after = next_asset(located(), make_rules(), index, STARTED)
    result = build_playlist(after, make_rules(), index, STARTED + DEFAULT_BAN_SECONDS + 1)
    assert result.asset_ids == []
    assert result.excluded == {"proximity_ban": 1}
    assert result.proximity_banned == frozenset({1})


def test_leaving_the_range_forgives_the_proximity_ban():
    index = make_index([{"id": 1, **NEAR}])
    _, after = next_asset(located(), make_rules(), index, STARTED)
    away = replace(after, latitude=AWAY["lat"], longitude=AWAY["lon"])
    assert build_playlist(away, make_rules(), index, STARTED + 10).proximity_banned == frozenset()


def test_asset_plays_again_after_the_listener_left_and_returned():
    index = make_index([{"id": 1, **NEAR}])
    _, after = next_asset(located(), make_rules(), index, STARTED)
    away = replace(after, latitude=AWAY["lat"], longitude=AWAY["lon"])
    forgiven = build_playlist(away, make_rules(), index, STARTED + 10).proximity_banned
    back = replace(after, proximity_banned=forgiven)
    chosen, _ = next_asset(back, make_rules(), index, STARTED + DEFAULT_BAN_SECONDS + 1)
    assert chosen == 1


def test_next_asset_from_far_away_drops_the_proximity_ban():
    index = make_index([{"id": 1, **NEAR}])
    _, after = next_asset(located(), make_rules(), index, STARTED)
    chosen, away = next_asset(replace(after, latitude=AWAY["lat"], longitude=AWAY["lon"]), make_rules(), index,
                              STARTED + 10)
    assert chosen is None
    assert away.proximity_banned == frozenset()


# --- repeat mode -------------------------------------------------------------------------------

def play_all(listener, rules, index, start, count):
    """Call next_asset `count` times, 10 s apart; the picks and the final state."""
    picks = []
    for i in range(count):
        chosen, listener = next_asset(listener, rules, index, start + 10 * i)
        picks.append(chosen)
    return picks, listener


def test_stop_mode_is_silent_once_everything_nearby_has_played():
    rules, index = make_rules(repeat_mode="stop"), make_index([{"id": 1, **NEAR}, {"id": 2}])
    picks, _ = play_all(located(), rules, index, STARTED, 3)
    assert sorted(picks[:2]) == [1, 2]
    assert picks[2] is None


def test_stop_mode_stays_silent_after_the_replay_ban_expires():
    rules, index = make_rules(repeat_mode="stop"), make_index([{"id": 1, **NEAR}, {"id": 2}])
    _, listener = play_all(located(), rules, index, STARTED, 2)
    chosen, _ = next_asset(listener, rules, index, STARTED + 10 * DEFAULT_BAN_SECONDS)
    assert chosen is None


def test_continuous_mode_forgives_proximity_bans_once_everything_has_played():
    rules, index = make_rules(repeat_mode="continuous"), make_index([{"id": 1, **NEAR}, {"id": 2}])
    _, listener = play_all(located(), rules, index, STARTED, 2)
    chosen, after = next_asset(listener, rules, index, STARTED + 10 * DEFAULT_BAN_SECONDS)
    assert chosen in (1, 2)
    assert after.proximity_banned == frozenset({chosen})


def test_continuous_mode_does_not_forgive_replay_bans():
    rules, index = make_rules(repeat_mode="continuous"), make_index([{"id": 1, **NEAR}, {"id": 2}])
    picks, _ = play_all(located(), rules, index, STARTED, 3)
    assert sorted(picks[:2]) == [1, 2]
    assert picks[2] is None


# --- ordering ----------------------------------------------------------------------------------

def test_by_weight_plays_the_heaviest_first_and_newest_on_ties():
    assets = [{"id": 1, "weight": 5}, {"id": 2, "weight": 9}, {"id": 3, "weight": 9}, {"id": 4, "weight": 1},
              {"id": 5, "weight": 5}]
    result = playlist(everywhere(), assets, rules=make_rules(ordering="by_weight"))
    assert result.asset_ids == [3, 2, 5, 1, 4]


def test_by_like_plays_the_most_liked_first_and_newest_on_ties():
    assets = [{"id": 1, "likes": 0, "weight": 99}, {"id": 2, "likes": 7}, {"id": 3, "likes": 2},
              {"id": 4, "likes": 7}, {"id": 5, "likes": 0}]
    result = playlist(everywhere(), assets, rules=make_rules(ordering="by_like"))
    assert result.asset_ids == [4, 2, 3, 5, 1]


RANDOM_ASSETS = [{"id": i, "weight": i} for i in range(1, 21)]


def random_order(seed):
    return playlist(everywhere(), RANDOM_ASSETS, rules=make_rules(ordering="random"),
                    rng=random.Random(seed)).asset_ids


def test_random_order_is_a_permutation_of_the_playlist():
    order = random_order(1)
    assert sorted(order) == list(range(1, 21))
    assert order not in (list(range(1, 21)), list(range(20, 0, -1)))


def test_random_order_differs_between_seeds():
    assert len({tuple(random_order(seed)) for seed in range(10)}) == 10


def test_random_order_repeats_with_the_same_seed():
    assert random_order(42) == random_order(42)


# --- next_asset --------------------------------------------------------------------------------

def test_next_asset_returns_the_first_asset_of_the_playlist():
    rules, index = make_rules(ordering="random"), make_index(RANDOM_ASSETS)
    for seed in range(5):
        expected = build_playlist(everywhere(), rules, index, STARTED, rng=random.Random(seed)).asset_ids[0]
        chosen, _ = next_asset(everywhere(), rules, index, STARTED, rng=random.Random(seed))
        assert chosen == expected


def test_next_asset_records_when_it_played():
    listener = everywhere(played_at={9: STARTED - 5_000})
    chosen, after = next_asset(listener, make_rules(), make_index([{"id": 1, "weight": 3}, {"id": 2}]), STARTED + 7)
    assert chosen == 1
    assert after.played_at == {9: STARTED - 5_000, 1: STARTED + 7}
    assert listener.played_at == {9: STARTED - 5_000}


def test_next_asset_does_not_proximity_ban_timed_assets():
    rules = timed_rules((7, 0, 100))
    chosen, after = next_asset(located(), rules, make_index([{"id": 7}, {"id": 2}]), STARTED + 5)
    assert chosen == 7
    assert after.proximity_banned == frozenset()
    assert after.played_at == {7: STARTED + 5}


def test_next_asset_does_not_proximity_ban_in_a_global_session():
    chosen, after = next_asset(everywhere(), make_rules(), make_index([{"id": 1}]), STARTED)
    assert chosen == 1
    assert after.proximity_banned == frozenset()
    assert after.played_at == {1: STARTED}


def test_next_asset_with_nothing_to_play_returns_none_and_records_nothing():
    listener = located(played_at={1: STARTED})
    chosen, after = next_asset(listener, make_rules(), make_index([{"id": 1}]), STARTED + 1)
    assert chosen is None
    assert after.played_at == {1: STARTED}


def test_global_session_replays_once_the_replay_ban_expires():
    rules, index = make_rules(repeat_mode="stop"), make_index([{"id": 1}])
    _, listener = next_asset(everywhere(), rules, index, STARTED)
    assert next_asset(listener, rules, index, STARTED + 1)[0] is None
    assert next_asset(listener, rules, index, STARTED + DEFAULT_BAN_SECONDS)[0] == 1


def test_listener_without_a_language_hears_nothing_not_even_assets_without_one():
    result = playlist(everywhere(language_id=None), [{"id": 1, "language": None}, {"id": 2}])
    assert result.asset_ids == [] and result.excluded == {"language": 2}
