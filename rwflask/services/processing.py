"""Turning uploaded audio into playable MP3 (run by Celery workers), safely repeatable."""
import logging
from datetime import timedelta

from flask import current_app
from sqlalchemy import select, update

from rwflask.extensions import db
from rwflask.models import Asset
from rwflask.models.base import utcnow
from rwflask.services import media
from rwflask.tasks import MEDIA, enqueue, task

log = logging.getLogger(__name__)
UNFINISHED = ("pending", "processing")


def _claim(asset_id: int) -> bool:
    """Mark the asset as being processed, unless it is already finished."""
    result = db.session.execute(
        update(Asset).where(Asset.id == asset_id, Asset.processing_state.in_(UNFINISHED))
        .values(processing_state="processing", updated=utcnow()))
    db.session.commit()
    return result.rowcount == 1


@task(MEDIA)
def process_asset(asset_id: int) -> str:
    """Convert an audio asset's original to MP3 and measure it; returns the asset's final state.

    Running it twice (a redelivered task, a sweep) is harmless: the MP3 is written to a unique
    temporary name and renamed into place, and a finished asset is left alone.
    """
    if not _claim(asset_id):
        return "skipped"
    asset = db.session.get(Asset, asset_id)
    source = media.media_root() / asset.file
    target_name = media.playable_name(asset.file)
    target = media.media_root() / target_name
    try:
        if target_name == asset.file:
            # Already MP3: keep the original as the playable file, just measure it.
            duration = media.probe(source, "audio").duration
        else:
            # The upload was measured against its project's limit; this bounds the work if it was not.
            duration = media.convert_to_mp3(source, target, max_s=current_app.config["MAX_RECORDING_SECONDS"]
                                            + current_app.config["RECORDING_TOLERANCE_SECONDS"])
    except (media.MediaError, OSError) as exc:
        log.error("asset %s: conversion failed: %s", asset_id, exc)
        db.session.rollback()
        # Only this attempt failed if another worker has finished the asset meanwhile.
        result = db.session.execute(update(Asset).where(Asset.id == asset_id, Asset.processing_state == "processing")
                                    .values(processing_state="failed", updated=utcnow()))
        db.session.commit()
        return "failed" if result.rowcount else "skipped"
    asset.filename = target_name
    if asset.audio_length is None and duration:
        # The upload's own duration (measured on arrival) is exact; MP3 adds encoder padding.
        asset.audio_length = duration
    if asset.audio_length:
        asset.start_time = 0.0 if asset.start_time is None else min(asset.start_time, asset.audio_length)
        asset.end_time = asset.audio_length if asset.end_time is None else min(asset.end_time, asset.audio_length)
    asset.processing_state = "ready"
    asset.updated = utcnow()
    db.session.commit()
    return "ready"


def queue_processing(asset_id: int) -> None:
    """Ask a worker to convert the asset (if the broker is down, the sweep will)."""
    enqueue(process_asset, asset_id)


INCOMING_MAX_AGE_S = 3600


@task(MEDIA, every=30.0)
def sweep_unprocessed() -> int:
    """Queue again every upload left unconverted too long, and delete stale temporary files; how many."""
    ids = stalled_asset_ids()
    for asset_id in ids:
        queue_processing(asset_id)
    if ids:
        log.info("requeued %d unprocessed assets", len(ids))
    media.remove_stale_incoming(INCOMING_MAX_AGE_S)
    return len(ids)


@task(MEDIA, at_worker_start=True)
def take_over_unfinished() -> int:
    """A starting worker queues every upload still waiting (e.g. after a crash); how many."""
    ids = unfinished_asset_ids()
    for asset_id in ids:
        queue_processing(asset_id)
    return len(ids)


def stalled_asset_ids() -> list[int]:
    """Audio assets that should have been processed by now (lost task, killed worker, broker down)."""
    horizon = utcnow() - timedelta(seconds=current_app.config["PROCESSING_STALE_SECONDS"])
    return db.session.scalars(select(Asset.id).where(
        Asset.processing_state.in_(UNFINISHED), Asset.updated < horizon).order_by(Asset.id)).all()


def unfinished_asset_ids() -> list[int]:
    """Every audio asset still waiting for processing (checked when a worker starts)."""
    return db.session.scalars(select(Asset.id).where(Asset.processing_state.in_(UNFINISHED))
                              .order_by(Asset.id)).all()
