"""`assets/` queries: every Roundware filter, ordering and opt-in pagination."""
from datetime import datetime
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.support.assets import ASSET_KEYS, listed_ids
from tests.factories import (AssetFactory, EnvelopeFactory, ProjectFactory, SessionFactory, TagFactory,
                             UserFactory)


@pytest.fixture
def project():
    return ProjectFactory()


# --- filters ---------------------------------------------------------------------------------

def test_filter_session_id(staff):
    first, second = SessionFactory(), SessionFactory()
    wanted = AssetFactory(session_id=first.id)
    AssetFactory(session_id=second.id)
    assert listed_ids(staff.get(f"/api/2/assets/?session_id={first.id}")) == [wanted.id]


def test_filter_project_id(staff, project):
    wanted = AssetFactory(project_id=project.id)
    AssetFactory()
    assert listed_ids(staff.get(f"/api/2/assets/?project_id={project.id}")) == [wanted.id]


def test_filter_tag_ids_requires_every_tag(staff):
    t1, t2 = TagFactory(), TagFactory()
    both = AssetFactory(tags=[t1, t2])
    AssetFactory(tags=[t1])
    AssetFactory(tags=[t2])
    assert listed_ids(staff.get(f"/api/2/assets/?tag_ids={t1.id},{t2.id}")) == [both.id]


@pytest.mark.parametrize("param", ["tag_ids", "envelope_ids"])
def test_filter_by_every_one_of_a_thousand_ids_is_answered(staff, param):
    # One SQL condition per id nested deeper than SQLite allows (a 503 for a list the API accepts).
    tag, envelope = TagFactory(), EnvelopeFactory()
    asset = AssetFactory(tags=[tag], envelopes=[envelope])
    wanted = tag.id if param == "tag_ids" else envelope.id
    assert listed_ids(staff.get(f"/api/2/assets/?{param}={wanted}" + f",{wanted}" * 999)) == [asset.id]
    assert listed_ids(staff.get(f"/api/2/assets/?{param}=" + ",".join(str(wanted + i) for i in range(1000)))) == []


def test_filter_tag_ids_or_matches_any_tag_without_duplicates(staff):
    t1, t2, t3 = TagFactory(), TagFactory(), TagFactory()
    both = AssetFactory(tags=[t1, t2])
    one = AssetFactory(tags=[t2])
    AssetFactory(tags=[t3])
    AssetFactory()
    assert listed_ids(staff.get(f"/api/2/assets/?tag_ids_or={t1.id},{t2.id}")) == [both.id, one.id]


def test_filter_repeated_tags_matches_any_tag(staff):
    t1, t2, t3 = TagFactory(), TagFactory(), TagFactory()
    first = AssetFactory(tags=[t1])
    second = AssetFactory(tags=[t2, t1])
    AssetFactory(tags=[t3])
    assert listed_ids(staff.get(f"/api/2/assets/?tags={t1.id}&tags={t2.id}")) == [first.id, second.id]


@pytest.mark.parametrize("param", ["media_type", "mediatype"])
def test_filter_media_type_and_its_alias(staff, param):
    photo = AssetFactory(mediatype="photo")
    AssetFactory(mediatype="audio")
    assert listed_ids(staff.get(f"/api/2/assets/?{param}=photo")) == [photo.id]


def test_filter_unknown_media_type_is_400(staff):
    response = staff.get("/api/2/assets/?media_type=hologram")
    assert response.status_code == 400 and "media_type" in response.json


def test_filter_language_by_code(staff, english, spanish):
    wanted = AssetFactory(language_id=spanish.id)
    AssetFactory(language_id=english.id)
    AssetFactory(language_id=None)
    assert listed_ids(staff.get("/api/2/assets/?language=es")) == [wanted.id]


@pytest.mark.parametrize("param", ["envelope_ids", "envelope_id"])
def test_filter_envelopes_requires_every_envelope(staff, param):
    e1, e2 = EnvelopeFactory(), EnvelopeFactory()
    both = AssetFactory(envelopes=[e1, e2])
    AssetFactory(envelopes=[e1])
    AssetFactory(envelopes=[e2])
    assert listed_ids(staff.get(f"/api/2/assets/?{param}={e1.id},{e2.id}")) == [both.id]


def test_filter_single_envelope_id(staff):
    e1, e2 = EnvelopeFactory(), EnvelopeFactory()
    wanted = AssetFactory(envelopes=[e1])
    AssetFactory(envelopes=[e2])
    assert listed_ids(staff.get(f"/api/2/assets/?envelope_id={e1.id}")) == [wanted.id]


def test_filter_latitude_is_a_prefix_of_the_written_number(staff):
    exact, longer = AssetFactory(latitude=42.3), AssetFactory(latitude=42.35)
    AssetFactory(latitude=42.03)
    AssetFactory(latitude=-42.3)
    assert listed_ids(staff.get("/api/2/assets/?latitude=42.3")) == [exact.id, longer.id]


def test_filter_longitude_is_a_prefix_of_the_written_number(staff):
    wanted = AssetFactory(longitude=-71.125)
    AssetFactory(longitude=-71.0125)
    AssetFactory(longitude=71.125)
    assert listed_ids(staff.get("/api/2/assets/?longitude=-71.12")) == [wanted.id]


def test_filter_latitude_matches_a_whole_degree_as_written(staff):
    wanted = AssetFactory(latitude=42.0)
    AssetFactory(latitude=42.5)
    assert staff.get(f"/api/2/assets/{wanted.id}/").json["latitude"] == 42.0
    assert listed_ids(staff.get("/api/2/assets/?latitude=42.0")) == [wanted.id]


def test_filter_longitude_matches_a_whole_degree_as_written(staff):
    wanted = AssetFactory(longitude=-71.0)
    AssetFactory(longitude=-71.5)
    assert listed_ids(staff.get("/api/2/assets/?longitude=-71.0")) == [wanted.id]


@pytest.mark.parametrize("value, submitted", [("true", True), ("1", True), ("false", False), ("0", False)])
def test_filter_submitted(staff, value, submitted):
    yes, no = AssetFactory(submitted=True), AssetFactory(submitted=False)
    assert listed_ids(staff.get(f"/api/2/assets/?submitted={value}")) == [yes.id if submitted else no.id]


def test_filter_invalid_submitted_is_400(staff):
    response = staff.get("/api/2/assets/?submitted=perhaps")
    assert response.status_code == 400 and "submitted" in response.json


def test_filter_audiolength_lte_in_seconds(staff):
    short, exact = AssetFactory(audio_length=5.0), AssetFactory(audio_length=10.0)
    AssetFactory(audio_length=15.0)
    assert listed_ids(staff.get("/api/2/assets/?audiolength__lte=10")) == [short.id, exact.id]


def test_filter_audiolength_gte_in_seconds(staff):
    AssetFactory(audio_length=5.0)
    exact, long_ = AssetFactory(audio_length=10.0), AssetFactory(audio_length=15.0)
    assert listed_ids(staff.get("/api/2/assets/?audiolength__gte=10")) == [exact.id, long_.id]


def test_filter_audiolength_range(staff):
    AssetFactory(audio_length=5.0)
    middle = AssetFactory(audio_length=10.0)
    AssetFactory(audio_length=15.0)
    assert listed_ids(staff.get("/api/2/assets/?audiolength__gte=7.5&audiolength__lte=12.25")) == [middle.id]


@pytest.mark.parametrize("field", ["created", "updated"])
@pytest.mark.parametrize("query, expected", [
    ("__lte=2024-01-01T11:00:00Z", ["early"]),
    ("__lte=2024-01-01T10:00:00Z", ["early"]),  # inclusive
    ("__lte=2024-01-01T13:00:00%2B02:00", ["early"]),  # 11:00 UTC
    ("__gte=2024-01-01T13:00:00%2B02:00", ["late"]),
    ("__gte=2024-01-01T07:00:00-04:00", ["late"]),  # 11:00 UTC
    ("__gte=2024-01-01T12:00:00Z", ["late"]),  # inclusive
    ("__gte=2024-01-01T09:00:00", ["early", "late"]),
    ("__lte=2024-01-01T09:00:00Z", []),
])
def test_filter_datetimes_with_z_and_offsets(staff, field, query, expected):
    assets = {"early": AssetFactory(**{field: datetime(2024, 1, 1, 10, 0)}),
              "late": AssetFactory(**{field: datetime(2024, 1, 1, 12, 0)})}
    assert listed_ids(staff.get(f"/api/2/assets/?{field}{query}")) == [assets[name].id for name in expected]


def test_filter_datetime_with_space_and_fraction(staff):
    early = AssetFactory(created=datetime(2024, 1, 1, 10, 0, 0, 250000))
    AssetFactory(created=datetime(2024, 1, 1, 10, 0, 0, 750000))
    assert listed_ids(staff.get("/api/2/assets/?created__lte=2024-01-01 10:00:00.5")) == [early.id]
    assert listed_ids(staff.get("/api/2/assets/?created__lte=2024-01-01T10:00:00.5Z")) == [early.id]


def test_filter_by_a_date_alone_counts_from_its_midnight(staff):
    AssetFactory(created=datetime(2023, 12, 31, 23, 59))
    new_year = AssetFactory(created=datetime(2024, 1, 1, 0, 0, 1))
    assert listed_ids(staff.get("/api/2/assets/?created__gte=2024-01-01")) == [new_year.id]


def test_filter_invalid_datetime_is_400(staff):
    response = staff.get("/api/2/assets/?created__lte=yesterday")
    assert response.status_code == 400 and "created__lte" in response.json


@pytest.mark.parametrize("param", ["tag_ids", "tag_ids_or", "tags", "envelope_ids"])
def test_filter_non_integer_ids_is_400(staff, param):
    response = staff.get(f"/api/2/assets/?{param}=abc")
    assert response.status_code == 400 and param in response.json


def test_filter_unknown_language_matches_nothing(staff, english):
    AssetFactory(language_id=english.id)
    assert listed_ids(staff.get("/api/2/assets/?language=xx")) == []


def test_filter_description_is_case_insensitive_substring(staff):
    wanted = AssetFactory(description="Rain on the ROOF")
    AssetFactory(description="Wind")
    assert listed_ids(staff.get("/api/2/assets/?description=roof")) == [wanted.id]


def test_filter_filename_is_case_insensitive_substring(staff):
    wanted = AssetFactory(filename="Birds-at-dawn.mp3")
    AssetFactory(filename="traffic.mp3")
    assert listed_ids(staff.get("/api/2/assets/?filename=BIRDS")) == [wanted.id]


def test_text_filter_searches_description_and_filename(staff):
    by_description = AssetFactory(description="a Harbour at night", filename="one.mp3")
    by_filename = AssetFactory(description="", filename="harbour-2.mp3")
    AssetFactory(description="forest", filename="forest.mp3")
    assert listed_ids(staff.get("/api/2/assets/?text_filter=harbour")) == [by_description.id, by_filename.id]


def test_filter_wildcards_are_literal(staff):
    wanted = AssetFactory(description="100% rain")
    AssetFactory(description="100 rain")
    assert listed_ids(staff.get("/api/2/assets/?description=100%25")) == [wanted.id]


@pytest.mark.parametrize("field, value, query", [
    ("first_name", "Adalind", "adal"), ("last_name", "Lovelace", "LOVE"),
    ("email", "ada@analytical.org", "analytical"), ("username", "countess42", "tess4"),
])
def test_user_str_searches_uploader_names_email_and_username(staff, field, value, query):
    uploader = UserFactory(**{field: value})
    wanted = AssetFactory(user_id=uploader.id)
    AssetFactory(user_id=UserFactory().id)
    AssetFactory()
    assert listed_ids(staff.get(f"/api/2/assets/?user_str={query}")) == [wanted.id]


def test_filters_combine(staff, project):
    tag = TagFactory()
    wanted = AssetFactory(project_id=project.id, tags=[tag], mediatype="audio")
    AssetFactory(project_id=project.id, tags=[tag], mediatype="photo")
    AssetFactory(project_id=project.id, mediatype="audio")
    AssetFactory(tags=[tag], mediatype="audio")
    response = staff.get(f"/api/2/assets/?project_id={project.id}&tag_ids={tag.id}&mediatype=audio")
    assert listed_ids(response) == [wanted.id]


# --- ordering --------------------------------------------------------------------------------

def test_default_order_is_by_id(staff):
    created = [AssetFactory(weight=w).id for w in (30, 10, 20)]
    assert listed_ids(staff.get("/api/2/assets/")) == sorted(created)


def test_ordering_descending_id(staff):
    created = [AssetFactory().id for _ in range(3)]
    assert listed_ids(staff.get("/api/2/assets/?ordering=-id")) == sorted(created, reverse=True)


@pytest.mark.parametrize("key, attribute", [("weight", "weight"), ("audiolength", "audio_length"),
                                            ("volume", "volume")])
def test_ordering_by_column(staff, key, attribute):
    values = {AssetFactory(**{attribute: v}).id: v for v in (30, 10, 20)}
    expected = sorted(values, key=values.get)
    assert listed_ids(staff.get(f"/api/2/assets/?ordering={key}")) == expected
    assert listed_ids(staff.get(f"/api/2/assets/?ordering=-{key}")) == list(reversed(expected))


def test_ordering_by_session_id(staff):
    sessions = [SessionFactory() for _ in range(3)]
    assets = [AssetFactory(session_id=s.id) for s in reversed(sessions)]
    assert listed_ids(staff.get("/api/2/assets/?ordering=session_id")) == [a.id for a in reversed(assets)]


def test_ordering_by_several_keys(staff):
    a = AssetFactory(weight=10)
    b = AssetFactory(weight=20)
    c = AssetFactory(weight=10)
    assert listed_ids(staff.get("/api/2/assets/?ordering=-weight,-id")) == [b.id, c.id, a.id]
    assert listed_ids(staff.get("/api/2/assets/?ordering=weight,id")) == [a.id, c.id, b.id]


def test_unknown_ordering_field_is_ignored(staff):
    a = AssetFactory(weight=20)
    b = AssetFactory(weight=10)
    assert listed_ids(staff.get("/api/2/assets/?ordering=bogus")) == [a.id, b.id]
    assert listed_ids(staff.get("/api/2/assets/?ordering=bogus,weight")) == [b.id, a.id]


@pytest.mark.parametrize("key, attribute", [("audio_length_in_seconds", "audio_length"), ("latitude", "latitude"),
                                            ("longitude", "longitude")])
def test_admin_column_ordering(staff, key, attribute):
    values = {AssetFactory(**{attribute: v}).id: v for v in (30.5, 10.5, 20.5)}
    expected = sorted(values, key=values.get)
    assert listed_ids(staff.get(f"/api/2/assets/?admin=1&ordering={key}")) == expected
    assert listed_ids(staff.get(f"/api/2/assets/?admin=1&ordering=-{key}")) == list(reversed(expected))


def test_admin_orders_by_created_and_submitted(staff):
    older = AssetFactory(submitted=True, created=datetime(2026, 1, 1))
    newer = AssetFactory(submitted=False, created=datetime(2026, 6, 1))
    assert listed_ids(staff.get("/api/2/assets/?admin=1&ordering=-created")) == [newer.id, older.id]
    assert listed_ids(staff.get("/api/2/assets/?admin=1&ordering=submitted")) == [newer.id, older.id]


# --- pagination ------------------------------------------------------------------------------

def test_list_is_a_bare_array_with_every_asset_by_default(staff, project):
    created = [AssetFactory(project_id=project.id).id for _ in range(25)]
    response = staff.get("/api/2/assets/")
    assert isinstance(response.json, list) and listed_ids(response) == created


def test_paginate_true_wraps_the_first_20_in_an_envelope(staff, project):
    created = [AssetFactory(project_id=project.id).id for _ in range(25)]
    body = staff.get("/api/2/assets/?paginate=true").json
    assert list(body) == ["count", "next", "previous", "results"]
    assert body["count"] == 25 and body["previous"] is None
    assert [a["id"] for a in body["results"]] == created[:20]
    assert list(body["results"][0]) == ASSET_KEYS


def test_second_page_has_the_rest_and_no_next(staff, project):
    created = [AssetFactory(project_id=project.id).id for _ in range(25)]
    body = staff.get("/api/2/assets/?paginate=true&page=2").json
    assert [a["id"] for a in body["results"]] == created[20:] and body["next"] is None


@pytest.mark.parametrize("value", ["1", "yes"])
def test_paginate_accepts_1_and_yes(staff, value):
    AssetFactory()
    response = staff.get(f"/api/2/assets/?paginate={value}")
    assert response.status_code == 200 and isinstance(response.json, dict) and response.json["count"] == 1


def test_paginate_false_is_a_bare_array(staff):
    AssetFactory()
    assert isinstance(staff.get("/api/2/assets/?paginate=false").json, list)


def test_page_links_are_absolute_from_public_url_and_keep_the_other_arguments(staff, project):
    for _ in range(5):
        AssetFactory(project_id=project.id)
    # The Host header is the client's to choose; links come from PUBLIC_URL.
    body = staff.get(f"/api/2/assets/?project_id={project.id}&paginate=true&page_size=2&page=2",
                     headers={"Host": "evil.example"}).json
    for link, page in ((body["next"], "3"), (body["previous"], "1")):
        parts = urlsplit(link)
        assert (parts.scheme, parts.netloc, parts.path) == ("http", "127.0.0.1:8888", "/api/2/assets/")
        assert parse_qs(parts.query) == {"page": [page], "page_size": ["2"], "paginate": ["true"],
                                         "project_id": [str(project.id)]}


def test_page_links_keep_repeated_arguments(staff):
    t1, t2 = TagFactory(), TagFactory()
    for _ in range(3):
        AssetFactory(tags=[t1])
    body = staff.get(f"/api/2/assets/?paginate=true&page_size=1&tags={t1.id}&tags={t2.id}").json
    assert body["count"] == 3
    assert parse_qs(urlsplit(body["next"]).query)["tags"] == [str(t1.id), str(t2.id)]


def test_page_size_sets_the_page_length(staff, project):
    created = [AssetFactory(project_id=project.id).id for _ in range(5)]
    body = staff.get("/api/2/assets/?paginate=true&page_size=2&page=3").json
    assert body["count"] == 5 and [a["id"] for a in body["results"]] == created[4:]


def test_page_size_up_to_10000_is_accepted(staff):
    AssetFactory()
    response = staff.get("/api/2/assets/?paginate=true&page_size=10000")
    assert response.status_code == 200 and response.json["count"] == 1


def test_page_size_above_10000_is_400(staff):
    response = staff.get("/api/2/assets/?paginate=true&page_size=10001")
    assert response.status_code == 400 and "page_size" in response.json


def test_page_out_of_range_is_404(staff):
    AssetFactory()
    response = staff.get("/api/2/assets/?paginate=true&page=2")
    assert response.status_code == 404


def test_first_page_of_nothing_is_an_empty_envelope(staff):
    body = staff.get("/api/2/assets/?paginate=true").json
    assert body == {"count": 0, "next": None, "previous": None, "results": []}


def test_pagination_respects_filters_and_ordering(staff, project):
    created = [AssetFactory(project_id=project.id).id for _ in range(3)]
    AssetFactory()
    body = staff.get(f"/api/2/assets/?paginate=1&page_size=2&project_id={project.id}&ordering=-id").json
    assert body["count"] == 3 and [a["id"] for a in body["results"]] == created[:0:-1]


def test_paginated_count_only_counts_visible_assets(participant):
    AssetFactory(submitted=False)
    public = AssetFactory()
    body = participant.get("/api/2/assets/?paginate=true").json
    assert body["count"] == 1 and [a["id"] for a in body["results"]] == [public.id]


@pytest.mark.parametrize("page", ["0", "abc"])
def test_invalid_page_is_400(staff, page):
    response = staff.get(f"/api/2/assets/?paginate=true&page={page}")
    assert response.status_code == 400 and "page" in response.json
