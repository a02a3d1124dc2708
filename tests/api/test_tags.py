"""`tags/`: staff CRUD, localized texts, relationships, locations and filters."""
import json

import pytest
from shapely.geometry import shape

from tests.factories import (LanguageFactory, LocalizedStringFactory, ProjectFactory, SessionFactory,
                             TagCategoryFactory, TagFactory, TagRelationshipFactory)

TAG_KEYS = ["id", "value", "description", "data", "filter", "location", "project_id", "tag_category_id",
            "description_loc", "msg_loc", "relationships"]

SQUARE = [[[-71.0, 42.0], [-71.0, 42.01], [-70.99, 42.01], [-70.99, 42.0], [-71.0, 42.0]]]
MULTIPOLYGON = {"type": "MultiPolygon", "coordinates": [SQUARE]}


def _tag_with_texts(english, spanish):
    """A tag whose message and description exist in English and Spanish."""
    return TagFactory(
        loc_msg=[LocalizedStringFactory(localized_string="Hello", language=english),
                 LocalizedStringFactory(localized_string="Hola", language=spanish)],
        loc_description=[LocalizedStringFactory(localized_string="A greeting", language=english),
                         LocalizedStringFactory(localized_string="Un saludo", language=spanish)])


# --- create and representation ---------------------------------------------------------------

def test_create_tag_returns_200_with_keys_in_order(staff):
    project, category = ProjectFactory(), TagCategoryFactory()
    response = staff.post("/api/2/tags/", json={"value": "bird", "project_id": project.id,
                                                "tag_category_id": category.id, "description": "Birds",
                                                "data": "color: red"})
    assert response.status_code == 200
    assert list(response.json) == TAG_KEYS
    body = response.json
    assert (body["value"], body["description"], body["data"]) == ("bird", "Birds", "color: red")
    assert (body["project_id"], body["tag_category_id"]) == (project.id, category.id)


def test_create_tag_defaults(staff):
    body = staff.post("/api/2/tags/", json={"value": "solo"}).json
    assert body["filter"] == "" and body["location"] is None
    assert body["project_id"] is None and body["tag_category_id"] is None
    assert body["relationships"] == [] and body["msg_loc"] is None and body["description_loc"] is None


def test_created_tag_is_readable(staff):
    tag_id = staff.post("/api/2/tags/", json={"value": "fox"}).json["id"]
    response = staff.get(f"/api/2/tags/{tag_id}/")
    assert response.status_code == 200 and response.json["value"] == "fox"


def test_create_tag_without_value_is_400(staff):
    response = staff.post("/api/2/tags/", json={"description": "no value"})
    assert response.status_code == 400 and "value" in response.json


def test_create_tag_with_empty_value_is_400(staff):
    response = staff.post("/api/2/tags/", json={"value": ""})
    assert response.status_code == 400 and "value" in response.json


def test_create_tag_with_unknown_project_is_400(staff):
    response = staff.post("/api/2/tags/", json={"value": "x", "project_id": 9999})
    assert response.status_code == 400 and "project_id" in response.json


def test_create_tag_with_unknown_category_is_400(staff):
    response = staff.post("/api/2/tags/", json={"value": "x", "tag_category_id": 9999})
    assert response.status_code == 400 and "tag_category_id" in response.json


@pytest.mark.parametrize("value", ["", "_within_10km", "_ten_most_recent_days"])
def test_create_tag_accepts_filter_choices(staff, value):
    response = staff.post("/api/2/tags/", json={"value": "x", "filter": value})
    assert response.status_code == 200 and response.json["filter"] == value


def test_create_tag_with_unknown_filter_is_400(staff):
    response = staff.post("/api/2/tags/", json={"value": "x", "filter": "_within_20km"})
    assert response.status_code == 400 and "filter" in response.json


def test_list_tags_is_bare_array_in_id_order(staff):
    first, second = TagFactory(), TagFactory()
    response = staff.get("/api/2/tags/")
    assert response.status_code == 200
    assert [t["id"] for t in response.json] == [first.id, second.id]
    assert all(list(t) == TAG_KEYS for t in response.json)


def test_get_unknown_tag_is_404(staff):
    response = staff.get("/api/2/tags/9999/")
    assert response.status_code == 404 and response.json == {"detail": "Not found."}


# --- relationships ---------------------------------------------------------------------------

def test_tag_lists_its_relationships(staff):
    tag = TagFactory()
    root = TagRelationshipFactory(tag_id=tag.id)
    child = TagRelationshipFactory(tag_id=tag.id, parent_id=root.id)
    TagRelationshipFactory()  # another tag's relationship
    body = staff.get(f"/api/2/tags/{tag.id}/").json
    assert body["relationships"] == [{"id": root.id, "tag_id": tag.id, "parent_id": None},
                                     {"id": child.id, "tag_id": tag.id, "parent_id": root.id}]


def test_tag_relationships_exclude_those_where_tag_is_only_parent(staff):
    parent_tag = TagFactory()
    parent = TagRelationshipFactory(tag_id=parent_tag.id)
    TagRelationshipFactory(parent_id=parent.id)  # child relationship of another tag
    body = staff.get(f"/api/2/tags/{parent_tag.id}/").json
    assert [r["id"] for r in body["relationships"]] == [parent.id]


# --- localization ----------------------------------------------------------------------------

def test_texts_are_english_without_session(staff, english, spanish):
    tag = _tag_with_texts(english, spanish)
    body = staff.get(f"/api/2/tags/{tag.id}/").json
    assert body["msg_loc"] == "Hello" and body["description_loc"] == "A greeting"


def test_texts_follow_session_language_on_detail(staff, english, spanish):
    tag = _tag_with_texts(english, spanish)
    session = SessionFactory(language=spanish)
    body = staff.get(f"/api/2/tags/{tag.id}/?session_id={session.id}").json
    assert body["msg_loc"] == "Hola" and body["description_loc"] == "Un saludo"


def test_texts_follow_session_language_on_list(staff, english, spanish):
    tag = _tag_with_texts(english, spanish)
    session = SessionFactory(language=spanish)
    body = staff.get(f"/api/2/tags/?session_id={session.id}").json
    assert [(t["id"], t["msg_loc"]) for t in body] == [(tag.id, "Hola")]


def test_text_is_null_when_session_language_has_no_string(staff, english, spanish):
    tag = _tag_with_texts(english, spanish)
    session = SessionFactory(language=LanguageFactory(language_code="fr"))
    body = staff.get(f"/api/2/tags/{tag.id}/?session_id={session.id}").json
    assert body["msg_loc"] is None and body["description_loc"] is None


def test_text_is_null_without_english_string(staff, english, spanish):
    tag = TagFactory(loc_msg=[LocalizedStringFactory(localized_string="Hola", language=spanish)])
    assert staff.get(f"/api/2/tags/{tag.id}/").json["msg_loc"] is None


def test_first_string_in_language_wins(staff, english):
    tag = TagFactory(loc_msg=[LocalizedStringFactory(localized_string="First", language=english),
                              LocalizedStringFactory(localized_string="Second", language=english)])
    assert staff.get(f"/api/2/tags/{tag.id}/").json["msg_loc"] == "First"


def test_unknown_session_on_list_is_400(staff, english):
    TagFactory()
    response = staff.get("/api/2/tags/?session_id=9999")
    assert response.status_code == 400 and "Session not found" in response.json["detail"]


def test_unknown_session_on_detail_is_400(staff, english):
    tag = TagFactory()
    response = staff.get(f"/api/2/tags/{tag.id}/?session_id=9999")
    assert response.status_code == 400 and "Session not found" in response.json["detail"]


def test_admin_adds_every_translation(staff, english, spanish):
    tag = _tag_with_texts(english, spanish)
    body = staff.get(f"/api/2/tags/{tag.id}/?admin").json
    hello, hola = tag.loc_msg
    assert body["loc_msg_admin"] == [
        {"id": hello.id, "text": "Hello", "language_id": english.id, "language": "en"},
        {"id": hola.id, "text": "Hola", "language_id": spanish.id, "language": "es"}]
    assert [s["text"] for s in body["loc_description_admin"]] == ["A greeting", "Un saludo"]


def test_admin_keys_sit_between_model_fields_and_appended_keys(staff, english):
    tag = TagFactory()
    body = staff.get(f"/api/2/tags/{tag.id}/?admin=1").json
    assert list(body) == TAG_KEYS[:6] + ["loc_msg_admin", "loc_description_admin"] + TAG_KEYS[6:]


def test_admin_keys_absent_without_admin(staff, english):
    tag = TagFactory()
    body = staff.get(f"/api/2/tags/{tag.id}/").json
    assert "loc_msg_admin" not in body and "loc_description_admin" not in body


def test_create_with_localized_id_arrays(staff, english, spanish):
    msg = LocalizedStringFactory(localized_string="Bird", language=english)
    desc = LocalizedStringFactory(localized_string="A bird", language=english)
    body = staff.post("/api/2/tags/", json={"value": "bird", "msg_loc_ids": [msg.id],
                                            "description_loc_ids": [desc.id]}).json
    assert body["msg_loc"] == "Bird" and body["description_loc"] == "A bird"


def test_create_with_localized_id_comma_strings(staff, english, spanish):
    es = LocalizedStringFactory(localized_string="Pájaro", language=spanish)
    en = LocalizedStringFactory(localized_string="Bird", language=english)
    body = staff.post("/api/2/tags/?admin", json={"value": "bird", "msg_loc_ids": f"{es.id},{en.id},"}).json
    assert body["msg_loc"] == "Bird"
    assert {s["id"] for s in body["loc_msg_admin"]} == {es.id, en.id}


def test_create_with_unknown_localized_string_is_400(staff, english):
    response = staff.post("/api/2/tags/", json={"value": "bird", "msg_loc_ids": [9999]})
    assert response.status_code == 400 and "msg_loc_ids" in response.json


def test_create_with_unknown_description_string_is_400(staff, english):
    response = staff.post("/api/2/tags/", json={"value": "bird", "description_loc_ids": "9999"})
    assert response.status_code == 400 and "description_loc_ids" in response.json


def test_create_with_non_numeric_localized_ids_is_400(staff, english):
    response = staff.post("/api/2/tags/", json={"value": "bird", "msg_loc_ids": "a,b"})
    assert response.status_code == 400 and "msg_loc_ids" in response.json


def test_patch_replaces_localized_strings(staff, english):
    old = LocalizedStringFactory(localized_string="Old", language=english)
    new = LocalizedStringFactory(localized_string="New", language=english)
    tag = TagFactory(loc_msg=[old])
    body = staff.patch(f"/api/2/tags/{tag.id}/?admin", json={"msg_loc_ids": [new.id]}).json
    assert body["msg_loc"] == "New" and [s["id"] for s in body["loc_msg_admin"]] == [new.id]


def test_patch_with_empty_list_clears_localized_strings(staff, english):
    tag = TagFactory(loc_msg=[LocalizedStringFactory(localized_string="Old", language=english)])
    body = staff.patch(f"/api/2/tags/{tag.id}/", json={"msg_loc_ids": []}).json
    assert body["msg_loc"] is None


# --- location --------------------------------------------------------------------------------

def test_create_with_multipolygon_location(staff):
    body = staff.post("/api/2/tags/", json={"value": "zone", "location": MULTIPOLYGON}).json
    assert body["location"]["type"] == "MultiPolygon"
    assert shape(body["location"]).equals(shape(MULTIPOLYGON))


def test_polygon_location_is_stored_as_multipolygon(staff):
    body = staff.post("/api/2/tags/", json={"value": "zone",
                                            "location": {"type": "Polygon", "coordinates": SQUARE}}).json
    assert body["location"]["type"] == "MultiPolygon"
    assert shape(body["location"]).equals(shape(MULTIPOLYGON))


def test_location_as_geojson_string(staff):
    body = staff.post("/api/2/tags/", json={"value": "zone", "location": json.dumps(MULTIPOLYGON)}).json
    assert shape(body["location"]).equals(shape(MULTIPOLYGON))


@pytest.mark.parametrize("location", [
    "garbage",
    42,
    {"type": "MultiPolygon", "coordinates": "nope"},
    {"type": "Blob", "coordinates": []},
], ids=["string", "number", "bad-coordinates", "bad-type"])
def test_garbage_location_is_400(staff, location):
    response = staff.post("/api/2/tags/", json={"value": "zone", "location": location})
    assert response.status_code == 400 and "location" in response.json


def test_point_location_is_400(staff):
    response = staff.post("/api/2/tags/", json={"value": "zone",
                                                "location": {"type": "Point", "coordinates": [-71, 42]}})
    assert response.status_code == 400 and "location" in response.json


def test_self_intersecting_location_is_400(staff):
    bowtie = [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]
    response = staff.post("/api/2/tags/", json={"value": "zone",
                                                "location": {"type": "MultiPolygon", "coordinates": [bowtie]}})
    assert response.status_code == 400 and "location" in response.json


def test_too_short_ring_location_is_400(staff):
    ring = [[[0, 0], [1, 1], [0, 0]]]
    response = staff.post("/api/2/tags/", json={"value": "zone",
                                                "location": {"type": "MultiPolygon", "coordinates": [ring]}})
    assert response.status_code == 400 and "location" in response.json


def test_patch_location_to_null(staff):
    tag_id = staff.post("/api/2/tags/", json={"value": "zone", "location": MULTIPOLYGON}).json["id"]
    body = staff.patch(f"/api/2/tags/{tag_id}/", json={"location": None}).json
    assert body["location"] is None


# --- update and delete -----------------------------------------------------------------------

def test_patch_changes_only_given_fields(staff):
    tag = TagFactory(value="old", description="keep me")
    body = staff.patch(f"/api/2/tags/{tag.id}/", json={"value": "new"}).json
    assert body["value"] == "new" and body["description"] == "keep me"


def test_patch_with_unknown_filter_is_400(staff):
    tag = TagFactory()
    response = staff.patch(f"/api/2/tags/{tag.id}/", json={"filter": "sometimes"})
    assert response.status_code == 400 and "filter" in response.json


def test_patch_unknown_tag_is_404(staff):
    assert staff.patch("/api/2/tags/9999/", json={"value": "x"}).status_code == 404


def test_delete_tag_is_204_and_gone(staff):
    tag = TagFactory()
    response = staff.delete(f"/api/2/tags/{tag.id}/")
    assert response.status_code == 204 and response.data == b""
    assert staff.get(f"/api/2/tags/{tag.id}/").status_code == 404


def test_delete_tag_removes_its_relationships(staff):
    tag = TagFactory()
    relationship_id = TagRelationshipFactory(tag_id=tag.id).id
    staff.delete(f"/api/2/tags/{tag.id}/")
    assert staff.get(f"/api/2/tagrelationships/{relationship_id}/").status_code == 404


def test_put_is_not_allowed(staff):
    tag = TagFactory()
    assert staff.put(f"/api/2/tags/{tag.id}/", json={"value": "x"}).status_code == 405


# --- permissions -----------------------------------------------------------------------------

def test_participant_can_read_tags(participant):
    tag = TagFactory()
    assert [t["id"] for t in participant.get("/api/2/tags/").json] == [tag.id]


def test_participant_cannot_create_tag(participant):
    response = participant.post("/api/2/tags/", json={"value": "x"})
    assert response.status_code == 403


def test_participant_cannot_delete_tag(participant):
    tag = TagFactory()
    assert participant.delete(f"/api/2/tags/{tag.id}/").status_code == 403


def test_anonymous_cannot_list_tags(anonymous):
    assert anonymous.get("/api/2/tags/").status_code == 401


# --- filters ---------------------------------------------------------------------------------

def test_filter_by_project(staff):
    project = ProjectFactory()
    mine = TagFactory(project=project)
    TagFactory()
    assert [t["id"] for t in staff.get(f"/api/2/tags/?project_id={project.id}").json] == [mine.id]


def test_filter_by_tag_category(staff):
    category = TagCategoryFactory()
    mine = TagFactory(tag_category=category)
    TagFactory()
    assert [t["id"] for t in staff.get(f"/api/2/tags/?tag_category_id={category.id}").json] == [mine.id]


def test_filter_description_is_case_insensitive_substring(staff):
    mine = TagFactory(description="The Blue Heron")
    TagFactory(description="A sparrow")
    assert [t["id"] for t in staff.get("/api/2/tags/?description=blue her").json] == [mine.id]


def test_filter_data_is_case_insensitive_substring(staff):
    mine = TagFactory(data='{"Color": "RED"}')
    TagFactory(data='{"color": "green"}')
    assert [t["id"] for t in staff.get("/api/2/tags/?data=red").json] == [mine.id]


def test_filter_description_treats_percent_literally(staff):
    mine = TagFactory(description="100% wild")
    TagFactory(description="100 wild")
    assert [t["id"] for t in staff.get("/api/2/tags/?description=100%25").json] == [mine.id]


def test_filters_combine(staff):
    project = ProjectFactory()
    mine = TagFactory(project=project, description="river")
    TagFactory(project=project, description="hill")
    TagFactory(description="river")
    ids = [t["id"] for t in staff.get(f"/api/2/tags/?project_id={project.id}&description=river").json]
    assert ids == [mine.id]
