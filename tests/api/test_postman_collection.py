"""The roundware-server Postman collection (tests/fixtures/postman/, see its README) run against this server.

Every request of the collection is sent once, as Postman sends it, to a database seeded with the rows it
names by id: the roundware-server sample project (roundware/rw/fixtures/sample_project.json: languages 1-2,
project 1, sessions 1-2, tags 3..25, UI groups 1..8, asset 1, envelope 1, speaker 1, audiotrack 1) plus the
rows the collection's author had added (project 8, tag 26, UI group 13, vote 2...). Each request is a test
case that expects a 2xx, except the few of EXPECTED_REFUSALS, which the original server refuses as well.

How a request is sent:
- `{{host}}:{{api_port}}` (and the one request hard-coded to roundware.dyndns.org) becomes the Flask test
  client; path and query string are kept exactly, blank filters (`?session_id&media_type=`) included.
- `{{token}}` (and the other server's literal token in `assets/random/`) is a staff user's token,
  `{{session_id}}` is session 1, `{{stream_id}}` the id `POST streams/` answered.
- Bodies are sent in their Postman mode (GET bodies too, as Postman does): raw as given, form-data as
  multipart with the enabled fields, a file field carrying a small real file (a WAV tone, or a JPEG for
  `landmarking2.jpg`). A form-data body is multipart whatever Content-Type header the collection sets.
- The collection leaves the order to the runner and its deletes remove rows later requests use
  (`DELETE projects/2/` before `POST sessions/` into project 2, `DELETE assets/1/` before the timed asset
  and vote updates naming asset 1): it runs in two ordered groups, every other request in collection
  order, then the deletes in collection order.
- The original starts a live stream on `POST streams/`: here a fake render node (a Liquidsoap telnet
  stand-in that answers every command) takes it, so the stream commands act on a live stream; what they
  queue for the stream workers is never run.
"""
import io
import json
import re
import traceback
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import text
from werkzeug.datastructures import MultiDict

from rwflask.extensions import db
from rwflask.models import Base, Event, ListenEvent
from tests.conftest import ApiClient, _empty_database
from tests.factories import (AssetFactory, AudiotrackFactory, EnvelopeFactory, LanguageFactory,
                             LocalizedStringFactory, ProjectFactory, SessionFactory, SpeakerFactory, StaffFactory,
                             TagCategoryFactory, TagFactory, TagRelationshipFactory, TimedAssetFactory,
                             UIGroupFactory, UIItemFactory, VoteFactory, square)
from tests.support import audio
from tests.support.fake_liquidsoap import FakeLiquidsoap

COLLECTION = Path(__file__).parent.parent / "fixtures" / "postman" / "RW-api2.postman_collection.json"
SESSION_ID = 1  # {{session_id}}: the sample project's session


@dataclass(frozen=True)
class Refusal:
    """A request the original refuses too: the status this server answers, and why."""

    status: int
    why: str


# (method, path and query as the collection sends them) -> how this server refuses, like the original.
EXPECTED_REFUSALS = {
    ("POST", "assets/"): Refusal(
        400, "Sends `envelope_id`, not `envelope_ids`: the original of the collection's time answers 400 "
             "\"session_id required\" (the later one fails on the missing envelope_ids, a 500); here 400 naming "
             "envelope_ids."),
    ("PATCH", "languages/6/"): Refusal(
        400, 'Sets language_code "en", which language 1 (English) already has: the original refuses any '
             'language_code already in the database ("language_code already exists in database").'),
    ("PATCH", "sessions/1/"): Refusal(
        405, 'The "HOLD" request: the original SessionViewSet has no partial_update (405 there too).'),
    ("POST", "streams/1/replayasset/"): Refusal(
        400, "Project 1 has several audiotracks by then (the sample one, audiotrack 2 moved into it, the one "
             "POST audiotracks/ created): the original refuses too, \"this operation is only valid for "
             "projects with 1 audiotrack\"."),
}

# Requests the original refuses that this server answers (documented here, checked as any other 2xx).
ANSWERED_THOUGH_THE_ORIGINAL_REFUSES = {
    ("GET", "projects/1/uigroups/?name&ui_mode=listen&tag_category_id&select&active=true&index"):
        "Without session_id the later original fails (500: `session` unbound in ProjectViewSet.uigroups); the "
        "original of the collection's time and this server answer in English.",
    ("POST", "streams/1/skip/"): "The original's route is skipasset/ (skip/ is a 404 there); here skip/ is an "
                                 "alias of skipasset/.",
}


# --- the collection --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class PostmanRequest:
    """One request of the collection, with the variables it uses left in place."""

    index: int
    name: str
    method: str
    url: str  # path and query under /api/2/, e.g. "assets/?session_id&media_type="
    headers: dict
    body: dict | None

    @property
    def test_id(self) -> str:
        return f"{self.index:02d}-{self.method}-{self.name}".replace(" ", "")


def _items(items):
    for item in items:
        if "item" in item:
            yield from _items(item["item"])
        else:
            yield item


def _api_url(url) -> str:
    raw = url if isinstance(url, str) else url["raw"]
    return raw.split("/api/2/", 1)[1]


def load_collection() -> list[PostmanRequest]:
    """Every request of the collection, in its order."""
    collection = json.loads(COLLECTION.read_text())
    return [PostmanRequest(index, item["name"], item["request"]["method"], _api_url(item["request"]["url"]),
                           {h["key"]: h["value"] for h in item["request"].get("header", [])},
                           item["request"].get("body") or None)
            for index, item in enumerate(_items(collection["item"]))]


REQUESTS = load_collection()


def substitute(value: str, variables: dict) -> str:
    """Replace the collection's `{{name}}` variables."""
    return re.sub(r"\{\{(\w+)\}\}", lambda m: str(variables[m.group(1)]), value)


def execution_order(requests: list[PostmanRequest]) -> list[PostmanRequest]:
    """Every request but the deletes in collection order, then the deletes in collection order."""
    return ([r for r in requests if r.method != "DELETE"] + [r for r in requests if r.method == "DELETE"])


# --- the database the collection was written against ---------------------------------------------------------------

def seed_dataset():
    """The rows the collection names by id (the sample project and the author's additions), committed."""
    english = LanguageFactory(id=1, language_code="en", name="English")
    spanish = LanguageFactory(id=2, language_code="es", name="Spanish")
    LanguageFactory(id=4, language_code="de", name="German")
    LanguageFactory(id=6, language_code="it", name="Italian")
    strings = {}
    for string_id, language, text_ in [
            (5, english, "male"), (6, spanish, "hombre"), (7, english, "female"), (8, spanish, "mujer"),
            (9, english, "Why are you using Roundware?"), (10, spanish, "¿Por qué utiliza Roundware?"),
            (15, english, "Artist"), (16, spanish, "Artista"), (17, english, "Visitor"), (18, spanish, "Visitante"),
            (41, english, "Leave feedback"), (42, spanish, "Dejar comentario"),
            (43, english, "Respond to something you've heard."),
            (44, spanish, "Responde sobre algo que has escuchado."),
            (47, english, "You are out of range of this Roundware project."),
            (48, spanish, "Está fuera del alcance de este proyecto Roundware."),
            (49, english, "Check out this awesome recording I made using Roundware!"),
            (50, spanish, "Echa un vistazo a este impresionante grabación que hice usando Roundware!"),
            (53, english, "Herein should be the brief legal agreement."),
            (54, spanish, "En esto debería ser el acuerdo legal."),
            (55, english, "What genders do you want to listen to?"), (56, spanish, "¿Qué géneros quieres escuchar?"),
            (57, english, "Curator"), (58, english, "recent recordings"), (59, english, "nearby recordings"),
            (60, english, "Who do you want to hear?"), (61, english, "Who are you?"),
            (62, english, "What do you want to talk about?"), (63, english, "What do you want to listen to?"),
            (64, english, "What gender are you?"),
            (70, english, "a string to delete"), (71, english, "Roundware string to patch")]:
        strings[string_id] = LocalizedStringFactory(id=string_id, language=language, localized_string=text_)

    def loc(*ids):
        return [strings[i] for i in ids]

    project = ProjectFactory(
        id=1, name="Test Project", latitude=1.0, longitude=1.0, auto_submit=True, max_recording_length=30,
        sharing_url="http://roundware.org/r/eid=[id]", out_of_range_url="http://example.org/mg_outofrange.mp3",
        recording_radius=2000, listen_enabled=True, geo_listen_enabled=True, speak_enabled=True,
        geo_speak_enabled=True, out_of_range_distance=10000.0, languages=[english, spanish],
        sharing_message_loc=loc(49, 50), out_of_range_message_loc=loc(47, 48), legal_agreement_loc=loc(53, 54),
        demo_stream_message_loc=loc(47, 48))
    ProjectFactory(id=2, name="Project to delete", languages=[english, spanish])
    m2m = ProjectFactory(id=8, name="M2M Test", languages=[english])

    admin = StaffFactory(id=1, username="admin")
    SessionFactory(id=1, user=admin, device_id="session-for-admin-uploads", project=project, language=english)
    SessionFactory(id=2, user=admin, device_id="test-session", project=project, language=english)
    SessionFactory(id=3, user=admin, device_id="another-session", project=project, language=spanish,
                   geo_listen_enabled=False, demo_stream_enabled=True)

    categories = {category_id: TagCategoryFactory(id=category_id, name=name)
                  for category_id, name in [(2, "question"), (3, "gender"), (4, "usertype"), (6, "admin"),
                                            (7, "channel"), (9, "category to patch"), (11, "category to delete")]}
    tags = {}
    for tag_id, category, value, description, data, messages in [
            (3, 3, "male", "male", "class=tag-one", (5, 6)), (4, 3, "female", "female", "class=tag-one", (7, 8)),
            (5, 2, "Why RW?", "Why are you using Roundware?", "class=tag-one", (9, 10)),
            (8, 4, "Artist", "Artist", "class=tag-one", (15, 16)),
            (9, 4, "Visitor", "Visitor", "class=tag-one", (17, 18)),
            (21, 6, "feedback", "Leave feedback", "", (41, 42)),
            (22, 2, "respond", "Respond to something you've heard.", "class=tag-one", (43, 44)),
            (23, 4, "curator", "curator", "class=tag-one", (57,)),
            (24, 7, "recent", "recent", "", (58,)), (25, 7, "nearby", "nearby", "", (59,)),
            (26, 3, "tag to get", "tag to get", "", ()), (28, 3, "tag to patch", "tag to patch", "", ()),
            (30, 3, "tag to delete", "tag to delete", "", ()), (50, 2, "listen tag", "listen tag", "", ())]:
        tags[tag_id] = TagFactory(id=tag_id, project=project, tag_category=categories[category], value=value,
                                  description=description, data=data, loc_msg=loc(*messages))
    TagRelationshipFactory(id=1, tag_id=3, parent_id=None)
    TagRelationshipFactory(id=16, tag_id=4, parent_id=1)

    groups = {}
    for group_id, name, mode, category, select, index, header in [
            (1, "What genders do you want to listen to?", "listen", 3, "min_one", 1, (55, 56)),
            (3, "What do you want to listen to?", "listen", 2, "min_one", 3, (63,)),
            (4, "What gender are you?", "speak", 3, "single", 1, (64,)),
            (6, "What do you want to talk about?", "speak", 2, "single", 3, (62,)),
            (7, "Who do you want to hear?", "listen", 4, "min_one", 2, (60,)),
            (8, "Who are you?", "speak", 4, "single", 2, (61,)),
            (9, "UI group to delete", "browse", 7, "single", 1, ()),
            (13, "UI group to patch", "browse", 6, "single", 2, ())]:
        groups[group_id] = UIGroupFactory(id=group_id, project=project, name=name, ui_mode=mode,
                                          tag_category=categories[category], select=select, index=index,
                                          header_text_loc=loc(*header))
    for item_id, group, index, tag, default in [
            (1, 1, 2, 3, True), (2, 1, 1, 4, True), (5, 3, 1, 5, True), (8, 4, 2, 3, False), (9, 4, 1, 4, False),
            (12, 6, 1, 5, False), (15, 7, 1, 8, True), (16, 7, 2, 9, True), (17, 8, 1, 9, False),
            (53, 8, 2, 8, False), (54, 3, 2, 22, True), (55, 6, 2, 22, False), (56, 3, 3, 50, False),
            (58, 3, 4, 50, False)]:
        UIItemFactory(id=item_id, ui_group=groups[group], index=index, tag=tags[tag], default=default, active=True)

    AudiotrackFactory(id=1, project=project, minvolume=1.0, maxvolume=1.0, minpanpos=0.0, maxpanpos=0.0)
    AudiotrackFactory(id=2, project=m2m)
    AudiotrackFactory(id=3, project=m2m)
    SpeakerFactory(id=1, project=project, code="1", maxvolume=0.5, shape=square(1.0, 1.0, 0.5),
                   uri="http://example.org/scapes1.mp3", attenuation_distance=10000)
    SpeakerFactory(id=2, project=project, code="2", shape=square(1.0, 1.0, 0.1))

    assets = {}
    for asset_id in (1, 2, 3, 24):
        assets[asset_id] = AssetFactory(id=asset_id, project_id=1, session_id=1, latitude=1.0, longitude=1.0,
                                        language_id=1, audio_length=30.0, end_time=30.0,
                                        tags=[tags[3], tags[5], tags[8]] if asset_id == 1 else [])
    envelope = EnvelopeFactory(id=1, session_id=1)
    envelope.assets.append(assets[1])
    db.session.commit()
    TimedAssetFactory(id=1, asset_id=1, project_id=1, start=0.0, end=30.0)
    TimedAssetFactory(id=2, asset_id=2, project_id=1, start=30.0, end=60.0)
    VoteFactory(id=1, session_id=1, asset_id=1, voter_id=1, type="like")
    VoteFactory(id=2, session_id=1, asset_id=2, voter_id=1, type="flag")
    db.session.add(Event(id=1, session_id=1, event_type="start_session", tags="8"))
    db.session.add(ListenEvent(id=1, session_id=1, asset_id=1, duration=20.0))
    db.session.commit()
    _restart_id_sequences()
    return admin


def _restart_id_sequences():
    """On PostgreSQL, have every id sequence continue after the ids given explicitly above."""
    if db.engine.dialect.name != "postgresql":
        return
    for table in Base.metadata.sorted_tables:
        if "id" not in table.c or not table.c.id.primary_key:
            continue
        sequence = db.session.scalar(text("SELECT pg_get_serial_sequence(:table, 'id')"), {"table": table.name})
        if sequence:
            next_id = f'(SELECT COALESCE(MAX(id), 0) + 1 FROM "{table.name}")'
            db.session.execute(text(f"SELECT setval(:sequence, {next_id}, false)"), {"sequence": sequence})
    db.session.commit()


# --- sending the requests ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Answer:
    """What one request got: its status and body (the traceback when the server raised)."""

    status: int
    body: object


def _file_part(field: dict, media_dir: Path):
    if field.get("src", "").endswith(".jpg"):
        return io.BytesIO(audio.jpeg(media_dir).read_bytes()), field["src"], "image/jpeg"
    return io.BytesIO(audio.tone(media_dir, "wav", seconds=1.0).read_bytes()), "recording.wav", "audio/wav"


def send(client: ApiClient, request: PostmanRequest, variables: dict, media_dir: Path):
    """Send one request the way Postman would (see the module's description)."""
    headers = {key: substitute(value, variables) for key, value in request.headers.items()}
    if "Authorization" in headers:
        headers["Authorization"] = f"token {variables['token']}"
    kwargs = {}
    mode = (request.body or {}).get("mode")
    if mode == "raw" and request.body["raw"]:
        kwargs["data"] = substitute(request.body["raw"], variables).encode()
    elif mode == "formdata":
        headers.pop("Content-Type", None)
        form = MultiDict()
        for field in request.body["formdata"]:
            if field.get("disabled"):
                continue
            value = _file_part(field, media_dir) if field.get("type") == "file" else substitute(field["value"],
                                                                                             variables)
            form.add(field["key"], value)
        kwargs.update(data=form, content_type="multipart/form-data")
    if "Content-Type" in headers and "content_type" not in kwargs:
        kwargs["content_type"] = headers.pop("Content-Type")
    return client.open(request.method, "/api/2/" + substitute(request.url, variables), headers=headers, **kwargs)


def _remember_stream_id(answer: Answer, variables: dict) -> None:
    """`POST streams/` answered: "add {{stream_id}} to env", as its description says."""
    variables["stream_id"] = answer.body["stream_id"]


AFTER = {("POST", "streams/"): _remember_stream_id}


def _answer(response) -> Answer:
    if not response.data:
        return Answer(response.status_code, None)
    return Answer(response.status_code, response.json if response.is_json else response.data[:500])


def run_collection(app, media_dir: Path) -> dict:
    """Seed the database and send every request; each one's answer by collection index."""
    client = ApiClient(app.test_client(), seed_dataset())
    variables = {"token": client.headers["Authorization"].split()[1], "session_id": SESSION_ID}
    client.headers = {}  # each request carries the collection's headers (POST users/ goes without a token)
    results = {}
    for request in execution_order(REQUESTS):
        try:
            answer = _answer(send(client, request, variables, media_dir))
        except Exception:  # noqa: BLE001 - an unhandled error is this request's (failed) answer
            db.session.rollback()
            answer = Answer(500, traceback.format_exc())
        results[request.index] = answer
        after = AFTER.get((request.method, request.url))
        if after is not None and 200 <= answer.status < 300:
            after(answer, variables)
    return results


@pytest.fixture(scope="module")
def answers(app, tmp_path_factory):
    """The whole collection sent once, with a render node and a media folder of its own; the database is
    emptied afterwards."""
    media_dir = tmp_path_factory.mktemp("postman-media")
    try:
        with pytest.MonkeyPatch.context() as patch, FakeLiquidsoap(unknown="ok") as node, app.app_context():
            patch.setitem(app.config, "MEDIA_ROOT", str(tmp_path_factory.mktemp("postman-media-root")))
            patch.setitem(app.config, "RENDER_NODES", f"postman=127.0.0.1:{node.port}")
            try:
                results = run_collection(app, media_dir)
            finally:
                db.session.remove()
        yield results
    finally:
        with app.app_context():
            _empty_database()


def refusal_of(request: PostmanRequest) -> Refusal | None:
    return EXPECTED_REFUSALS.get((request.method, substitute(request.url, {"session_id": SESSION_ID,
                                                                              "stream_id": SESSION_ID})))


ANSWERED = [r for r in REQUESTS if refusal_of(r) is None]
REFUSED = [r for r in REQUESTS if refusal_of(r) is not None]


# --- the tests ------------------------------------------------------------------------------------------------------

def test_collection_is_the_93_requests_of_roundware_server_with_five_variables():
    used = set(re.findall(r"\{\{(\w+)\}\}", COLLECTION.read_text()))

    assert len(REQUESTS) == 93
    assert used == {"host", "api_port", "token", "session_id", "stream_id"}


def test_every_documented_refusal_names_a_request_of_the_collection():
    sent = {(r.method, substitute(r.url, {"session_id": SESSION_ID, "stream_id": SESSION_ID})) for r in REQUESTS}

    assert set(EXPECTED_REFUSALS) <= sent and set(ANSWERED_THOUGH_THE_ORIGINAL_REFUSES) <= sent
    assert all(not 200 <= refusal.status < 300 for refusal in EXPECTED_REFUSALS.values())


@pytest.mark.parametrize("request_", ANSWERED, ids=lambda r: r.test_id)
def test_request_the_original_answers_is_answered_2xx(answers, request_):
    answer = answers[request_.index]

    assert 200 <= answer.status < 300, f"{request_.method} {request_.url} -> {answer.status}: {answer.body}"


@pytest.mark.parametrize("request_", REFUSED, ids=lambda r: r.test_id)
def test_request_the_original_refuses_is_refused_with_a_detail(answers, request_):
    answer = answers[request_.index]

    assert answer.status == refusal_of(request_).status, f"{request_.url} -> {answer.status}: {answer.body}"
    assert isinstance(answer.body, dict) and answer.body.get("detail"), answer.body
