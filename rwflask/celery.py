"""Celery bound to the Flask app: the task table's tasks, run inside an app context."""
from celery import Celery, Task
from celery.signals import worker_ready
from flask import Flask, has_app_context

from rwflask import tasks


def celery_init_app(app: Flask) -> Celery:
    """Create the Celery app: `celeryconfig`, then addresses and queues from the app's configuration,
    then `app.config["CELERY"]` (tests); every task of the table is registered."""

    class FlaskTask(Task):
        def __call__(self, *args, **kwargs):
            # Eager tasks called from a request must share its database session, not open a new context.
            if has_app_context():
                return self.run(*args, **kwargs)
            with app.app_context():
                return self.run(*args, **kwargs)

    celery_app = Celery(app.name, task_cls=FlaskTask)
    celery_app.config_from_object("celeryconfig")
    table = tasks.load_all()
    queue = {spec.name: tasks.queue_name(spec.queue, app.config) for spec in table.values()}
    celery_app.conf.update(
        broker_url=app.config["REDIS_URL"],
        task_default_queue=app.config["CELERY_QUEUE"],
        task_routes={name: {"queue": queue[name]} for name in table},
        beat_schedule={name: {"task": name, "schedule": spec.every,
                              "options": {"queue": queue[name], "expires": spec.every}}
                       for name, spec in table.items() if spec.every},
    )
    celery_app.conf.update(app.config.get("CELERY", {}))
    for spec in table.values():
        celery_app.task(name=spec.name)(spec.function)
    celery_app.set_default()
    celery_app.flask_app = app
    app.extensions["celery"] = celery_app
    return celery_app


@worker_ready.connect
def _run_start_tasks(sender=None, **kwargs) -> None:
    """A starting worker runs the tasks declared `at_worker_start` (e.g. take over unfinished uploads)."""
    app = sender.app.flask_app
    with app.app_context():
        for spec in tasks.TASKS.values():
            if spec.at_worker_start:
                spec.function()
