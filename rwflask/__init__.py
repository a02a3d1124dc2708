"""rwflask: a Roundware-compatible audio augmented reality server.

The package imports nothing by itself, so that its pure parts (the playlist engine) load
without Flask; `create_app` builds the web application (`rwflask.app`).
"""


def create_app(overrides: dict | None = None):
    """Build the Flask app from the environment, then apply `overrides` (tests pass theirs here)."""
    from rwflask.app import build_app

    return build_app(overrides)
