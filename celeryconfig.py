"""Celery settings (lower-case Celery names); addresses come from the environment via rwflask.config."""
import os

from rwflask.config import DEFAULT_REDIS_URL

broker_url = os.environ.get("REDIS_URL", DEFAULT_REDIS_URL)
result_backend = broker_url
task_ignore_result = True
task_acks_late = True
task_reject_on_worker_lost = True
worker_prefetch_multiplier = 1
broker_connection_retry_on_startup = True
task_serializer = "json"
accept_content = ["json"]
timezone = "UTC"
