"""The playlist engine's geo rules: global sessions, directional and range listening, asset shapes
and the project's recording radius."""
import pytest
from shapely.geometry import MultiPolygon, box

from tests.support.playlist_data import HOME, at, make_rules, located, everywhere, playlist, square_around


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
