"""`speakers/`: shapes, the derived boundary and attenuation border, validation and filters."""
import pytest
from pyproj import Geod
from shapely.geometry import MultiPolygon, Polygon, mapping, shape

from tests.factories import ProjectFactory, SpeakerFactory

GEOD = Geod(ellps="WGS84")
SPEAKER_KEYS = ["id", "activeyn", "code", "maxvolume", "minvolume", "uri", "backupuri", "shape", "boundary",
                "attenuation_distance", "attenuation_border", "project_id"]
EMPTY_BORDER = {"type": "MultiLineString", "coordinates": []}


def _square(lon: float, lat: float, half_side_deg: float) -> MultiPolygon:
    h = half_side_deg
    return MultiPolygon([Polygon([(lon - h, lat - h), (lon - h, lat + h), (lon + h, lat + h), (lon + h, lat - h)])])


# About 1.1 km north-south by 0.8 km east-west.
SHAPE = _square(-71.0, 42.0, 0.005)
# An L-shaped (non-convex) zone of about 1.5 km by 1.1 km.
L_SHAPE = MultiPolygon([Polygon([(-71.0, 42.0), (-71.0, 42.01), (-70.995, 42.01), (-70.995, 42.005),
                                 (-70.982, 42.005), (-70.982, 42.0)])])


@pytest.fixture
def speaker_input():
    """A valid creation body."""
    return {"project_id": ProjectFactory().id, "code": "amb1", "minvolume": 0.1, "maxvolume": 0.9,
            "uri": "https://example.org/ambient.mp3", "attenuation_distance": 100, "shape": mapping(SHAPE),
            "activeyn": True}


def _outline_points(geometry, step_m: float = 2.0):
    """Points every ~`step_m` metres along the outline of a (multi)polygon, as (lons, lats)."""
    lons, lats = [], []
    for polygon in geometry.geoms:
        for ring in (polygon.exterior, *polygon.interiors):
            coords = list(ring.coords)
            for (x1, y1), (x2, y2) in zip(coords, coords[1:]):
                n = max(1, int(GEOD.inv(x1, y1, x2, y2)[2] / step_m))
                for i in range(n):
                    lons.append(x1 + (x2 - x1) * i / n)
                    lats.append(y1 + (y2 - y1) * i / n)
    return lons, lats


def _distances_to_outline_m(border: dict, geometry) -> list[float]:
    """Geodesic distance from every vertex of a GeoJSON line geometry to the nearest point of the outline."""
    lons, lats = _outline_points(geometry)
    lines = border["coordinates"] if border["type"] == "MultiLineString" else [border["coordinates"]]
    distances = []
    for line in lines:
        for lon, lat in line:
            _, _, d = GEOD.inv([lon] * len(lons), [lat] * len(lats), lons, lats)
            distances.append(min(d))
    return distances


def _assert_border_inside_at(border: dict, geometry, distance_m: float):
    assert border["type"] in ("LineString", "MultiLineString") and border["coordinates"]
    assert geometry.contains(shape(border))
    for d in _distances_to_outline_m(border, geometry):
        assert d == pytest.approx(distance_m, rel=0.02)


# --- create and derived geometry -------------------------------------------------------------

def test_create_speaker_returns_keys_in_order(staff, speaker_input):
    response = staff.post("/api/2/speakers/", json=speaker_input)
    assert response.status_code == 200
    assert list(response.json) == SPEAKER_KEYS


def test_create_speaker_echoes_fields(staff, speaker_input):
    body = staff.post("/api/2/speakers/", json=speaker_input).json
    for field in ("project_id", "code", "minvolume", "maxvolume", "uri", "attenuation_distance", "activeyn"):
        assert body[field] == speaker_input[field], field
    assert body["backupuri"] == ""
    assert body["shape"]["type"] == "MultiPolygon" and shape(body["shape"]).equals(SHAPE)


def test_boundary_is_the_outline_of_the_shape(staff, speaker_input):
    body = staff.post("/api/2/speakers/", json=speaker_input).json
    assert body["boundary"]["type"] == "MultiLineString"
    assert shape(body["boundary"]).equals(SHAPE.boundary)


def test_attenuation_border_lies_attenuation_distance_inside(staff, speaker_input):
    body = staff.post("/api/2/speakers/", json=speaker_input).json
    _assert_border_inside_at(body["attenuation_border"], SHAPE, 100)


def test_attenuation_border_of_non_convex_shape(staff, speaker_input):
    body = staff.post("/api/2/speakers/", json={**speaker_input, "shape": mapping(L_SHAPE),
                                                "attenuation_distance": 150}).json
    _assert_border_inside_at(body["attenuation_border"], L_SHAPE, 150)


def test_attenuation_border_is_stored(staff, speaker_input):
    speaker_id = staff.post("/api/2/speakers/", json=speaker_input).json["id"]
    body = staff.get(f"/api/2/speakers/{speaker_id}/").json
    _assert_border_inside_at(body["attenuation_border"], SHAPE, 100)


def test_polygon_shape_is_stored_as_multipolygon(staff, speaker_input):
    polygon = mapping(SHAPE.geoms[0])
    body = staff.post("/api/2/speakers/", json={**speaker_input, "shape": polygon}).json
    assert body["shape"]["type"] == "MultiPolygon" and shape(body["shape"]).equals(SHAPE)


def test_shape_as_wkt_is_accepted(staff, speaker_input):
    body = staff.post("/api/2/speakers/", json={**speaker_input, "shape": SHAPE.wkt}).json
    assert shape(body["shape"]).equals(SHAPE)


def test_collapsed_attenuation_border_is_empty_multilinestring(staff, speaker_input):
    body = staff.post("/api/2/speakers/", json={**speaker_input, "attenuation_distance": 5000}).json
    assert body["attenuation_border"] == EMPTY_BORDER


def test_zero_attenuation_distance_border_is_the_outline(staff, speaker_input):
    body = staff.post("/api/2/speakers/", json={**speaker_input, "attenuation_distance": 0}).json
    assert shape(body["attenuation_border"]).equals(SHAPE.boundary)


def test_speaker_without_shape_has_no_derived_geometry(staff, speaker_input):
    body = staff.post("/api/2/speakers/", json={**speaker_input, "shape": None}).json
    assert body["shape"] is None and body["boundary"] is None and body["attenuation_border"] is None


# --- recomputed on change --------------------------------------------------------------------

def test_patch_shape_recomputes_boundary(staff):
    speaker = SpeakerFactory(attenuation_distance=100)
    new_shape = _square(-70.5, 42.5, 0.006)
    body = staff.patch(f"/api/2/speakers/{speaker.id}/", json={"shape": mapping(new_shape)}).json
    assert shape(body["boundary"]).equals(new_shape.boundary)


def test_patch_shape_recomputes_attenuation_border(staff):
    speaker = SpeakerFactory(attenuation_distance=100)
    new_shape = _square(-70.5, 42.5, 0.006)
    body = staff.patch(f"/api/2/speakers/{speaker.id}/", json={"shape": mapping(new_shape)}).json
    _assert_border_inside_at(body["attenuation_border"], new_shape, 100)


def test_patch_attenuation_distance_recomputes_border(staff, speaker_input):
    speaker_id = staff.post("/api/2/speakers/", json=speaker_input).json["id"]
    body = staff.patch(f"/api/2/speakers/{speaker_id}/", json={"attenuation_distance": 200}).json
    _assert_border_inside_at(body["attenuation_border"], SHAPE, 200)


def test_patch_attenuation_distance_beyond_shape_empties_border(staff, speaker_input):
    speaker_id = staff.post("/api/2/speakers/", json=speaker_input).json["id"]
    body = staff.patch(f"/api/2/speakers/{speaker_id}/", json={"attenuation_distance": 3000}).json
    assert body["attenuation_border"] == EMPTY_BORDER


def test_patch_other_field_keeps_geometry(staff, speaker_input):
    created = staff.post("/api/2/speakers/", json=speaker_input).json
    body = staff.patch(f"/api/2/speakers/{created['id']}/", json={"code": "renamed"}).json
    assert body["code"] == "renamed"
    assert shape(body["attenuation_border"]).equals(shape(created["attenuation_border"]))
    assert shape(body["boundary"]).equals(shape(created["boundary"]))


# --- validation ------------------------------------------------------------------------------

@pytest.mark.parametrize("field", ["project_id", "code", "minvolume", "maxvolume", "uri", "attenuation_distance"])
def test_create_speaker_without_required_field_is_400(staff, speaker_input, field):
    del speaker_input[field]
    response = staff.post("/api/2/speakers/", json=speaker_input)
    assert response.status_code == 400 and field in response.json


@pytest.mark.parametrize("uri", ["ftp://example.org/a.mp3", "not a url", "example.org/a.mp3"])
def test_uri_must_be_http_url(staff, speaker_input, uri):
    response = staff.post("/api/2/speakers/", json={**speaker_input, "uri": uri})
    assert response.status_code == 400 and "uri" in response.json


def test_http_uri_is_accepted(staff, speaker_input):
    response = staff.post("/api/2/speakers/", json={**speaker_input, "uri": "http://localhost:8000/a.mp3"})
    assert response.status_code == 200 and response.json["uri"] == "http://localhost:8000/a.mp3"


def test_backupuri_must_be_http_url(staff, speaker_input):
    response = staff.post("/api/2/speakers/", json={**speaker_input, "backupuri": "gopher://x"})
    assert response.status_code == 400 and "backupuri" in response.json


def test_code_of_10_characters_is_accepted(staff, speaker_input):
    response = staff.post("/api/2/speakers/", json={**speaker_input, "code": "c" * 10})
    assert response.status_code == 200


def test_code_longer_than_10_characters_is_400(staff, speaker_input):
    response = staff.post("/api/2/speakers/", json={**speaker_input, "code": "c" * 11})
    assert response.status_code == 400 and "code" in response.json


def test_minvolume_above_maxvolume_is_400(staff, speaker_input):
    response = staff.post("/api/2/speakers/", json={**speaker_input, "minvolume": 0.9, "maxvolume": 0.2})
    assert response.status_code == 400 and "maxvolume" in response.json


def test_patch_minvolume_above_stored_maxvolume_is_400(staff):
    speaker = SpeakerFactory(minvolume=0.0, maxvolume=0.5)
    response = staff.patch(f"/api/2/speakers/{speaker.id}/", json={"minvolume": 0.8})
    assert response.status_code == 400


def test_negative_attenuation_distance_is_400(staff, speaker_input):
    response = staff.post("/api/2/speakers/", json={**speaker_input, "attenuation_distance": -10})
    assert response.status_code == 400 and "attenuation_distance" in response.json


def test_point_shape_is_400(staff, speaker_input):
    response = staff.post("/api/2/speakers/", json={**speaker_input,
                                                    "shape": {"type": "Point", "coordinates": [-71, 42]}})
    assert response.status_code == 400 and "shape" in response.json


def test_self_intersecting_shape_is_400(staff, speaker_input):
    bowtie = [[[-71.0, 42.0], [-70.99, 42.01], [-70.99, 42.0], [-71.0, 42.01], [-71.0, 42.0]]]
    response = staff.post("/api/2/speakers/", json={**speaker_input,
                                                    "shape": {"type": "MultiPolygon", "coordinates": [bowtie]}})
    assert response.status_code == 400 and "shape" in response.json


def test_out_of_range_coordinates_are_400(staff, speaker_input):
    ring = [[[200.0, 42.0], [200.0, 42.01], [200.01, 42.01], [200.01, 42.0], [200.0, 42.0]]]
    response = staff.post("/api/2/speakers/", json={**speaker_input,
                                                    "shape": {"type": "MultiPolygon", "coordinates": [ring]}})
    assert response.status_code == 400 and "shape" in response.json


def test_latitude_out_of_range_is_400(staff, speaker_input):
    ring = [[[-71.0, 95.0], [-71.0, 95.01], [-70.99, 95.01], [-70.99, 95.0], [-71.0, 95.0]]]
    response = staff.post("/api/2/speakers/", json={**speaker_input,
                                                    "shape": {"type": "MultiPolygon", "coordinates": [ring]}})
    assert response.status_code == 400 and "shape" in response.json


def test_garbage_shape_is_400(staff, speaker_input):
    response = staff.post("/api/2/speakers/", json={**speaker_input, "shape": "somewhere nice"})
    assert response.status_code == 400 and "shape" in response.json


def test_unknown_project_is_400(staff, speaker_input):
    response = staff.post("/api/2/speakers/", json={**speaker_input, "project_id": 9999})
    assert response.status_code == 400 and "project_id" in response.json


# --- read, delete, filters -------------------------------------------------------------------

def test_get_unknown_speaker_is_404(staff):
    assert staff.get("/api/2/speakers/9999/").status_code == 404


def test_delete_speaker_is_204(staff):
    speaker_id = SpeakerFactory().id
    assert staff.delete(f"/api/2/speakers/{speaker_id}/").status_code == 204
    assert staff.get(f"/api/2/speakers/{speaker_id}/").status_code == 404


def test_anonymous_cannot_list_speakers(anonymous):
    assert anonymous.get("/api/2/speakers/").status_code == 401


def test_participant_can_list_speakers(participant):
    speaker = SpeakerFactory()
    assert [s["id"] for s in participant.get("/api/2/speakers/").json] == [speaker.id]


def test_filter_by_project(staff):
    mine = SpeakerFactory()
    SpeakerFactory()
    assert [s["id"] for s in staff.get(f"/api/2/speakers/?project_id={mine.project_id}").json] == [mine.id]


@pytest.mark.parametrize("stored,query", [(True, "true"), (False, "false"), (True, "1"), (False, "0")])
def test_filter_by_activeyn(staff, stored, query):
    mine = SpeakerFactory(activeyn=stored)
    SpeakerFactory(activeyn=not stored)
    assert [s["id"] for s in staff.get(f"/api/2/speakers/?activeyn={query}").json] == [mine.id]
