"""The task table: work for Celery workers, declared next to the service function it runs.

`@task(MEDIA)` or `@task(STREAMS)` on a plain function makes it a task of that queue (its name is
its module and function); `every=` also runs it periodically (beat), `at_worker_start=` once when
a worker starts. `enqueue(function, *args)` is the only way work is queued. Queue names come
from the configuration (`CELERY_QUEUE`, `CELERY_STREAM_QUEUE`).

When the broker cannot take a message, a task declared `inline_fallback=True` runs in the calling
process instead (streams must keep playing through a Redis restart: their tasks are a few
queries and one telnet round trip); the others are left to their periodic sweep.
"""
import importlib
import logging
from collections.abc import Callable
from dataclasses import dataclass

from flask import current_app

log = logging.getLogger(__name__)

MEDIA = "media"  # uploads and periodic chores: CELERY_QUEUE
STREAMS = "streams"  # stream control, on its own worker so that a move never waits behind a conversion
QUEUE_SETTINGS = {MEDIA: "CELERY_QUEUE", STREAMS: "CELERY_STREAM_QUEUE"}
# The modules that declare tasks: a worker imports them all before it starts.
TASK_MODULES = ("rwflask.services.processing", "rwflask.streaming.lifecycle", "rwflask.streaming.tracks",
                "rwflask.streaming.liveness", "rwflask.streaming.follow")


@dataclass(frozen=True)
class TaskSpec:
    """One entry of the task table."""

    name: str
    function: Callable
    queue: str
    inline_fallback: bool = False
    every: float | None = None
    at_worker_start: bool = False


TASKS: dict[str, TaskSpec] = {}


def task(queue: str, *, inline_fallback: bool = False, every: float | None = None,
         at_worker_start: bool = False):
    """Declare the decorated function as a task of `queue` (see the module's description)."""
    def declare(function):
        name = f"{function.__module__.removeprefix('rwflask.')}.{function.__name__}"
        TASKS[name] = TaskSpec(name, function, queue, inline_fallback, every, at_worker_start)
        function.task_name = name
        return function
    return declare


def queue_name(queue: str, config) -> str:
    """The broker queue of a task queue, from the configuration."""
    return config[QUEUE_SETTINGS[queue]]


def enqueue(function: Callable, *args) -> None:
    """Have a worker run `function(*args)`; see the module's description for a broker that refuses."""
    spec = TASKS[function.task_name]
    app = current_app
    try:
        app.extensions["celery"].send_task(spec.name, args=args, retry=False,
                                           queue=queue_name(spec.queue, app.config))
    except Exception:  # noqa: BLE001 - any broker failure
        if not spec.inline_fallback:
            log.warning("could not queue %s%s; its sweep will catch up", spec.name, args, exc_info=True)
            return
        log.warning("broker unavailable: running %s%s here", spec.name, args)
        spec.function(*args)


def load_all() -> dict[str, TaskSpec]:
    """Import every module that declares tasks; the complete table."""
    for module in TASK_MODULES:
        importlib.import_module(module)
    return TASKS
