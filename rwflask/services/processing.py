"""Turning uploaded audio into playable MP3 (run by Celery workers), safely repeatable."""
import logging
import secrets
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import and_, or_, select, update

from rwflask.extensions import db
from rwflask.models import Asset
from rwflask.models.base import utcnow
from rwflask.services import media
from rwflask.tasks import MEDIA, enqueue, task

log = logging.getLogger(__name__)
UNFINISHED = ("pending", "processing")


def lease_seconds() -> float:
    """How long a claim holds an asset without being renewed."""
    return float(current_app.config["PROCESSING_LEASE_SECONDS"])


def _lease_end() -> datetime:
    """When a lease taken or renewed now runs out."""
    return utcnow() + timedelta(seconds=lease_seconds())


def _nobody_holds():
    """SQL condition: no worker holds the asset (never claimed, or its lease was not renewed in time)."""
    return or_(Asset.processing_lease_until.is_(None), Asset.processing_lease_until < utcnow())


def claim(asset_id: int) -> str | None:
    """Take the asset for conversion unless it is finished or another worker's lease is live; the owner token."""
    owner = secrets.token_hex(16)
    # One conditional UPDATE: of two workers racing, the database lets only one match the condition.
    result = db.session.execute(
        update(Asset).where(Asset.id == asset_id, Asset.processing_state.in_(UNFINISHED), _nobody_holds())
        .values(processing_state="processing", processing_owner=owner, processing_lease_until=_lease_end(),
                updated=utcnow()))
    db.session.commit()
    return owner if result.rowcount == 1 else None


def renew(asset_id: int, owner: str) -> bool:
    """Extend the lease of this claim; False once another worker has taken the asset over (or it is finished)."""
    result = db.session.execute(
        update(Asset).where(Asset.id == asset_id, Asset.processing_owner == owner)
        .values(processing_lease_until=_lease_end(), updated=Asset.updated))
    db.session.commit()
    return result.rowcount == 1


def _finish(asset_id: int, owner: str, **values) -> bool:
    """Record the outcome and release the lease, if this claim still holds the asset."""
    result = db.session.execute(
        update(Asset).where(Asset.id == asset_id, Asset.processing_owner == owner)
        .values(processing_owner=None, processing_lease_until=None, updated=utcnow(), **values))
    db.session.commit()
    return result.rowcount == 1


def _ready_values(asset: Asset, playable: str, duration: float | None) -> dict:
    """The fields of a converted asset: its MP3, and a duration and playback region within it."""
    length = asset.audio_length
    if length is None and duration:
        # The upload's own duration (measured on arrival) is exact; MP3 adds encoder padding.
        length = duration
    values = {"processing_state": "ready", "filename": playable, "audio_length": length}
    if length:
        values["start_time"] = 0.0 if asset.start_time is None else min(asset.start_time, length)
        values["end_time"] = length if asset.end_time is None else min(asset.end_time, length)
    return values


@task(MEDIA)
def process_asset(asset_id: int) -> str:
    """Convert an audio asset's original to MP3 and measure it; returns the asset's final state.

    Only the worker holding the asset's lease converts it, renewing the lease while ffmpeg runs: a second
    call (a redelivered task, a sweep) while it is live, or once the asset is finished, is skipped. A
    worker whose lease was taken over stops and leaves the asset to the newer one.
    """
    owner = claim(asset_id)
    if owner is None:
        return "skipped"
    asset = db.session.get(Asset, asset_id)
    source = media.media_root() / asset.file
    playable = media.playable_name(asset.file)
    try:
        if playable == asset.file:
            # Already MP3: keep the original as the playable file, just measure it.
            duration = media.probe(source, "audio").duration
        else:
            # The upload was measured against its project's limit; the cap bounds the work if it was not.
            duration = media.convert_to_mp3(source, media.media_root() / playable, lambda: renew(asset_id, owner),
                                            check_every=lease_seconds() / 3,
                                            max_s=current_app.config["MAX_RECORDING_SECONDS"]
                                            + current_app.config["RECORDING_TOLERANCE_SECONDS"])
    except media.TakenOver:
        log.warning("asset %s: another worker took the conversion over", asset_id)
        return "skipped"
    except (media.MediaError, OSError) as exc:
        log.error("asset %s: conversion failed: %s", asset_id, exc)
        db.session.rollback()
        return "failed" if _finish(asset_id, owner, processing_state="failed") else "skipped"
    return "ready" if _finish(asset_id, owner, **_ready_values(asset, playable, duration)) else "skipped"


def queue_processing(asset_id: int) -> None:
    """Ask a worker to convert the asset (if the broker is down, the sweep will)."""
    enqueue(process_asset, asset_id)


INCOMING_MAX_AGE_S = 3600


@task(MEDIA, every=30.0)
def sweep_unprocessed() -> int:
    """Queue again every upload left unconverted that no worker holds, and delete stale temporary files; how many."""
    ids = stalled_asset_ids()
    for asset_id in ids:
        queue_processing(asset_id)
    if ids:
        log.info("requeued %d unprocessed assets", len(ids))
    media.remove_stale_incoming(INCOMING_MAX_AGE_S)
    return len(ids)


@task(MEDIA, at_worker_start=True)
def take_over_unfinished() -> int:
    """A starting worker queues every upload still waiting that no worker holds (e.g. after a crash); how many."""
    ids = unfinished_asset_ids()
    for asset_id in ids:
        queue_processing(asset_id)
    return len(ids)


def stalled_asset_ids() -> list[int]:
    """Audio assets no worker holds that should have been processed by now: never claimed a lease's length
    after arrival (lost task, broker down), or whose lease ran out (killed worker)."""
    now = utcnow()
    never_claimed = and_(Asset.processing_lease_until.is_(None),
                         Asset.updated < now - timedelta(seconds=lease_seconds()))
    return db.session.scalars(select(Asset.id).where(
        Asset.processing_state.in_(UNFINISHED), or_(never_claimed, Asset.processing_lease_until < now))
        .order_by(Asset.id)).all()


def unfinished_asset_ids() -> list[int]:
    """Every audio asset waiting for processing that no worker holds (checked when a worker starts)."""
    return db.session.scalars(select(Asset.id).where(Asset.processing_state.in_(UNFINISHED), _nobody_holds())
                              .order_by(Asset.id)).all()
