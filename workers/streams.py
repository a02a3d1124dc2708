"""Live stream tasks: start, steer and stop streams on render nodes; periodic liveness work."""
from celery import shared_task

from rwflask.services import stream_control, stream_liveness

STREAM_TASK = {"acks_late": True, "reject_on_worker_lost": True}


@shared_task(name="workers.streams.start_stream", **STREAM_TASK)
def start_stream(session_id: int) -> bool:
    """Switch a session's slot on and fill its audiotracks and speakers."""
    return stream_control.start(session_id)


@shared_task(name="workers.streams.refresh_stream", **STREAM_TASK)
def refresh_stream(session_id: int) -> None:
    """Follow a move or a tag change: playlist, speaker volumes, queued items."""
    stream_control.refresh(session_id)


@shared_task(name="workers.streams.stream_played", **STREAM_TASK)
def stream_played(session_id: int, track: int, asset_id: int, cue_in: float, cue_out: float) -> None:
    """A render node started an asset: record it and queue the next."""
    stream_control.played(session_id, track, asset_id, cue_in, cue_out)


@shared_task(name="workers.streams.stream_command", **STREAM_TASK)
def stream_command(session_id: int, name: str, asset_id: int | None = None) -> bool:
    """skip, pause, resume or play an asset."""
    return stream_control.command(session_id, name, asset_id)


@shared_task(name="workers.streams.stop_stream", **STREAM_TASK)
def stop_stream(session_id: int, event_type: str = "cleanup_session") -> bool:
    """Tear a stream down."""
    return stream_control.stop(session_id, event_type)


@shared_task(name="workers.streams.reap_idle_streams")
def reap_idle_streams() -> int:
    """Tear down streams nobody listens to or keeps alive."""
    return len(stream_liveness.reap_idle())


@shared_task(name="workers.streams.reconcile_streams")
def reconcile_streams() -> int:
    """Refill tracks whose next item was never queued."""
    return stream_liveness.reconcile()
