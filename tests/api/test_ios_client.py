"""The official iOS client, roundware-ios-framework-v2 (master, ceb9664, pod "Roundware" 0.4.0), replayed call by
call as its Swift code builds them, then every field it decodes checked against the Swift type it decodes into.

Swift references are files of RWFramework/RWFramework/ in that repository. What the framework does:
- JSON bodies (RWFrameworkHTTP.swift:253-281, USE_AMPERSAND_EQUALS is not defined): numbers stay JSON numbers
  (session_id, project_id are NSNumber) but coordinates are already strings ("42.0", "" when unknown) and tag_ids
  a comma string ("3,5", "3," or even ",").
- Queries built from [String: String] dictionaries end with `&` (RWFrameworkURLFactory.swift:102-114); the
  project, tags, uiconfig, uigroups and blocked URLs are written by hand, without one (lines 29-66).
- Only status 200 fulfils a promise, for GET, POST, PATCH and uploads alike (RWFrameworkHTTP.swift:319-358):
  a 201 is a failure to the framework.
- The recording is uploaded by a multipart PATCH envelopes/:id/ whose file part comes first and whose fields
  follow without a Content-Type, empty values left out (RWFrameworkHTTP.swift:148-221); the fields carry the
  phone's own user_id (RWFrameworkMedia.swift:83, RWFrameworkHTTP.swift:72-86).
- Responses are decoded by Codable structs: a missing or null non-optional field, or a value of another JSON type,
  fails the whole decode (and the framework then falls back to cached data or drops the list).
The current framework mixes on the phone: it makes no streams/ or listenevents/ calls (removed in 4d92887).
"""
import io
import re
import uuid
from datetime import timedelta

import pytest

from rwflask.models.base import utcnow
from tests.conftest import ApiClient, _rolled_back
from tests.factories import (AssetFactory, AudiotrackFactory, ProjectFactory, SessionFactory, SpeakerFactory,
                             TagCategoryFactory, TagFactory, TimedAssetFactory, UIGroupFactory, UIItemFactory,
                             VoteFactory, square)
from tests.support import audio

# --- a tiny Codable checker ---------------------------------------------------------------------------------------

# RWFramework.swift:384-416: dates are decoded with "yyyy-MM-dd'T'HH:mm:ss.SSS" or "yyyy-MM-dd'T'HH:mm:ss" in UTC:
# a DateFormatter parses the whole string, so a timezone suffix ("Z", "+00:00") fails the decode.
SWIFT_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?$")
# GEOSwift 5 (Roundware.podspec) decodes a Geometry from a GeoJSON geometry object.
GEOJSON_TYPES = {"Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon",
                 "GeometryCollection"}


def _is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


def _is_number(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _is_geometry(v):
    if not isinstance(v, dict) or v.get("type") not in GEOJSON_TYPES:
        return False
    if v["type"] == "GeometryCollection":
        return isinstance(v.get("geometries"), list) and all(_is_geometry(g) for g in v["geometries"])
    return isinstance(v.get("coordinates"), list)


SCALARS = {
    "Int": _is_int,
    "Double": _is_number,
    "Float": _is_number,
    "String": lambda v: isinstance(v, str),
    "Bool": lambda v: isinstance(v, bool),
    "Date": lambda v: isinstance(v, str) and bool(SWIFT_DATE.match(v)),
    "Geometry": _is_geometry,
}


def decode_errors(value, swift_type, where="$") -> list[str]:
    """What would make Swift's JSONDecoder fail decoding `value` as `swift_type`.

    `swift_type` is a scalar name of SCALARS, `[T]` (an array of T, a list of one element here) or a model table
    (a dict field -> type; a type ending in `?` is Optional: absent or null is fine, another JSON type is not).
    """
    if isinstance(swift_type, list):
        if not isinstance(value, list):
            return [f"{where}: expected an array, got {value!r}"]
        return [e for i, item in enumerate(value) for e in decode_errors(item, swift_type[0], f"{where}[{i}]")]
    if isinstance(swift_type, dict):
        if not isinstance(value, dict):
            return [f"{where}: expected an object, got {value!r}"]
        errors = []
        for key, field_type in swift_type.items():
            is_optional = isinstance(field_type, str) and field_type.endswith("?")
            if isinstance(field_type, tuple):  # optional(...): (type, "?")
                field_type, is_optional = field_type[0], True
            if value.get(key) is None:
                if not is_optional:
                    errors.append(f"{where}.{key}: non-optional, got {'null' if key in value else 'nothing'}")
                continue
            errors += decode_errors(value[key], field_type.rstrip("?") if isinstance(field_type, str)
                                    else field_type, f"{where}.{key}")
        return errors
    if not SCALARS[swift_type](value):
        return [f"{where}: expected {swift_type}, got {value!r}"]
    return []


def optional(swift_type):
    """An Optional array or model field."""
    return swift_type, "?"


# --- the models, as the Swift code declares them ------------------------------------------------------------------

# RWFrameworkAPI.swift:428-432
USER = {"id": "Int?", "username": "String?", "token": "String?"}
# RWFrameworkAPI.swift:423-426
SESSION = {"id": "Int?", "timezone": "String?"}
# RWFrameworkAPI.swift:445-447
ENVELOPE = {"id": "Int"}
# Playlist/Project.swift:5-29
PROJECT = {"id": "Int", "name": "String", "recording_radius": "Double", "out_of_range_url": "String",
           "out_of_range_distance": "Double", "geo_listen_enabled": "Bool", "listen_enabled": "Bool",
           "speak_enabled": "Bool", "repeat_mode": "String", "ordering": "String", "latitude": "Double",
           "longitude": "Double"}
# RWFrameworkTags.swift:20-43 (the tag's location is not decoded)
RELATIONSHIP = {"id": "Int?", "tag_id": "Int?", "parent_id": "Int?"}
TAG = {"id": "Int", "value": "String?", "description": "String?", "data": "String?", "filter": "String?",
       "project_id": "Int", "tag_category_id": "Int", "description_loc": "String?", "msg_loc": "String?",
       "relationships": optional([RELATIONSHIP])}
# Playlist/AssetFilter.swift:337-370: the same tags/ answer decoded again, with `filter` non-optional, by `try!`
DYNAMIC_TAG = {"id": "Int", "filter": "String"}
# RWFrameworkTags.swift:47-68
UI_ITEM = {"id": "Int", "index": "Int", "default": "Bool", "active": "Bool", "ui_group_id": "Int?",
           "tag_id": "Int?", "parent_id": "Int?"}
UI_GROUP = {"id": "Int", "name": "String?", "ui_mode": "String?", "select": "String?", "active": "Bool",
            "index": "Int", "header_text_loc": "String?", "tag_category_id": "Int", "project_id": "Int",
            "ui_items": optional([UI_ITEM])}
# RWFrameworkTags.swift:72-76
TAG_CATEGORY = {"id": "Int", "name": "String?", "data": "String?"}
# RWFrameworkTags.swift:211-229
UI_CONFIG_ITEM = {"id": "Int", "tag_id": "Int", "parent_id": "Int?", "default_state": "Bool",
                  "tag_display_text": "String?"}
UI_CONFIG_GROUP = {"select": "String?", "group_short_name": "String?", "header_display_text": "String?",
                   "display_items": [UI_CONFIG_ITEM]}
UI_CONFIG = {"speak": [UI_CONFIG_GROUP], "listen": [UI_CONFIG_GROUP]}
# Playlist/Speaker.swift:12-42
SPEAKER = {"id": "Int", "uri": "String", "backupuri": "String", "attenuation_distance": "Double",
           "minvolume": "Float", "maxvolume": "Float", "shape": "Geometry", "attenuation_border": "Geometry"}
# Playlist/AudioTrack.swift:15-76: the vars with default values are still decoded (synthesized Decodable)
AUDIO_TRACK = {"id": "Int", "repeatrecordings": "Bool", "tag_filters": optional(["Int"]),
               "banned_duration": "Double", "start_with_silence": "Bool", "fadeout_when_filtered": "Bool",
               "timed_asset_priority": "String",
               **{f"{bound}{name}": "Float" for bound in ("min", "max")
                  for name in ("volume", "duration", "deadair", "fadeintime", "fadeouttime")}}
# Playlist/Asset.swift:10-42
ASSET = {"id": "Int", "tag_ids": ["Int"], "file": "String?", "audio_length_in_seconds": "Double?",
         "created": "Date", "weight": "Double", "description": "String", "submitted": "Bool?",
         "shape": "Geometry?", "longitude": "Double?", "latitude": "Double?", "start_time": "Double?",
         "end_time": "Double?"}
# Playlist/TimedAsset.swift:4-9
TIMED_ASSET = {"id": "Int", "asset_id": "Int", "start": "Double", "end": "Double"}
# Playlist/AssetFilter.swift:325-330
BLOCKED_ASSETS = {"blocked_asset_ids": ["Int"]}
# Playlist/SortMethod.swift:76-79
ASSET_VOTE = {"asset_id": "Int", "asset_votes": "Int"}
# Playlist/AudioTrack.swift:79-81 force-unwraps the AssetPriority case named by timed_asset_priority
ASSET_PRIORITIES = {"discard", "neutral", "lowest", "normal", "highest"}  # Playlist/AssetFilter.swift:11-21


# --- the replay ---------------------------------------------------------------------------------------------------

class Phone:
    """The framework's HTTP layer (RWFrameworkHTTP.swift): the token once it has one, JSON bodies; it keeps every
    answer (status and JSON) by the name of the call."""

    def __init__(self, client: ApiClient):
        self.client = client
        self.token = None
        self.calls = {}

    def _headers(self):
        # RWFrameworkHTTP.swift:178-181, 232-235, 262-265, 292-295: the header only once a token is saved
        return {"Authorization": f"token {self.token}"} if self.token else {}

    def _record(self, name, response):
        body = response.get_json(silent=True)
        self.calls[name] = (response.status_code, body)
        return body

    def get(self, name, path):
        """getData(from:), RWFrameworkHTTP.swift:284-298."""
        return self._record(name, self.client.get(path, headers=self._headers()))

    def post(self, name, path, body):
        """postData(to:postData:), RWFrameworkHTTP.swift:254-281: the dictionary through JSONSerialization."""
        return self._record(name, self.client.post(path, json=body, headers=self._headers()))

    def patch_file_and_data(self, name, path, recording, fields):
        """patchFileAndData(to:filePath:postData:), RWFrameworkHTTP.swift:148-221, byte for byte: the file part
        first, then a part without Content-Type for each field whose text is not empty."""
        boundary = f"Boundary-{str(uuid.uuid4()).upper()}"
        body = io.BytesIO()
        body.write(f"--{boundary}\r\n".encode())
        body.write(f'Content-Disposition: form-data; name="file"; filename="{recording.name}"\r\n'.encode())
        body.write(b"Content-Type: audio/x-m4a\r\n")  # the preferred MIME type of the .m4a UTI
        body.write(b"\r\n")
        body.write(recording.read_bytes())
        body.write(b"\r\n")
        for key, value in fields.items():
            if str(value) != "":
                body.write(f"--{boundary}\r\n".encode())
                body.write(f'Content-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode())
        body.write(f"--{boundary}--\r\n".encode())
        headers = {**self._headers(), "Content-Type": f"multipart/form-data; boundary={boundary}"}
        return self._record(name, self.client.patch(path, data=body.getvalue(), headers=headers))


def url_query(pairs: dict) -> str:
    """Dictionary.toUrlQuery(), RWFrameworkURLFactory.swift:102-114: `?` if the dictionary is not empty, then
    `key=value&` for each non-empty value (unescaped): every such query ends with `&`."""
    return ("?" if pairs else "") + "".join(f"{key}={value}&" for key, value in pairs.items() if value)


def swift_double(value: float) -> str:
    """A Swift Double's description ("42.0", "-71.0002"): how coordinates are written into bodies
    (RWFramework.swift:304-307, RWFrameworkHTTP.swift:215 interpolates the Double)."""
    return repr(float(value))


def session_timezone_seconds(timezone: str) -> int:
    """RWFrameworkAPI.swift:108-119: "-0500" -> -18000 (any first character but "+" counts as minus)."""
    sign = 1 if timezone[0] == "+" else -1
    return (int(timezone[1:3]) * 60 + int(timezone[3:])) * 60 * sign


def seed() -> dict:
    """A project as the app expects one: listen and speak UI groups with a default tag each (one listen tag with
    the dynamic filter the framework looks for), a speaker, a track, a published asset with a shape, timed, and
    liked by another listener."""
    project = ProjectFactory(latitude=42.0, longitude=-71.0, auto_submit=True)
    listen_category, speak_category = TagCategoryFactory(), TagCategoryFactory()
    listen_tags = [TagFactory(project=project, tag_category=listen_category),
                   TagFactory(project=project, tag_category=listen_category, filter="_ten_most_recent_days")]
    speak_tags = [TagFactory(project=project, tag_category=speak_category),
                  TagFactory(project=project, tag_category=speak_category)]
    listen = UIGroupFactory(project=project, tag_category=listen_category, ui_mode="listen")
    speak = UIGroupFactory(project=project, tag_category=speak_category, ui_mode="speak", select="single")
    for group, tags in ((listen, listen_tags), (speak, speak_tags)):
        for i, tag in enumerate(tags):
            UIItemFactory(ui_group=group, tag=tag, default=(i == 0))
    SpeakerFactory(project=project)
    AudiotrackFactory(project=project)
    yesterday = utcnow() - timedelta(days=1)
    published = AssetFactory(project_id=project.id, language_id=project.languages[0].id, tags=[listen_tags[0]],
                             description="", shape=square(42.0, -71.0), created=yesterday, updated=yesterday)
    TimedAssetFactory(asset_id=published.id, project_id=project.id)
    VoteFactory(session_id=SessionFactory(project=project).id, asset_id=published.id, type="like")
    return {"project": project.id, "listen_tags": [t.id for t in listen_tags],
            "speak_tags": [t.id for t in speak_tags], "published": published.id}


def replay(phone: Phone, world: dict, recording) -> dict:
    """The calls of one launch, one recording and some listening, in the framework's order."""
    api = "/api/2"
    project_id, published = world["project"], world["published"]
    listen_tag, speak_tag = world["listen_tags"][0], world["speak_tags"][0]  # the UI groups' defaults

    # Start: RWFrameworkAPI.swift:14-18 and RWFrameworkHTTP.swift:14-23 (identifierForVendor, UIDevice().model,
    # "<systemName> <systemVersion>"), without a token
    user = phone.post("users", f"{api}/users/", {"device_id": str(uuid.uuid4()).upper(), "client_type": "iPhone",
                                                 "client_system": "iOS 17.2"})
    phone.token = user["token"]  # RWFrameworkAPI.swift:56-69
    # RWFrameworkAPI.swift:76-89, RWFrameworkHTTP.swift:25-35: project_id an NSNumber, the timezone formatted
    # "ZZZ", the language the first part of the preferred one
    session = phone.post("sessions", f"{api}/sessions/", {"project_id": project_id, "timezone": "-0500",
                                                          "client_system": "iOS 17.2", "language": "en"})
    session_id = session["id"]
    # RWFrameworkAPI.swift:123-133, RWFrameworkURLFactory.swift:29-47: queries written by hand, no `&`
    phone.get("tags", f"{api}/projects/{project_id}/tags/?session_id={session_id}")
    phone.get("uiconfig", f"{api}/projects/{project_id}/uiconfig/?session_id={session_id}")
    phone.get("uigroups", f"{api}/projects/{project_id}/uigroups/?session_id={session_id}")
    phone.get("tagcategories", f"{api}/tagcategories/")
    phone.get("project", f"{api}/projects/{project_id}/?session_id={session_id}")

    # Playlist: Playlist.swift:199-223, speakers (408-416), tracks (488-493), the asset pool (569-593)
    phone.get("speakers", f"{api}/speakers/" + url_query({"project_id": str(project_id), "activeyn": "true"}))
    phone.get("audiotracks", f"{api}/audiotracks/" + url_query({"project_id": str(project_id)}))
    phone.get("assets", f"{api}/assets/" + url_query({"project_id": str(project_id), "media_type": "audio",
                                                      "language": "en", "submitted": "true"}))
    pool_date = utcnow()  # Playlist.swift:615: the pool is dated when the answer arrives
    # SortMethod.swift:63-74 and RWFrameworkHTTP.swift:126-132: the empty asset_id is left out of the query
    phone.get("votes_summary", f"{api}/votes/summary/" + url_query({"type": "like", "asset_id": "",
                                                                   "project_id": str(project_id)}))
    # Filters refreshed after each pool update (Playlist.swift:395-398): AssetFilter.swift:319-323 with the query
    # written by hand (RWFrameworkURLFactory.swift:65-67), and TimedAsset.swift:37-47
    phone.get("blocked", f"{api}/assets/blocked/?project_id={project_id}&session_id={session_id}")
    phone.get("timedassets", f"{api}/timedassets/" + url_query({"project_id": str(project_id)}))

    # Events: RWFramework.swift:320-326 and RWFrameworkAPI.swift:374-391: coordinates "" while the location is
    # 0 (no fix yet), client_time without a zone, tag_ids = the listen ids + "," + the speak ids
    phone.post("event_without_location", f"{api}/events/", {
        "session_id": session_id, "event_type": "client_error", "data": "apiGetAssets:  NSError = -1009",
        "latitude": "", "longitude": "", "client_time": "2024-03-01T12:00:09", "tag_ids": ","})
    phone.post("event", f"{api}/events/", {
        "session_id": session_id, "event_type": "start_listen", "data": "",
        "latitude": swift_double(42.0001), "longitude": swift_double(-71.0), "client_time": "2024-03-01T12:00:10",
        "tag_ids": f"{listen_tag},{speak_tag}"})

    # Recording: Recorder.swift:97-119 then 313-347
    envelope = phone.post("envelope", f"{api}/envelopes/", {"session_id": session_id})
    # RWFrameworkHTTP.swift:72-86: session_id an NSNumber, the Doubles of the location, the speak tags as
    # RWFrameworkTags.swift:368-380 joins them, the phone's own user_id (RWFrameworkMedia.swift:83), and the empty
    # description left out
    phone.patch_file_and_data("upload", f"{api}/envelopes/{envelope['id']}/", recording, {
        "session_id": session_id, "media_type": "audio", "latitude": swift_double(42.0001),
        "longitude": swift_double(-71.0002), "tag_ids": f"{speak_tag}", "user_id": user["id"], "description": ""})
    # Recorder.swift:117 refreshes the pool: only what changed since its date, written in the session's timezone
    # (Playlist.swift:578-585)
    since = pool_date + timedelta(seconds=session_timezone_seconds(session["timezone"]))
    phone.get("assets_since", f"{api}/assets/" + url_query({
        "project_id": str(project_id), "media_type": "audio", "language": "en",
        "updated__gte": since.strftime("%Y-%m-%dT%H:%M:%S")}))

    # Listening: votes carry their value as a string (RWFrameworkHTTP.swift:115-120); the app's like and flag
    # buttons and RWFramework.swift:363-381 block()
    for vote_type in ("like", "flag"):
        phone.post(vote_type, f"{api}/assets/{published}/votes/", {"session_id": session_id, "vote_type": vote_type,
                                                                    "value": "0"})
    phone.get("asset_votes", f"{api}/assets/{published}/votes/")  # RWFrameworkAPI.swift:348-356
    phone.get("asset", f"{api}/assets/{published}/")  # RWFrameworkAPI.swift:322-330
    phone.post("block", f"{api}/assets/{published}/votes/", {"session_id": session_id, "vote_type": "block_asset",
                                                              "value": "0"})
    phone.get("blocked_after_block", f"{api}/assets/blocked/?project_id={project_id}&session_id={session_id}")
    phone.get("votes_summary_after_like", f"{api}/votes/summary/" + url_query({"type": "like",
                                                                              "project_id": str(project_id)}))
    return {**world, "user": user, "session": session, "calls": phone.calls}


@pytest.fixture(scope="module")
def ios(app, tmp_path_factory):
    """One replay, in a database transaction of its own that is rolled back: the answers, as plain data."""
    # Recorder.swift:162-180: AAC in recording-<project>-<n>.m4a, 22.05 kHz mono
    source = audio.tone(tmp_path_factory.mktemp("ios"), "m4a", seconds=2.0)
    recording = source.rename(source.with_name("recording-1-1.m4a"))
    # Module-scoped, so outside the per-test transaction of tests/conftest.py: the same rolled-back
    # transaction, opened and closed here.
    with app.app_context(), _rolled_back():
        return replay(Phone(ApiClient(app.test_client())), seed(), recording)


def body(ios, call):
    """The JSON answer of a call that succeeded."""
    status, json = ios["calls"][call]
    assert status == 200, json
    return json


# --- every call succeeds ------------------------------------------------------------------------------------------

CALLS = ["users", "sessions", "tags", "uiconfig", "uigroups", "tagcategories", "project", "speakers", "audiotracks",
         "assets", "votes_summary", "blocked", "timedassets", "event_without_location", "event", "envelope",
         "upload", "assets_since", "like", "flag", "asset_votes", "asset", "block", "blocked_after_block",
         "votes_summary_after_like"]


def test_the_replay_covers_every_call(ios):
    assert sorted(ios["calls"]) == sorted(CALLS)


@pytest.mark.parametrize("call", CALLS)
def test_call_answers_exactly_200(ios, call):
    # RWFrameworkHTTP.swift:326 and 346: any other status, 201 included, rejects the promise
    status, json = ios["calls"][call]
    assert status == 200, json


# --- every decoded field has the type Swift expects ---------------------------------------------------------------

DECODED = [  # (call, Swift model, what decodes it)
    ("users", USER, "RWFrameworkAPI.swift:59"),
    ("sessions", SESSION, "RWFrameworkAPI.swift:102"),
    ("project", PROJECT, "RWFrameworkAPI.swift:131"),
    ("tags", [TAG], "RWFrameworkTags.swift:150"),
    ("tags", [DYNAMIC_TAG], "AssetFilter.swift:339"),
    ("uigroups", [UI_GROUP], "RWFrameworkTags.swift:110"),
    ("tagcategories", [TAG_CATEGORY], "RWFrameworkTags.swift:84"),
    ("uiconfig", UI_CONFIG, "RWFrameworkTags.swift:235"),
    ("speakers", [SPEAKER], "RWFrameworkAPI.swift:365"),
    ("audiotracks", [AUDIO_TRACK], "RWFrameworkAPI.swift:275"),
    ("assets", [ASSET], "RWFrameworkAPI.swift:286"),
    ("assets_since", [ASSET], "RWFrameworkAPI.swift:286"),
    ("timedassets", [TIMED_ASSET], "RWFrameworkAPI.swift:295"),
    ("votes_summary", [ASSET_VOTE], "SortMethod.swift:69"),
    ("votes_summary_after_like", [ASSET_VOTE], "SortMethod.swift:69"),
    ("blocked", BLOCKED_ASSETS, "AssetFilter.swift:321"),
    ("blocked_after_block", BLOCKED_ASSETS, "AssetFilter.swift:321"),
    ("envelope", ENVELOPE, "RWFrameworkAPI.swift:229"),
]


@pytest.mark.parametrize("call, model, decoder", DECODED, ids=[f"{c}-{d}" for c, _, d in DECODED])
def test_answer_decodes_into_the_swift_model(ios, call, model, decoder):
    json = body(ios, call)
    if isinstance(model, list):
        assert json, f"{call}: an empty list checks nothing"
    assert decode_errors(json, model) == []


def test_uploaded_asset_gives_the_id_and_media_type_the_framework_reads(ios):
    # RWFrameworkAPI.swift:251-267: `dict["id"] as? NSNumber`, `dict["media_type"] as? String == "audio"`
    upload = body(ios, "upload")
    assert decode_errors(upload, {"id": "Int", "media_type": "String"}) == []
    assert upload["media_type"] == "audio"


def test_session_timezone_has_the_shape_the_framework_slices(ios):
    # RWFrameworkAPI.swift:108-114 force-unwraps Int() of characters 1-2 and 3-: (+|-)HHMM
    assert re.fullmatch(r"[+-]\d{4}", body(ios, "sessions")["timezone"])


def test_track_timed_asset_priority_names_an_asset_priority(ios):
    # AudioTrack.swift:79-81 force-unwraps the AssetPriority case of that name (AssetFilter.swift:11-21)
    assert {track["timed_asset_priority"] for track in body(ios, "audiotracks")} <= ASSET_PRIORITIES


def test_tags_carry_the_dynamic_filter_the_playlist_looks_for(ios):
    # RWFramework.swift:65 filters on the tags whose filter is "_ten_most_recent_days"
    assert {t["id"] for t in body(ios, "tags") if t["filter"] == "_ten_most_recent_days"} == {ios["listen_tags"][1]}


def test_uiconfig_default_items_give_the_tags_the_app_submits(ios):
    # RWFrameworkTags.swift:264-276, 368-380: the default display items' tag_id are what the phone sends
    config = body(ios, "uiconfig")
    defaults = {mode: [i["tag_id"] for g in config[mode] for i in g["display_items"] if i["default_state"]]
                for mode in ("listen", "speak")}
    assert defaults == {"listen": [ios["listen_tags"][0]], "speak": [ios["speak_tags"][0]]}


# --- what the calls did -------------------------------------------------------------------------------------------

def test_upload_is_credited_to_the_phones_own_user_id(ios):
    # RWFrameworkMedia.swift:83 and RWFrameworkHTTP.swift:79: the phone names itself in user_id
    assert body(ios, "upload")["user"]["id"] == ios["user"]["id"]


def test_upload_keeps_the_multipart_fields(ios):
    upload = body(ios, "upload")
    assert (upload["latitude"], upload["longitude"]) == (42.0001, -71.0002)
    assert upload["tag_ids"] == [ios["speak_tags"][0]]
    assert upload["audio_length_in_seconds"] == pytest.approx(2.0, abs=0.1)


def test_asset_files_are_absolute_urls_the_phone_can_download(ios):
    # Asset.swift:58-63 force-unwraps URL(string: file) and swaps the extension for .mp3; AudioTrack.swift:271-272
    # and Playlist.swift:328-330 then download it with Data(contentsOf:), which needs a scheme and a host
    files = [a["file"] for call in ("assets", "assets_since") for a in body(ios, call)]
    assert files and all(re.fullmatch(r"https?://[^/\s]+/\S+\.\w+", f) for f in files), files


def test_first_pool_has_the_published_asset(ios):
    assert [a["id"] for a in body(ios, "assets")] == [ios["published"]]


def test_refresh_since_the_pool_date_brings_the_new_recording(ios):
    # Recorder.swift:117: the phone expects to find its own recording in the pool after uploading
    assert [a["id"] for a in body(ios, "assets_since")] == [body(ios, "upload")["id"]]


def test_likes_summary_counts_every_listeners_likes(ios):
    # SortMethod.swift:49-74 sorts the pool by each asset's likes: another listener's like counts, then the phone's
    assert body(ios, "votes_summary") == [{"asset_id": ios["published"], "asset_votes": 1}]
    assert body(ios, "votes_summary_after_like") == [{"asset_id": ios["published"], "asset_votes": 2}]


def test_blocked_asset_is_then_listed_as_blocked(ios):
    # AssetFilter.swift:305-323 discards the assets listed in blocked_asset_ids
    assert body(ios, "blocked")["blocked_asset_ids"] == []
    assert body(ios, "blocked_after_block")["blocked_asset_ids"] == [ios["published"]]


def test_events_keep_the_string_coordinates_and_tag_ids(ios):
    event = body(ios, "event")
    assert (event["latitude"], event["longitude"]) == ("42.0001", "-71.0")
    assert event["tag_ids"] == f"{ios['listen_tags'][0]},{ios['speak_tags'][0]}"


# --- the checker itself -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("value, swift_type", [
    ({"id": 1, "created": "2024-03-01T12:00:09Z"}, {"id": "Int", "created": "Date"}),
    ({"id": 1, "created": "2024-03-01T12:00:09+00:00"}, {"id": "Int", "created": "Date"}),
    ({"id": None}, {"id": "Int"}),
    ({}, {"id": "Int"}),
    ({"id": "1"}, {"id": "Int?"}),
    ({"id": 1.5}, {"id": "Int"}),
    ({"id": True}, {"id": "Int"}),
    ({"weight": "50"}, {"weight": "Double"}),
    ({"active": 1}, {"active": "Bool"}),
    ({"filter": None}, DYNAMIC_TAG | {"id": "Int?"}),
    ({"tag_ids": "3,5"}, {"tag_ids": ["Int"]}),
    ({"shape": "MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)))"}, {"shape": "Geometry?"}),
    ({"ui_items": [{"id": 1}]}, {"ui_items": optional([{"id": "Int", "index": "Int"}])}),
])
def test_checker_rejects_what_swift_fails_to_decode(value, swift_type):
    assert decode_errors(value, swift_type)


@pytest.mark.parametrize("value, swift_type", [
    ({"id": 1, "created": "2024-03-01T12:00:09"}, {"id": "Int", "created": "Date"}),
    ({"created": "2024-03-01T12:00:09.123456", "weight": 50}, {"created": "Date", "weight": "Double"}),
    ({"id": None, "extra": "ignored"}, {"id": "Int?"}),
    ({"shape": {"type": "LineString", "coordinates": [[0, 0], [1, 1]]}}, {"shape": "Geometry"}),
])
def test_checker_accepts_what_swift_decodes(value, swift_type):
    assert decode_errors(value, swift_type) == []
