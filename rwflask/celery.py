"""Celery bound to the Flask app: tasks run inside an app context (reusing one that already exists)."""
from celery import Celery, Task
from flask import Flask, has_app_context


def celery_init_app(app: Flask) -> Celery:
    """Create the Celery app from `celeryconfig`, overridden by `app.config["CELERY"]`."""

    class FlaskTask(Task):
        def __call__(self, *args, **kwargs):
            # Eager tasks called from a request must share its database session, not open a new context.
            if has_app_context():
                return self.run(*args, **kwargs)
            with app.app_context():
                return self.run(*args, **kwargs)

    celery_app = Celery(app.name, task_cls=FlaskTask)
    celery_app.config_from_object("celeryconfig")
    celery_app.conf.update(app.config.get("CELERY", {}))
    celery_app.set_default()
    celery_app.flask_app = app
    app.extensions["celery"] = celery_app
    return celery_app
