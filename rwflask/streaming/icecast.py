"""What Icecast says about the session mounts (listeners, live sources)."""
import json
import urllib.request

from flask import current_app


def _status_url() -> str:
    config = current_app.config
    return f"http://{config['ICECAST_HOST']}:{config['ICECAST_PORT']}/status-json.xsl"


def mounts() -> dict[str, int]:
    """Live mounts and their listener counts ({} when Icecast does not answer)."""
    try:
        with urllib.request.urlopen(_status_url(), timeout=2) as response:
            # Icecast 2.4 can emit invalid JSON for titles with control characters: be lenient.
            data = json.loads(response.read().decode("utf-8", errors="replace"), strict=False)
    except (OSError, ValueError):
        return {}
    sources = data.get("icestats", {}).get("source", [])
    if isinstance(sources, dict):
        sources = [sources]
    result = {}
    for source in sources:
        mount = source.get("listenurl", "").rsplit("/", 1)[-1]
        if mount:
            result[mount] = int(source.get("listeners", 0) or 0)
    return result


def public_base(request_host: str) -> str:
    """Where listeners reach Icecast (ICECAST_PUBLIC_URL, or the request's host on ICECAST_PORT)."""
    config = current_app.config
    return config["ICECAST_PUBLIC_URL"] or f"http://{request_host.split(':')[0]}:{config['ICECAST_PORT']}"
