"""`projects/:id/uiconfig/`: the listen and speak screens built from active UI groups and items."""
import pytest
from sqlalchemy import event

from rwflask.extensions import db
from tests.factories import (ProjectFactory, SessionFactory, TagCategoryFactory, TagFactory, UIGroupFactory,
                             UIItemFactory, text_in)


@pytest.fixture
def project(english):
    return ProjectFactory(languages=[english])


def uiconfig(client, project_id, query=""):
    """GET the uiconfig and check it succeeded."""
    response = client.get(f"/api/2/projects/{project_id}/uiconfig/{query}")
    assert response.status_code == 200, response.json
    return response.json


def test_response_has_exactly_listen_and_speak(participant, project):
    UIGroupFactory(project=project, ui_mode="listen")
    assert list(uiconfig(participant, project.id)) == ["listen", "speak"]


def test_project_without_groups_has_empty_screens(participant, project):
    assert uiconfig(participant, project.id) == {"listen": [], "speak": []}


def test_group_has_exactly_the_roundware_keys(participant, project):
    UIItemFactory(ui_group=UIGroupFactory(project=project, ui_mode="listen"))
    group = uiconfig(participant, project.id)["listen"][0]
    assert list(group) == ["select", "group_short_name", "header_display_text", "display_items"]


def test_item_has_exactly_the_roundware_keys(participant, project):
    UIItemFactory(ui_group=UIGroupFactory(project=project, ui_mode="speak"))
    item = uiconfig(participant, project.id)["speak"][0]["display_items"][0]
    assert list(item) == ["id", "tag_id", "parent_id", "default_state", "tag_display_text"]


def test_only_active_groups_are_included(participant, project):
    active = UIGroupFactory(project=project, ui_mode="listen", select="single", active=True)
    UIGroupFactory(project=project, ui_mode="listen", select="multi", active=False)
    item = UIItemFactory(ui_group=active)
    listen = uiconfig(participant, project.id)["listen"]
    assert [g["select"] for g in listen] == ["single"]
    assert [i["id"] for i in listen[0]["display_items"]] == [item.id]


def test_groups_of_other_projects_are_not_included(participant, project):
    UIGroupFactory(project=ProjectFactory(), ui_mode="listen")
    assert uiconfig(participant, project.id) == {"listen": [], "speak": []}


def test_groups_go_to_the_screen_of_their_ui_mode(participant, project):
    UIGroupFactory(project=project, ui_mode="listen", select="single")
    UIGroupFactory(project=project, ui_mode="speak", select="min_one")
    body = uiconfig(participant, project.id)
    assert [g["select"] for g in body["listen"]] == ["single"]
    assert [g["select"] for g in body["speak"]] == ["min_one"]


def test_browse_groups_are_never_included(participant, project):
    UIItemFactory(ui_group=UIGroupFactory(project=project, ui_mode="browse"))
    assert uiconfig(participant, project.id) == {"listen": [], "speak": []}


def test_browse_groups_are_not_included_even_when_filtered_for(participant, project):
    UIItemFactory(ui_group=UIGroupFactory(project=project, ui_mode="browse"))
    assert uiconfig(participant, project.id, "?ui_mode=browse") == {"listen": [], "speak": []}


def test_groups_are_ordered_by_index(participant, project):
    for index, name in ((3, "third"), (1, "first"), (2, "second")):
        UIGroupFactory(project=project, ui_mode="listen", index=index, tag_category=TagCategoryFactory(name=name))
    names = [g["group_short_name"] for g in uiconfig(participant, project.id)["listen"]]
    assert names == ["First", "Second", "Third"]


def test_group_short_name_is_the_tag_category_name_title_cased(participant, project):
    category = TagCategoryFactory(name="gender of speaker")
    UIGroupFactory(project=project, ui_mode="speak", tag_category=category, name="ignored group name")
    assert uiconfig(participant, project.id)["speak"][0]["group_short_name"] == "Gender Of Speaker"


def test_select_is_the_groups_select_mode(participant, project):
    UIGroupFactory(project=project, ui_mode="speak", select="min_one")
    assert uiconfig(participant, project.id)["speak"][0]["select"] == "min_one"


def test_header_display_text_is_in_the_session_language(participant, project, english, spanish):
    UIGroupFactory(project=project, header_text_loc=[text_in(english, "Who?"), text_in(spanish, "¿Quién?")])
    session = SessionFactory(project=project, language=spanish)
    body = uiconfig(participant, project.id, f"?session_id={session.id}")
    assert body["listen"][0]["header_display_text"] == "¿Quién?"


def test_header_display_text_is_the_first_string_in_the_language(participant, project, english):
    UIGroupFactory(project=project, header_text_loc=[text_in(english, "first"), text_in(english, "second")])
    assert uiconfig(participant, project.id)["listen"][0]["header_display_text"] == "first"


def test_header_display_text_does_not_fall_back_to_english(participant, project, english, spanish):
    UIGroupFactory(project=project, header_text_loc=[text_in(english, "Who?")])
    session = SessionFactory(project=project, language=spanish)
    body = uiconfig(participant, project.id, f"?session_id={session.id}")
    assert body["listen"][0]["header_display_text"] is None


def test_only_active_items_are_included(participant, project):
    group = UIGroupFactory(project=project, ui_mode="speak")
    active = UIItemFactory(ui_group=group, active=True)
    UIItemFactory(ui_group=group, active=False)
    items = uiconfig(participant, project.id)["speak"][0]["display_items"]
    assert [i["id"] for i in items] == [active.id]


def test_items_are_ordered_by_index(participant, project):
    group = UIGroupFactory(project=project, ui_mode="speak")
    third, first, second = (UIItemFactory(ui_group=group, index=i) for i in (30, 10, 20))
    items = uiconfig(participant, project.id)["speak"][0]["display_items"]
    assert [i["id"] for i in items] == [first.id, second.id, third.id]


def test_items_stay_in_their_own_group(participant, project):
    first = UIGroupFactory(project=project, ui_mode="speak", index=1)
    second = UIGroupFactory(project=project, ui_mode="speak", index=2)
    a, b = UIItemFactory(ui_group=first, index=2), UIItemFactory(ui_group=second, index=1)
    speak = uiconfig(participant, project.id)["speak"]
    assert [[i["id"] for i in g["display_items"]] for g in speak] == [[a.id], [b.id]]


def test_listen_keeps_only_the_first_item_per_tag(participant, project):
    group = UIGroupFactory(project=project, ui_mode="listen")
    tag = TagFactory(project=project, tag_category=group.tag_category)
    first = UIItemFactory(ui_group=group, tag=tag, index=1)
    other = UIItemFactory(ui_group=group, index=2)
    UIItemFactory(ui_group=group, tag=tag, index=3)
    items = uiconfig(participant, project.id)["listen"][0]["display_items"]
    assert [i["id"] for i in items] == [first.id, other.id]


def test_listen_ignores_inactive_items_when_keeping_the_first_per_tag(participant, project):
    group = UIGroupFactory(project=project, ui_mode="listen")
    tag = TagFactory(project=project, tag_category=group.tag_category)
    UIItemFactory(ui_group=group, tag=tag, index=1, active=False)
    active = UIItemFactory(ui_group=group, tag=tag, index=2)
    items = uiconfig(participant, project.id)["listen"][0]["display_items"]
    assert [i["id"] for i in items] == [active.id]


def test_listen_forces_parent_id_to_null(participant, project):
    group = UIGroupFactory(project=project, ui_mode="listen")
    parent = UIItemFactory(ui_group=group, index=1)
    UIItemFactory(ui_group=group, index=2, parent_id=parent.id)
    items = uiconfig(participant, project.id)["listen"][0]["display_items"]
    assert [i["parent_id"] for i in items] == [None, None]


def test_speak_keeps_items_with_the_same_tag(participant, project):
    group = UIGroupFactory(project=project, ui_mode="speak")
    tag = TagFactory(project=project, tag_category=group.tag_category)
    items = [UIItemFactory(ui_group=group, tag=tag, index=i) for i in (1, 2)]
    display = uiconfig(participant, project.id)["speak"][0]["display_items"]
    assert [i["id"] for i in display] == [items[0].id, items[1].id]
    assert [i["tag_id"] for i in display] == [tag.id, tag.id]


def test_speak_keeps_parent_id(participant, project):
    group = UIGroupFactory(project=project, ui_mode="speak")
    parent = UIItemFactory(ui_group=group, index=1)
    UIItemFactory(ui_group=group, index=2, parent_id=parent.id)
    items = uiconfig(participant, project.id)["speak"][0]["display_items"]
    assert [i["parent_id"] for i in items] == [None, parent.id]


def test_item_carries_its_id_and_tag_id(participant, project):
    item = UIItemFactory(ui_group=UIGroupFactory(project=project, ui_mode="speak"))
    display = uiconfig(participant, project.id)["speak"][0]["display_items"][0]
    assert (display["id"], display["tag_id"]) == (item.id, item.tag_id)


@pytest.mark.parametrize("default", [True, False])
def test_default_state_is_the_items_default(participant, project, default):
    UIItemFactory(ui_group=UIGroupFactory(project=project, ui_mode="listen"), default=default)
    assert uiconfig(participant, project.id)["listen"][0]["display_items"][0]["default_state"] is default


def test_tag_display_text_is_the_tag_message_in_the_session_language(participant, project, english, spanish):
    group = UIGroupFactory(project=project, ui_mode="speak")
    tag = TagFactory(project=project, tag_category=group.tag_category,
                     loc_msg=[text_in(english, "female"), text_in(spanish, "mujer")])
    UIItemFactory(ui_group=group, tag=tag)
    session = SessionFactory(project=project, language=spanish)
    body = uiconfig(participant, project.id, f"?session_id={session.id}")
    assert body["speak"][0]["display_items"][0]["tag_display_text"] == "mujer"


def test_tag_display_text_is_not_the_tag_description(participant, project, english):
    group = UIGroupFactory(project=project, ui_mode="speak")
    tag = TagFactory(project=project, tag_category=group.tag_category,
                     loc_description=[text_in(english, "a description")], loc_msg=[text_in(english, "the message")])
    UIItemFactory(ui_group=group, tag=tag)
    assert uiconfig(participant, project.id)["speak"][0]["display_items"][0]["tag_display_text"] == "the message"


def test_tag_display_text_does_not_fall_back_to_english(participant, project, english, spanish):
    group = UIGroupFactory(project=project, ui_mode="speak")
    tag = TagFactory(project=project, tag_category=group.tag_category, loc_msg=[text_in(english, "female")])
    UIItemFactory(ui_group=group, tag=tag)
    session = SessionFactory(project=project, language=spanish)
    body = uiconfig(participant, project.id, f"?session_id={session.id}")
    assert body["speak"][0]["display_items"][0]["tag_display_text"] is None


def test_without_session_texts_are_english(participant, project, english, spanish):
    group = UIGroupFactory(project=project, ui_mode="listen", header_text_loc=[text_in(spanish, "¿Quién?"),
                                                                               text_in(english, "Who?")])
    tag = TagFactory(project=project, tag_category=group.tag_category,
                     loc_msg=[text_in(spanish, "mujer"), text_in(english, "female")])
    UIItemFactory(ui_group=group, tag=tag)
    listen = uiconfig(participant, project.id)["listen"][0]
    assert listen["header_display_text"] == "Who?"
    assert listen["display_items"][0]["tag_display_text"] == "female"


def test_unknown_session_is_400(participant, project):
    UIGroupFactory(project=project)
    response = participant.get(f"/api/2/projects/{project.id}/uiconfig/?session_id=999")
    assert response.status_code == 400
    assert response.json["session_id"] == ["Session not found"]


def test_unknown_project_is_404(participant):
    assert participant.get("/api/2/projects/999/uiconfig/").status_code == 404


def test_admin_parameter_does_not_change_the_response(participant, project, english):
    group = UIGroupFactory(project=project, ui_mode="listen", header_text_loc=[text_in(english, "Who?")])
    UIItemFactory(ui_group=group)
    plain = uiconfig(participant, project.id)
    assert uiconfig(participant, project.id, "?admin") == plain
    assert uiconfig(participant, project.id, "?admin=1") == plain


def test_requires_a_token(anonymous, project):
    assert anonymous.get(f"/api/2/projects/{project.id}/uiconfig/").status_code == 401


def _count_queries(client, path):
    statements = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        response = client.get(path)
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    assert response.status_code == 200
    return len(statements), response.json


def _build(project, groups, items, english, spanish):
    for g in range(groups):
        group = UIGroupFactory(project=project, ui_mode=("listen", "speak")[g % 2],
                               header_text_loc=[text_in(english, f"h{g}"), text_in(spanish, f"h{g} es")])
        for i in range(items):
            tag = TagFactory(project=project, tag_category=group.tag_category,
                             loc_msg=[text_in(english, f"t{g}.{i}"), text_in(spanish, f"t{g}.{i} es")])
            UIItemFactory(ui_group=group, tag=tag, index=i)


def test_query_count_is_bounded_whatever_the_number_of_groups_and_items(participant, project, english, spanish):
    session = SessionFactory(project=project, language=spanish)
    small = ProjectFactory(languages=[english])
    _build(small, 1, 1, english, spanish)
    _build(project, 10, 10, english, spanish)
    db.session.expire_all()
    path = "/api/2/projects/{}/uiconfig/?session_id=" + str(session.id)
    small_count, _ = _count_queries(participant, path.format(small.id))
    large_count, body = _count_queries(participant, path.format(project.id))
    assert sum(len(g["display_items"]) for g in body["listen"] + body["speak"]) == 100
    assert large_count <= 8
    assert large_count == small_count


def test_uiconfig_reflects_a_staff_change_immediately(staff, english):
    item = UIItemFactory(ui_group=UIGroupFactory(ui_mode="listen"), default=False)
    url = f"/api/2/projects/{item.ui_group.project_id}/uiconfig/"
    assert staff.get(url).json["listen"][0]["display_items"][0]["default_state"] is False
    assert staff.patch(f"/api/2/uiitems/{item.id}/", json={"default": True}).status_code == 200
    assert staff.get(url).json["listen"][0]["display_items"][0]["default_state"] is True
