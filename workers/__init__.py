"""Celery tasks; importing this package never builds the Flask app (see workers.celery_app)."""
