"""The test app on a real loopback port, for clients that need one (a browser, schemathesis over HTTP)."""
import threading
from contextlib import contextmanager

from werkzeug.serving import WSGIRequestHandler, make_server

from tests.support.processes import wait_for_port


class QuietHandler(WSGIRequestHandler):
    """Werkzeug's request handler without its line per request (thousands of them)."""

    def log_request(self, *args, **kwargs) -> None:
        """Nothing."""


@contextmanager
def serve(app, quiet: bool = True):
    """The app on a free loopback port, served from a background thread; yields its base URL, which is
    also its PUBLIC_URL meanwhile (media URLs in answers are absolute)."""
    handler = QuietHandler if quiet else WSGIRequestHandler
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=handler)  # port 0: any free one
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    public_url = app.config["PUBLIC_URL"]
    app.config["PUBLIC_URL"] = f"http://127.0.0.1:{server.server_port}"
    try:
        wait_for_port(server.server_port)
        yield app.config["PUBLIC_URL"]
    finally:
        app.config["PUBLIC_URL"] = public_url
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
