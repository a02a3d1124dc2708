"""`uigroups/`: staff CRUD, the localized header, nested items, choices and filters."""
import pytest

from tests.factories import (LanguageFactory, LocalizedStringFactory, ProjectFactory, SessionFactory,
                             TagCategoryFactory, UIGroupFactory, UIItemFactory)

GROUP_KEYS = ["id", "name", "ui_mode", "select", "active", "index", "header_text_loc", "tag_category_id",
              "project_id", "ui_items"]
ITEM_KEYS = ["id", "index", "default", "active", "ui_group_id", "tag_id", "parent_id"]


@pytest.fixture
def group_input():
    """A valid creation body."""
    return {"name": "Who are you?", "project_id": ProjectFactory().id, "tag_category_id": TagCategoryFactory().id,
            "index": 1}


def _ids(response):
    return [g["id"] for g in response.json]


# --- create and representation ---------------------------------------------------------------

def test_create_group_returns_keys_in_order(staff, group_input, english):
    response = staff.post("/api/2/uigroups/", json={**group_input, "ui_mode": "speak", "select": "multi"})
    assert response.status_code == 200
    assert list(response.json) == GROUP_KEYS
    body = response.json
    assert (body["name"], body["ui_mode"], body["select"], body["index"]) == ("Who are you?", "speak", "multi", 1)
    assert (body["project_id"], body["tag_category_id"]) == (group_input["project_id"],
                                                             group_input["tag_category_id"])


def test_create_group_defaults(staff, group_input, english):
    body = staff.post("/api/2/uigroups/", json=group_input).json
    assert (body["ui_mode"], body["select"], body["active"]) == ("listen", "single", True)
    assert body["ui_items"] == [] and body["header_text_loc"] is None


def test_create_group_accepts_tag_category_alias(staff, group_input, english):
    category_id = group_input.pop("tag_category_id")
    response = staff.post("/api/2/uigroups/", json={**group_input, "tag_category": category_id})
    assert response.status_code == 200 and response.json["tag_category_id"] == category_id


def test_tag_category_id_wins_over_alias(staff, group_input, english):
    other = TagCategoryFactory()
    body = staff.post("/api/2/uigroups/", json={**group_input, "tag_category": other.id}).json
    assert body["tag_category_id"] == group_input["tag_category_id"]


@pytest.mark.parametrize("field", ["name", "project_id", "tag_category_id", "index"])
def test_create_group_without_required_field_is_400(staff, group_input, field):
    del group_input[field]
    response = staff.post("/api/2/uigroups/", json=group_input)
    assert response.status_code == 400 and field in response.json


def test_create_group_with_name_longer_than_50_is_400(staff, group_input):
    response = staff.post("/api/2/uigroups/", json={**group_input, "name": "n" * 51})
    assert response.status_code == 400 and "name" in response.json


@pytest.mark.parametrize("mode", ["listen", "speak", "browse"])
def test_create_group_accepts_ui_mode_choices(staff, group_input, english, mode):
    response = staff.post("/api/2/uigroups/", json={**group_input, "ui_mode": mode})
    assert response.status_code == 200 and response.json["ui_mode"] == mode


def test_create_group_with_unknown_ui_mode_is_400(staff, group_input):
    response = staff.post("/api/2/uigroups/", json={**group_input, "ui_mode": "record"})
    assert response.status_code == 400 and "ui_mode" in response.json


@pytest.mark.parametrize("select", ["single", "multi", "min_one"])
def test_create_group_accepts_select_choices(staff, group_input, english, select):
    response = staff.post("/api/2/uigroups/", json={**group_input, "select": select})
    assert response.status_code == 200 and response.json["select"] == select


def test_create_group_with_unknown_select_is_400(staff, group_input):
    response = staff.post("/api/2/uigroups/", json={**group_input, "select": "many"})
    assert response.status_code == 400 and "select" in response.json


def test_create_group_with_unknown_project_is_400(staff, group_input):
    response = staff.post("/api/2/uigroups/", json={**group_input, "project_id": 9999})
    assert response.status_code == 400 and "project_id" in response.json


def test_create_group_with_unknown_category_is_400(staff, group_input):
    response = staff.post("/api/2/uigroups/", json={**group_input, "tag_category_id": 9999})
    assert response.status_code == 400 and "tag_category_id" in response.json


def test_create_group_with_header_text_ids(staff, group_input, english, spanish):
    en = LocalizedStringFactory(localized_string="Who?", language=english)
    es = LocalizedStringFactory(localized_string="¿Quién?", language=spanish)
    body = staff.post("/api/2/uigroups/?admin", json={**group_input, "header_text_loc_ids": [es.id, en.id]}).json
    assert body["header_text_loc"] == "Who?"
    assert sorted(s["id"] for s in body["header_text_loc_admin"]) == sorted([es.id, en.id])


def test_create_group_with_header_text_comma_string(staff, group_input, english):
    en = LocalizedStringFactory(localized_string="Who?", language=english)
    body = staff.post("/api/2/uigroups/", json={**group_input, "header_text_loc_ids": f"{en.id},"}).json
    assert body["header_text_loc"] == "Who?"


def test_create_group_with_unknown_header_text_is_400(staff, group_input, english):
    response = staff.post("/api/2/uigroups/", json={**group_input, "header_text_loc_ids": [9999]})
    assert response.status_code == 400 and "header_text_loc_ids" in response.json


# --- nested items ----------------------------------------------------------------------------

def test_group_lists_all_items_including_inactive_by_index(staff, english):
    group = UIGroupFactory()
    third = UIItemFactory(ui_group=group, index=3, active=True)
    first = UIItemFactory(ui_group=group, index=1, active=False)
    second = UIItemFactory(ui_group=group, index=2, active=True)
    UIItemFactory()  # another group's item
    body = staff.get(f"/api/2/uigroups/{group.id}/").json
    assert [i["id"] for i in body["ui_items"]] == [first.id, second.id, third.id]
    assert [i["active"] for i in body["ui_items"]] == [False, True, True]


def test_nested_items_have_item_keys(staff, english):
    item = UIItemFactory(default=True)
    body = staff.get(f"/api/2/uigroups/{item.ui_group_id}/").json
    assert body["ui_items"] == [{"id": item.id, "index": item.index, "default": True, "active": True,
                                 "ui_group_id": item.ui_group_id, "tag_id": item.tag_id, "parent_id": None}]
    assert list(body["ui_items"][0]) == ITEM_KEYS


# --- localization ----------------------------------------------------------------------------

def _group_with_header(english, spanish):
    return UIGroupFactory(header_text_loc=[LocalizedStringFactory(localized_string="Who?", language=english),
                                           LocalizedStringFactory(localized_string="¿Quién?", language=spanish)])


def test_header_is_english_without_session(staff, english, spanish):
    group = _group_with_header(english, spanish)
    assert staff.get(f"/api/2/uigroups/{group.id}/").json["header_text_loc"] == "Who?"


def test_header_follows_session_language_on_detail(staff, english, spanish):
    group = _group_with_header(english, spanish)
    session = SessionFactory(language=spanish)
    body = staff.get(f"/api/2/uigroups/{group.id}/?session_id={session.id}").json
    assert body["header_text_loc"] == "¿Quién?"


def test_header_follows_session_language_on_list(staff, english, spanish):
    group = _group_with_header(english, spanish)
    session = SessionFactory(language=spanish)
    body = staff.get(f"/api/2/uigroups/?session_id={session.id}").json
    assert [(g["id"], g["header_text_loc"]) for g in body] == [(group.id, "¿Quién?")]


def test_header_is_null_without_string_in_session_language(staff, english, spanish):
    group = _group_with_header(english, spanish)
    session = SessionFactory(language=LanguageFactory(language_code="fr"))
    assert staff.get(f"/api/2/uigroups/{group.id}/?session_id={session.id}").json["header_text_loc"] is None


def test_unknown_session_is_400(staff, english):
    UIGroupFactory()
    response = staff.get("/api/2/uigroups/?session_id=9999")
    assert response.status_code == 400 and "Session not found" in response.json["detail"]


def test_unknown_session_on_detail_is_400(staff, english):
    group = UIGroupFactory()
    response = staff.get(f"/api/2/uigroups/{group.id}/?session_id=9999")
    assert response.status_code == 400 and "Session not found" in response.json["detail"]


def test_admin_adds_header_translations_after_header(staff, english, spanish):
    group = _group_with_header(english, spanish)
    body = staff.get(f"/api/2/uigroups/{group.id}/?admin").json
    assert list(body) == GROUP_KEYS[:7] + ["header_text_loc_admin"] + GROUP_KEYS[7:]
    assert [(s["text"], s["language"]) for s in body["header_text_loc_admin"]] == [("Who?", "en"),
                                                                                  ("¿Quién?", "es")]


def test_admin_key_absent_without_admin(staff, english):
    group = UIGroupFactory()
    assert "header_text_loc_admin" not in staff.get(f"/api/2/uigroups/{group.id}/").json


# --- read, update, delete --------------------------------------------------------------------

def test_list_groups_ordered_by_index(staff, english):
    late, early = UIGroupFactory(index=5), UIGroupFactory(index=1)
    assert _ids(staff.get("/api/2/uigroups/")) == [early.id, late.id]


def test_get_unknown_group_is_404(staff, english):
    assert staff.get("/api/2/uigroups/9999/").status_code == 404


def test_patch_group_changes_only_given_fields(staff, english):
    group = UIGroupFactory(name="before", select="multi")
    body = staff.patch(f"/api/2/uigroups/{group.id}/", json={"name": "after", "active": False}).json
    assert (body["name"], body["active"], body["select"]) == ("after", False, "multi")


def test_patch_group_with_tag_category_alias(staff, english):
    group, category = UIGroupFactory(), TagCategoryFactory()
    body = staff.patch(f"/api/2/uigroups/{group.id}/", json={"tag_category": category.id}).json
    assert body["tag_category_id"] == category.id


def test_patch_group_with_unknown_ui_mode_is_400(staff, english):
    group = UIGroupFactory()
    response = staff.patch(f"/api/2/uigroups/{group.id}/", json={"ui_mode": "shout"})
    assert response.status_code == 400 and "ui_mode" in response.json


def test_patch_group_replaces_header_texts(staff, english):
    group = UIGroupFactory(header_text_loc=[LocalizedStringFactory(localized_string="Old", language=english)])
    new = LocalizedStringFactory(localized_string="New", language=english)
    body = staff.patch(f"/api/2/uigroups/{group.id}/", json={"header_text_loc_ids": [new.id]}).json
    assert body["header_text_loc"] == "New"


def test_delete_group_is_204_and_removes_its_items(staff, english):
    item = UIItemFactory()
    group_id, item_id = item.ui_group_id, item.id
    assert staff.delete(f"/api/2/uigroups/{group_id}/").status_code == 204
    assert staff.get(f"/api/2/uigroups/{group_id}/").status_code == 404
    assert staff.get(f"/api/2/uiitems/{item_id}/").status_code == 404


def test_participant_cannot_create_group(participant, group_input):
    assert participant.post("/api/2/uigroups/", json=group_input).status_code == 403


def test_participant_can_read_groups(participant, english):
    group = UIGroupFactory()
    assert _ids(participant.get("/api/2/uigroups/")) == [group.id]


# --- filters ---------------------------------------------------------------------------------

def test_filter_by_project(staff, english):
    mine = UIGroupFactory()
    UIGroupFactory()
    assert _ids(staff.get(f"/api/2/uigroups/?project_id={mine.project_id}")) == [mine.id]


def test_filter_name_is_a_prefix(staff, english):
    mine = UIGroupFactory(name="Gender question")
    UIGroupFactory(name="Your gender")
    assert _ids(staff.get("/api/2/uigroups/?name=Gender")) == [mine.id]


def test_filter_name_prefix_is_case_sensitive(staff, english):
    mine = UIGroupFactory(name="Gender question")
    UIGroupFactory(name="gender question")
    assert _ids(staff.get("/api/2/uigroups/?name=Gen")) == [mine.id]


def test_filter_by_ui_mode(staff, english):
    mine = UIGroupFactory(ui_mode="speak")
    UIGroupFactory(ui_mode="listen")
    assert _ids(staff.get("/api/2/uigroups/?ui_mode=speak")) == [mine.id]


def test_filter_by_tag_category(staff, english):
    mine = UIGroupFactory()
    UIGroupFactory()
    assert _ids(staff.get(f"/api/2/uigroups/?tag_category_id={mine.tag_category_id}")) == [mine.id]


def test_filter_by_select(staff, english):
    mine = UIGroupFactory(select="min_one")
    UIGroupFactory(select="single")
    assert _ids(staff.get("/api/2/uigroups/?select=min_one")) == [mine.id]


@pytest.mark.parametrize("value", ["false", "0"])
def test_filter_inactive(staff, english, value):
    mine = UIGroupFactory(active=False)
    UIGroupFactory(active=True)
    assert _ids(staff.get(f"/api/2/uigroups/?active={value}")) == [mine.id]


def test_filter_active(staff, english):
    mine = UIGroupFactory(active=True)
    UIGroupFactory(active=False)
    assert _ids(staff.get("/api/2/uigroups/?active=true")) == [mine.id]


def test_filter_by_index(staff, english):
    mine = UIGroupFactory(index=7)
    UIGroupFactory(index=8)
    assert _ids(staff.get("/api/2/uigroups/?index=7")) == [mine.id]
