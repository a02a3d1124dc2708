"""Playlist tasks: recompute a listening session's playlist after any change."""
from celery import shared_task

from rwflask.services import listeners


@shared_task(name="workers.playlists.recompute_playlist", acks_late=True, reject_on_worker_lost=True)
def recompute_playlist(session_id: int) -> int:
    """Recompute and store a session's playlist; returns its length (-1 when not listening)."""
    result = listeners.recompute(session_id)
    return -1 if result is None else len(result.asset_ids)
