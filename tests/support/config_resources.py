"""The configuration resources (readable by any token, writable by staff), with what each needs:
an existing record, a create payload, a patch payload and the query of an item GET."""
from tests.factories import (AssetFactory, AudiotrackFactory, LanguageFactory, LocalizedStringFactory,
                             ProjectFactory, ProjectGroupFactory, SessionFactory, SpeakerFactory, TagCategoryFactory,
                             TagFactory, TagRelationshipFactory, TimedAssetFactory, UIGroupFactory, UIItemFactory)

GEOMETRY_FIELDS = {"shape", "boundary", "attenuation_border", "location"}


def _audiotrack_payload():
    return {"project_id": ProjectFactory().id, "minvolume": 0.2, "maxvolume": 0.8, "minduration": 5.0,
            "maxduration": 20.0, "mindeadair": 1.0, "maxdeadair": 2.0, "minfadeintime": 0.5, "maxfadeintime": 1.0,
            "minfadeouttime": 0.5, "maxfadeouttime": 1.5, "minpanpos": -0.3, "maxpanpos": 0.3,
            "minpanduration": 2.0, "maxpanduration": 4.0, "repeatrecordings": True}


def _speaker_payload():
    lon, lat = -71.0, 42.0
    ring = [[lon - 0.01, lat - 0.01], [lon - 0.01, lat + 0.01], [lon + 0.01, lat + 0.01], [lon + 0.01, lat - 0.01],
            [lon - 0.01, lat - 0.01]]
    return {"project_id": ProjectFactory().id, "code": "zone", "minvolume": 0.0, "maxvolume": 0.9,
            "uri": "http://example.org/ambient.mp3", "attenuation_distance": 50, "activeyn": True,
            "shape": {"type": "MultiPolygon", "coordinates": [[ring]]}}


def _timedasset_payload():
    asset = AssetFactory()
    return {"asset_id": asset.id, "project_id": asset.project_id, "start": 5.0, "end": 25.0}


def _uigroup_payload():
    return {"name": "What do you hear?", "ui_mode": "listen", "select": "single", "index": 3,
            "project_id": ProjectFactory().id, "tag_category_id": TagCategoryFactory().id, "active": True}


def _uiitem_payload():
    group = UIGroupFactory()
    tag = TagFactory(project=group.project, tag_category=group.tag_category)
    return {"ui_group_id": group.id, "tag_id": tag.id, "index": 4, "default": True, "active": True}


def _project_payload():
    return {"name": "Harbour walk", "latitude": 40.5, "longitude": -73.9, "max_recording_length": 45,
            "sharing_url": "http://example.org/share", "out_of_range_url": "http://example.org/oor.mp3",
            "language_ids": [LanguageFactory(language_code="en").id, LanguageFactory(language_code="es").id],
            "geo_listen_enabled": False}


# name: (make an existing record, build a create payload, a patch payload, query for item GET)
RESOURCES = {
    "languages": (
        lambda: LanguageFactory(language_code="de"),
        lambda: {"language_code": "fr", "name": "French"},
        {"name": "Deutsch"},
        lambda: "",
    ),
    "localizedstrings": (
        LocalizedStringFactory,
        lambda: {"text": "Bonjour", "language_id": LanguageFactory(language_code="fr").id},
        {"text": "Salut"},
        lambda: "",
    ),
    "tagcategories": (
        TagCategoryFactory,
        lambda: {"name": "colour", "data": "{}"},
        {"name": "shade"},
        lambda: "",
    ),
    "tags": (
        TagFactory,
        lambda: {"value": "red", "description": "the colour red", "project_id": ProjectFactory().id,
                 "tag_category_id": TagCategoryFactory().id},
        {"value": "blue"},
        lambda: "",
    ),
    "tagrelationships": (
        TagRelationshipFactory,
        lambda: {"tag_id": TagFactory().id, "parent_id": TagRelationshipFactory().id},
        {"parent_id": None},
        lambda: "",
    ),
    "uigroups": (
        UIGroupFactory,
        _uigroup_payload,
        {"name": "Renamed group"},
        lambda: "",
    ),
    "uiitems": (
        UIItemFactory,
        _uiitem_payload,
        {"index": 42},
        lambda: "",
    ),
    "audiotracks": (
        AudiotrackFactory,
        _audiotrack_payload,
        {"maxvolume": 0.75},
        lambda: "",
    ),
    "speakers": (
        SpeakerFactory,
        _speaker_payload,
        {"code": "renamed"},
        lambda: "",
    ),
    "timedassets": (
        TimedAssetFactory,
        _timedasset_payload,
        {"end": 90.0},
        lambda: "",
    ),
    "projectgroups": (
        ProjectGroupFactory,
        lambda: {"name": "Walks", "active": True, "description": "City walks", "project_ids": [ProjectFactory().id]},
        {"name": "Renamed walks"},
        lambda: "",
    ),
    "projects": (
        ProjectFactory,
        _project_payload,
        {"name": "Renamed project"},
        # A project is read in the language of a session (of any project).
        lambda: f"?session_id={SessionFactory().id}",
    ),
}
NAMES = list(RESOURCES)


def existing(name):
    return RESOURCES[name][0]()


def create_payload(name):
    return RESOURCES[name][1]()


def patch_payload(name):
    return dict(RESOURCES[name][2])
