"""Worker entry point: `celery -A workers.celery_app worker -B`."""
from rwflask import create_app

flask_app = create_app()
celery_app = flask_app.extensions["celery"]
