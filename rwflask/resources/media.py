"""`/rwmedia/`: uploaded and converted media files, with range requests for players on any origin."""
from flask import Flask, Response, request, send_file

from rwflask.services import media
from rwflask.web.auth import public
from rwflask.web.errors import fail

# Media are public (names are unguessable), and browser clients play them from other origins with
# crossOrigin="anonymous" audio elements, which need CORS on the media response itself.
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Expose-Headers": "Accept-Ranges, Content-Length, Content-Range, Content-Type",
    "X-Content-Type-Options": "nosniff",
}
PREFLIGHT_HEADERS = {
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": "Range",
    "Access-Control-Max-Age": "86400",
}


def register(app: Flask) -> None:
    """Serve MEDIA_ROOT at MEDIA_URL's path when MEDIA_URL is local (a CDN URL is served elsewhere)."""
    prefix = app.config["MEDIA_URL"]
    if prefix.startswith("/"):
        app.add_url_rule(f"{prefix.rstrip('/')}/<path:name>", "media_file", media_file,
                         methods=["GET", "HEAD", "OPTIONS"], provide_automatic_options=False)


@public
def media_file(name: str):
    """Serve a media file (public: audio elements cannot send tokens; names are unguessable)."""
    if request.method == "OPTIONS":
        return Response(status=204, headers={**CORS_HEADERS, **PREFLIGHT_HEADERS})
    if name.startswith(".") or "/." in name or "\\" in name:
        fail(404, "Not found.")
    path = media.servable_path(name)
    if path is None:
        fail(404, "Not found.")
    # An original served in place of its MP3 must not be cached under the MP3's name.
    final = path.name == name
    mimetype = None if final else media.STAND_IN_TYPES.get(path.suffix.lower(), "audio/mpeg")
    response = send_file(path, mimetype=mimetype, conditional=True, max_age=3600 if final else 0, etag=True)
    response.headers["Accept-Ranges"] = "bytes"
    if not final:
        response.headers["Cache-Control"] = "no-cache"
    response.headers.update(CORS_HEADERS)
    return response
