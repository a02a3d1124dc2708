"""Audiotracks: each a layer of a stream with its timing and mixing ranges."""
from rwflask.errors import Invalid
from rwflask.models import Audiotrack, Project, Tag
from rwflask.services.records import RecordService

RANGES = ("volume", "duration", "deadair", "fadeintime", "fadeouttime", "panpos", "panduration")


def _ranges_ordered(track: Audiotrack) -> None:
    for name in RANGES:
        if getattr(track, f"min{name}") > getattr(track, f"max{name}"):
            raise Invalid(f"max{name}", f"max{name} must be greater than or equal to min{name}.")


def _duration_filters() -> dict:
    filters = {}
    for name in ("minduration", "maxduration", "mindeadair", "maxdeadair"):
        for op in ("lte", "gte"):
            filters[f"{name}__{op}"] = (getattr(Audiotrack, name), op)
    return filters


audiotracks = RecordService(
    Audiotrack,
    filters={"project_id": (Audiotrack.project_id, "eq"), "active": (Audiotrack.active, "eq"),
             "repeatrecordings": (Audiotrack.repeatrecordings, "eq"),
             "start_with_silence": (Audiotrack.start_with_silence, "eq"),
             "fadeout_when_filtered": (Audiotrack.fadeout_when_filtered, "eq"), **_duration_filters()},
    references={"project_id": Project},
    relations={"tag_filters": ("tag_filters", Tag)},
    prepare=_ranges_ordered,
)
