"""Sending work to Celery workers, doing it here instead when the broker cannot take it.

Streams must keep playing through a Redis restart: a task that cannot be queued runs in the
calling process (it is quick: a few telnet commands and queries).
"""
import logging

from flask import current_app

log = logging.getLogger(__name__)


def dispatch(task_name: str, *args, inline=None) -> None:
    """Queue `task_name(*args)` for the stream workers; if the broker refuses, call `inline(*args)`
    (when given)."""
    try:
        current_app.extensions["celery"].send_task(task_name, args=args, retry=False,
                                                   queue=current_app.config["CELERY_STREAM_QUEUE"])
    except Exception:  # noqa: BLE001 - any broker failure
        if inline is None:
            log.warning("could not queue %s%s", task_name, args, exc_info=True)
            return
        log.warning("broker unavailable: running %s%s here", task_name, args)
        inline(*args)
