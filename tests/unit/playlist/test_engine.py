"""The playlist engine's rules (`rwflask.playlist.engine`): candidates, tags, blocking, ordering
and the next asset.

Roundware's stream engine as described in roundware-behavior.md §3.2–3.4, with the bugs the
module docstring says are fixed. Pure functions: no database, no HTTP.
"""
import random

from rwflask.playlist.engine import DEFAULT_BAN_SECONDS, build_playlist, pick_next, record_play, requested_tag_mask
from tests.support.playlist_data import (NO_LANGUAGE, OUTSIDE_TAG, SPANISH, STARTED, everywhere, located,
                                         make_index, make_rules, play_next, playlist, timed_rules)


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


def test_random_order_holds_when_a_played_asset_leaves_the_playlist():
    before = random_order(7)
    rules, index = make_rules(ordering="random"), make_index(RANDOM_ASSETS)
    listener = everywhere(played_at={before[0]: STARTED})
    after = build_playlist(listener, rules, index, STARTED + 1, rng=random.Random(7)).asset_ids
    assert after == before[1:]


def test_random_order_keeps_the_others_in_place_when_an_asset_is_added():
    before = random_order(7)
    grown = build_playlist(everywhere(), make_rules(ordering="random"), make_index([*RANDOM_ASSETS, {"id": 99}]),
                           STARTED, rng=random.Random(7)).asset_ids
    assert [a for a in grown if a != 99] == before and 99 in grown


# --- the next asset: build, pick, record the play ---------------------------------------------------

def test_next_asset_returns_the_first_asset_of_the_playlist():
    rules, index = make_rules(ordering="random"), make_index(RANDOM_ASSETS)
    for seed in range(5):
        expected = build_playlist(everywhere(), rules, index, STARTED, rng=random.Random(seed)).asset_ids[0]
        chosen, _ = play_next(everywhere(), rules, index, STARTED, rng=random.Random(seed))
        assert chosen == expected


def test_next_asset_records_when_it_played():
    listener = everywhere(played_at={9: STARTED - 5_000})
    chosen, after = play_next(listener, make_rules(), make_index([{"id": 1, "weight": 3}, {"id": 2}]), STARTED + 7)
    assert chosen == 1
    assert after.played_at == {9: STARTED - 5_000, 1: STARTED + 7}
    assert listener.played_at == {9: STARTED - 5_000}


def test_next_asset_does_not_proximity_ban_timed_assets():
    rules = timed_rules((7, 0, 100))
    chosen, after = play_next(located(), rules, make_index([{"id": 7}, {"id": 2}]), STARTED + 5)
    assert chosen == 7
    assert after.proximity_banned == frozenset()
    assert after.played_at == {7: STARTED + 5}


def test_next_asset_does_not_proximity_ban_in_a_global_session():
    chosen, after = play_next(everywhere(), make_rules(), make_index([{"id": 1}]), STARTED)
    assert chosen == 1
    assert after.proximity_banned == frozenset()
    assert after.played_at == {1: STARTED}


def test_next_asset_with_nothing_to_play_returns_none_and_records_nothing():
    listener = located(played_at={1: STARTED})
    chosen, after = play_next(listener, make_rules(), make_index([{"id": 1}]), STARTED + 1)
    assert chosen is None
    assert after.played_at == {1: STARTED}


def test_next_asset_skips_assets_busy_on_other_tracks():
    index = make_index([{"id": 1, "weight": 3}, {"id": 2, "weight": 2}, {"id": 3, "weight": 1}])
    chosen, _ = play_next(everywhere(), make_rules(), index, STARTED, busy={1, 2})
    assert chosen == 3


def test_pick_next_gives_the_reason_the_asset_is_in_the_playlist():
    result = playlist(located(), [{"id": 4}])
    assert pick_next(result) == (4, "radius")


def test_pick_next_with_every_asset_busy_is_none():
    assert pick_next(playlist(everywhere(), [{"id": 1}]), busy={1}) is None


def test_requested_play_does_not_proximity_ban():
    after = record_play(located(), 5, "requested", STARTED)
    assert after.proximity_banned == frozenset() and after.played_at == {5: STARTED}


def test_global_session_replays_once_the_replay_ban_expires():
    rules, index = make_rules(repeat_mode="stop"), make_index([{"id": 1}])
    _, listener = play_next(everywhere(), rules, index, STARTED)
    assert play_next(listener, rules, index, STARTED + 1)[0] is None
    assert play_next(listener, rules, index, STARTED + DEFAULT_BAN_SECONDS)[0] == 1


def test_listener_without_a_language_hears_nothing_not_even_assets_without_one():
    result = playlist(everywhere(language_id=None), [{"id": 1, "language": None}, {"id": 2}])
    assert result.asset_ids == [] and result.excluded == {"language": 2}
