"""Timed assets: a loose timeline laid over a project's streams."""
from rwflask.errors import Invalid
from rwflask.extensions import db
from rwflask.models import Asset, Project, TimedAsset
from rwflask.services.records import RecordService


def _check_timeline(timed: TimedAsset) -> None:
    if timed.start < 0:
        raise Invalid("start", "Must be greater than or equal to 0.")
    if timed.end < timed.start:
        raise Invalid("end", "End time must be greater than start time.")
    asset = db.session.get(Asset, timed.asset_id)
    if asset.project_id is not None and asset.project_id != timed.project_id:
        raise Invalid("asset_id", "The asset belongs to another project.")


timed_assets = RecordService(
    TimedAsset,
    filters={"project_id": (TimedAsset.project_id, "eq"), "asset_id": (TimedAsset.asset_id, "eq"),
             "start__lte": (TimedAsset.start, "lte"), "start__gte": (TimedAsset.start, "gte"),
             "end__lte": (TimedAsset.end, "lte"), "end__gte": (TimedAsset.end, "gte")},
    references={"project_id": Project, "asset_id": Asset},
    prepare=_check_timeline,
)
