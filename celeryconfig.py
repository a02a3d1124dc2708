"""Celery settings that do not depend on the installation (lower-case Celery names).

Addresses, queues, routes and the beat schedule come from `rwflask/config.py` and the task table
(`rwflask/tasks.py`); `rwflask/celery.py` adds them.
"""
broker_connection_timeout = 2
broker_connection_retry_on_startup = True
result_backend = None
task_ignore_result = True
# A task is acknowledged when it finishes; a worker that dies mid-task gets it redelivered.
task_acks_late = True
task_reject_on_worker_lost = True
worker_prefetch_multiplier = 1
task_serializer = "json"
accept_content = ["json"]
timezone = "UTC"
