"""Media tasks: convert uploads, and sweep up any upload whose task was lost."""
import logging

from celery import shared_task
from celery.signals import worker_ready

from rwflask.services import processing

log = logging.getLogger(__name__)


# acks_late + reject_on_worker_lost: a worker killed mid-task leaves the message to be redelivered.
@shared_task(name="workers.media.process_asset", acks_late=True, reject_on_worker_lost=True)
def process_asset(asset_id: int) -> str:
    """Convert an uploaded audio asset to MP3 and measure it."""
    return processing.process_asset(asset_id)


@shared_task(name="workers.media.sweep_unprocessed")
def sweep_unprocessed() -> int:
    """Queue again every audio asset left unprocessed for too long."""
    ids = processing.stalled_asset_ids()
    for asset_id in ids:
        process_asset.delay(asset_id)
    if ids:
        log.info("requeued %d unprocessed assets", len(ids))
    processing.remove_stale_temporary_files()
    return len(ids)


@worker_ready.connect
def queue_unfinished_on_start(sender=None, **kwargs) -> None:
    """A starting worker takes over every upload that is still waiting (e.g. after a crash)."""
    with sender.app.flask_app.app_context():
        for asset_id in processing.unfinished_asset_ids():
            process_asset.delay(asset_id)
