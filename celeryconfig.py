"""Celery settings (lower-case Celery names); addresses come from the environment."""
import os

from rwflask.config import DEFAULT_REDIS_URL

broker_url = os.environ.get("REDIS_URL", DEFAULT_REDIS_URL)
broker_connection_timeout = 2
broker_connection_retry_on_startup = True
result_backend = None
task_ignore_result = True
task_default_queue = os.environ.get("CELERY_QUEUE", "rwflask")
# Stream control has its own queue (and worker): a listener's move must never wait behind an
# upload's ffmpeg conversion.
STREAM_QUEUE = os.environ.get("CELERY_STREAM_QUEUE", "rwflask-streams")
task_routes = {"workers.streams.*": {"queue": STREAM_QUEUE}, "workers.playlists.*": {"queue": STREAM_QUEUE}}
# A task is acknowledged when it finishes; a worker that dies mid-task gets it redelivered.
task_acks_late = True
task_reject_on_worker_lost = True
worker_prefetch_multiplier = 1
task_serializer = "json"
accept_content = ["json"]
timezone = "UTC"
imports = ("workers.media", "workers.playlists", "workers.streams")
beat_schedule = {
    "sweep-unprocessed-uploads": {"task": "workers.media.sweep_unprocessed", "schedule": 30.0},
    "reap-idle-streams": {"task": "workers.streams.reap_idle_streams", "schedule": 10.0,
                          "options": {"queue": STREAM_QUEUE, "expires": 10.0}},
    "reconcile-streams": {"task": "workers.streams.reconcile_streams", "schedule": 5.0,
                          "options": {"queue": STREAM_QUEUE, "expires": 5.0}},
}
