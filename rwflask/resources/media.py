"""`/rwmedia/`: uploaded and converted media files, with range requests for players."""
from flask import Flask, current_app, send_from_directory

from rwflask.web.auth import public
from rwflask.web.errors import fail


def register(app: Flask) -> None:
    """Serve MEDIA_ROOT at MEDIA_URL when MEDIA_URL is a local path (a CDN URL is served elsewhere)."""
    prefix = app.config["MEDIA_URL"]
    if prefix.startswith("/"):
        app.add_url_rule(f"{prefix.rstrip('/')}/<path:name>", "media_file", media_file)


@public
def media_file(name: str):
    """Serve a media file (public: audio elements cannot send tokens; names are unguessable)."""
    if name.startswith(".") or "/." in name:
        fail(404, "Not found.")
    response = send_from_directory(current_app.config["MEDIA_ROOT"], name, conditional=True, max_age=3600)
    response.headers["Accept-Ranges"] = "bytes"
    return response
