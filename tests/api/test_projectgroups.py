"""`projectgroups/`: CRUD, filters, and `:id/projects/` (which projects can be heard at a place)."""
import pytest
from flask import current_app

from rwflask.extensions import db
from rwflask.models import ProjectGroup
from tests.factories import ProjectFactory, ProjectGroupFactory, SpeakerFactory, square, text_in

# An asymmetric place (latitude != longitude, and swapping them gives another valid place).
LAT, LON = 10.0, 20.0


def global_project(**kwargs):
    """A project heard everywhere."""
    return ProjectFactory(geo_listen_enabled=False, **kwargs)


def geo_project(lat=LAT, lon=LON, active=True, **kwargs):
    """A geo-listen project with one speaker around (lat, lon)."""
    project = ProjectFactory(geo_listen_enabled=True, latitude=lat, longitude=lon, **kwargs)
    SpeakerFactory(project=project, activeyn=active, shape=square(lat, lon, 0.01))
    return project


def projects_at(client, group, query=f"?latitude={LAT}&longitude={LON}"):
    """GET projectgroups/:id/projects/."""
    return client.get(f"/api/2/projectgroups/{group.id}/projects/{query}")


# --- CRUD -----------------------------------------------------------------------------------------------

def test_list_is_bare_array_with_roundware_keys(participant):
    project = ProjectFactory()
    group = ProjectGroupFactory(name="Boston", description="walks", projects=[project])
    response = participant.get("/api/2/projectgroups/")
    assert response.status_code == 200
    assert response.json == [{"id": group.id, "name": "Boston", "active": True, "description": "walks",
                              "project_ids": [project.id]}]


def test_list_filters_name_by_case_insensitive_substring(participant):
    wanted = ProjectGroupFactory(name="Boston Walks")
    ProjectGroupFactory(name="Paris")
    assert [g["id"] for g in participant.get("/api/2/projectgroups/?name=WALK").json] == [wanted.id]


@pytest.mark.parametrize("value, expected_active", [("true", True), ("false", False)])
def test_list_filters_active(participant, value, expected_active):
    active, inactive = ProjectGroupFactory(active=True), ProjectGroupFactory(active=False)
    wanted = active if expected_active else inactive
    assert [g["id"] for g in participant.get(f"/api/2/projectgroups/?active={value}").json] == [wanted.id]


def test_list_invalid_active_filter_is_400(participant):
    ProjectGroupFactory()
    response = participant.get("/api/2/projectgroups/?active=perhaps")
    assert response.status_code == 400 and "active" in response.json


def test_get_one(participant):
    group = ProjectGroupFactory(name="One")
    response = participant.get(f"/api/2/projectgroups/{group.id}/")
    assert response.status_code == 200 and response.json["name"] == "One"


def test_get_unknown_is_404(participant):
    assert participant.get("/api/2/projectgroups/999/").status_code == 404


def test_create_as_staff_with_project_ids(staff):
    first, second = ProjectFactory(), ProjectFactory()
    response = staff.post("/api/2/projectgroups/", json={"name": "Tour", "description": "d",
                                                        "project_ids": [second.id, first.id]})
    assert response.status_code == 200
    assert response.json["name"] == "Tour" and response.json["active"] is True
    assert sorted(response.json["project_ids"]) == sorted([first.id, second.id])
    stored = db.session.get(ProjectGroup, response.json["id"])
    assert {p.id for p in stored.projects} == {first.id, second.id}


def test_create_without_name_is_400(staff):
    response = staff.post("/api/2/projectgroups/", json={"description": "d"})
    assert response.status_code == 400 and "name" in response.json


def test_create_with_unknown_project_id_is_400_naming_project_ids(staff):
    project = ProjectFactory()
    response = staff.post("/api/2/projectgroups/", json={"name": "Tour", "project_ids": [project.id, 999]})
    assert response.status_code == 400 and "project_ids" in response.json
    assert db.session.scalars(db.select(ProjectGroup)).all() == []


def test_create_as_participant_is_403(participant):
    assert participant.post("/api/2/projectgroups/", json={"name": "Tour"}).status_code == 403
    assert db.session.scalars(db.select(ProjectGroup)).all() == []


def test_patch_changes_given_fields(staff):
    group = ProjectGroupFactory(name="Old", description="kept")
    response = staff.patch(f"/api/2/projectgroups/{group.id}/", json={"name": "New", "active": False})
    assert response.status_code == 200
    assert (response.json["name"], response.json["active"], response.json["description"]) == ("New", False, "kept")


def test_patch_replaces_project_ids(staff):
    old, new = ProjectFactory(), ProjectFactory()
    group = ProjectGroupFactory(projects=[old])
    response = staff.patch(f"/api/2/projectgroups/{group.id}/", json={"project_ids": [new.id]})
    assert response.status_code == 200 and response.json["project_ids"] == [new.id]


def test_patch_as_participant_is_403(participant):
    group = ProjectGroupFactory(name="Old")
    assert participant.patch(f"/api/2/projectgroups/{group.id}/", json={"name": "X"}).status_code == 403


def test_delete_as_staff_is_204(staff):
    group = ProjectGroupFactory()
    assert staff.delete(f"/api/2/projectgroups/{group.id}/").status_code == 204
    db.session.expire_all()
    assert db.session.get(ProjectGroup, group.id) is None


def test_delete_keeps_the_projects(staff):
    project = ProjectFactory()
    group = ProjectGroupFactory(projects=[project])
    staff.delete(f"/api/2/projectgroups/{group.id}/")
    assert staff.get("/api/2/projects/").json[0]["id"] == project.id


def test_delete_as_participant_is_403(participant):
    group = ProjectGroupFactory()
    assert participant.delete(f"/api/2/projectgroups/{group.id}/").status_code == 403
    assert db.session.get(ProjectGroup, group.id) is not None


# --- projectgroups/:id/projects/ -------------------------------------------------------------------

def test_projects_include_global_projects_anywhere(participant):
    project = global_project()
    group = ProjectGroupFactory(projects=[project])
    response = projects_at(participant, group, "?latitude=-33.9&longitude=151.2")
    assert response.status_code == 200 and [p["project_id"] for p in response.json] == [project.id]


def test_projects_include_geo_project_whose_active_speaker_covers_the_point(participant):
    project = geo_project()
    group = ProjectGroupFactory(projects=[project])
    assert [p["project_id"] for p in projects_at(participant, group).json] == [project.id]


def test_projects_exclude_geo_project_whose_speakers_are_elsewhere(participant):
    group = ProjectGroupFactory(projects=[geo_project(lat=-33.9, lon=151.2)])
    response = projects_at(participant, group)
    assert response.status_code == 200 and response.json == []


def test_projects_exclude_geo_project_covering_the_swapped_point(participant):
    # The speaker covers (latitude=LON, longitude=LAT): only a swapped point would fall in it.
    group = ProjectGroupFactory(projects=[geo_project(lat=LON, lon=LAT)])
    assert projects_at(participant, group).json == []


def test_projects_exclude_geo_project_whose_only_covering_speaker_is_inactive(participant):
    group = ProjectGroupFactory(projects=[geo_project(active=False)])
    assert projects_at(participant, group).json == []


def test_projects_exclude_geo_project_without_speakers(participant):
    group = ProjectGroupFactory(projects=[ProjectFactory(geo_listen_enabled=True, latitude=LAT, longitude=LON)])
    assert projects_at(participant, group).json == []


def test_projects_only_come_from_the_group(participant):
    member = global_project()
    global_project()
    group = ProjectGroupFactory(projects=[member])
    ProjectGroupFactory(projects=[global_project()])
    assert [p["project_id"] for p in projects_at(participant, group).json] == [member.id]


def test_projects_mix_global_and_audible_geo_projects(participant):
    heard, unheard, everywhere = geo_project(), geo_project(lat=-33.9, lon=151.2), global_project()
    group = ProjectGroupFactory(projects=[heard, unheard, everywhere])
    ids = {p["project_id"] for p in projects_at(participant, group).json}
    assert ids == {heard.id, everywhere.id}


def test_projects_entry_has_roundware_keys(participant, english):
    project = global_project(name="Walk", owner="Halsey", description_loc=[text_in(english, "A walk")])
    group = ProjectGroupFactory(projects=[project])
    entry = projects_at(participant, group).json[0]
    assert set(entry) == {"project_id", "name", "owner", "description_loc", "thumbnail_url"}
    assert (entry["project_id"], entry["name"], entry["owner"]) == (project.id, "Walk", "Halsey")


def test_projects_thumbnail_url_is_an_absolute_media_url(participant):
    project = global_project()
    group = ProjectGroupFactory(projects=[project])
    entry = projects_at(participant, group).json[0]
    config = current_app.config
    assert entry["thumbnail_url"] == f"{config['PUBLIC_URL']}{config['MEDIA_URL']}project{project.id}-thumb.png"
    assert entry["thumbnail_url"].endswith(f"/project{project.id}-thumb.png")


def test_projects_description_defaults_to_english(participant, english, spanish):
    project = global_project(description_loc=[text_in(spanish, "Un paseo"), text_in(english, "A walk")])
    group = ProjectGroupFactory(projects=[project])
    assert projects_at(participant, group).json[0]["description_loc"] == "A walk"


def test_projects_description_in_requested_language(participant, english, spanish):
    project = global_project(description_loc=[text_in(english, "A walk"), text_in(spanish, "Un paseo")])
    group = ProjectGroupFactory(projects=[project])
    entry = projects_at(participant, group, f"?latitude={LAT}&longitude={LON}&language_code=es").json[0]
    assert entry["description_loc"] == "Un paseo"


def test_projects_description_is_empty_without_string_in_requested_language(participant, english, spanish):
    project = global_project(description_loc=[text_in(english, "A walk")])
    group = ProjectGroupFactory(projects=[project])
    entry = projects_at(participant, group, f"?latitude={LAT}&longitude={LON}&language_code=es").json[0]
    assert entry["description_loc"] == ""


def test_projects_description_is_empty_without_strings(participant, english):
    group = ProjectGroupFactory(projects=[global_project()])
    assert projects_at(participant, group).json[0]["description_loc"] == ""


def test_projects_unknown_language_code_falls_back_to_english(participant, english, spanish):
    project = global_project(description_loc=[text_in(spanish, "Un paseo"), text_in(english, "A walk")])
    group = ProjectGroupFactory(projects=[project])
    entry = projects_at(participant, group, f"?latitude={LAT}&longitude={LON}&language_code=zz").json[0]
    assert entry["description_loc"] == "A walk"


def test_projects_of_inactive_group_is_200_with_detail(participant):
    group = ProjectGroupFactory(active=False, projects=[global_project()])
    response = projects_at(participant, group)
    assert response.status_code == 200
    assert response.json == {"detail": "Project Group inactive; please try another one."}


@pytest.mark.parametrize("query, missing", [(f"?longitude={LON}", "latitude"), (f"?latitude={LAT}", "longitude")])
def test_projects_without_coordinate_is_400_naming_it(participant, query, missing):
    group = ProjectGroupFactory(projects=[global_project()])
    response = projects_at(participant, group, query)
    assert response.status_code == 400 and missing in response.json


def test_projects_with_latitude_out_of_range_is_400(participant):
    group = ProjectGroupFactory(projects=[global_project()])
    response = projects_at(participant, group, f"?latitude=91&longitude={LON}")
    assert response.status_code == 400 and "latitude" in response.json


def test_projects_of_unknown_group_is_404(participant):
    response = participant.get(f"/api/2/projectgroups/999/projects/?latitude={LAT}&longitude={LON}")
    assert response.status_code == 404


def test_projects_group_id_is_not_read_digit_by_digit(participant):
    # Roundware's `projectgroup__in="12"` selected groups 1 and 2; group 12 must mean group 12 only.
    groups = [ProjectGroupFactory(projects=[global_project()]) for _ in range(12)]
    twelfth = groups[11]
    ids = [p["project_id"] for p in projects_at(participant, twelfth).json]
    assert ids == [twelfth.projects[0].id]
