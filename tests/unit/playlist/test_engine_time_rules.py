"""The playlist engine over time: timed assets, the replay and proximity bans, and repeat modes."""
from dataclasses import replace

import pytest

from rwflask.playlist.engine import DEFAULT_BAN_SECONDS, build_playlist
from tests.support.playlist_data import (SPANISH, STARTED, at, everywhere, located, make_index, make_rules,
                                         play_next, playlist, timed_rules)


# --- timed assets ------------------------------------------------------------------------------

FAR = at(0, 50_000)


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
    chosen, after = play_next(located(), make_rules(), make_index([{"id": 1, **NEAR}]), STARTED)
    assert chosen == 1
    assert after.proximity_banned == frozenset({1})


def test_proximity_ban_outlasts_the_replay_ban_while_in_range():
    index = make_index([{"id": 1, **NEAR}])
    _, after = play_next(located(), make_rules(), index, STARTED)
    result = build_playlist(after, make_rules(), index, STARTED + DEFAULT_BAN_SECONDS + 1)
    assert result.asset_ids == []
    assert result.excluded == {"proximity_ban": 1}
    assert result.proximity_banned == frozenset({1})


def test_leaving_the_range_forgives_the_proximity_ban():
    index = make_index([{"id": 1, **NEAR}])
    _, after = play_next(located(), make_rules(), index, STARTED)
    away = replace(after, latitude=AWAY["lat"], longitude=AWAY["lon"])
    assert build_playlist(away, make_rules(), index, STARTED + 10).proximity_banned == frozenset()


def test_asset_plays_again_after_the_listener_left_and_returned():
    index = make_index([{"id": 1, **NEAR}])
    _, after = play_next(located(), make_rules(), index, STARTED)
    away = replace(after, latitude=AWAY["lat"], longitude=AWAY["lon"])
    forgiven = build_playlist(away, make_rules(), index, STARTED + 10).proximity_banned
    back = replace(after, proximity_banned=forgiven)
    chosen, _ = play_next(back, make_rules(), index, STARTED + DEFAULT_BAN_SECONDS + 1)
    assert chosen == 1


def test_next_asset_from_far_away_drops_the_proximity_ban():
    index = make_index([{"id": 1, **NEAR}])
    _, after = play_next(located(), make_rules(), index, STARTED)
    chosen, away = play_next(replace(after, latitude=AWAY["lat"], longitude=AWAY["lon"]), make_rules(), index,
                              STARTED + 10)
    assert chosen is None
    assert away.proximity_banned == frozenset()


# --- repeat mode -------------------------------------------------------------------------------

def play_all(listener, rules, index, start, count):
    """Call next_asset `count` times, 10 s apart; the picks and the final state."""
    picks = []
    for i in range(count):
        chosen, listener = play_next(listener, rules, index, start + 10 * i)
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
    chosen, _ = play_next(listener, rules, index, STARTED + 10 * DEFAULT_BAN_SECONDS)
    assert chosen is None


def test_continuous_mode_forgives_proximity_bans_once_everything_has_played():
    rules, index = make_rules(repeat_mode="continuous"), make_index([{"id": 1, **NEAR}, {"id": 2}])
    _, listener = play_all(located(), rules, index, STARTED, 2)
    chosen, after = play_next(listener, rules, index, STARTED + 10 * DEFAULT_BAN_SECONDS)
    assert chosen in (1, 2)
    assert after.proximity_banned == frozenset({chosen})


def test_continuous_mode_does_not_forgive_replay_bans():
    rules, index = make_rules(repeat_mode="continuous"), make_index([{"id": 1, **NEAR}, {"id": 2}])
    picks, _ = play_all(located(), rules, index, STARTED, 3)
    assert sorted(picks[:2]) == [1, 2]
    assert picks[2] is None
