"""Django REST Framework's opt-in page envelope: `{count, next, previous, results}`."""
from urllib.parse import urlencode

from flask import current_app, request

DEFAULT_PAGE_SIZE = 20


def _page_url(page: int) -> str:
    args = request.args.to_dict(flat=False)
    args["page"] = [str(page)]
    # From PUBLIC_URL, never the request's Host header (which a client chooses).
    base = current_app.config["PUBLIC_URL"] + request.script_root + request.path
    return f"{base}?{urlencode(sorted(args.items()), doseq=True)}"


def page_bounds(args: dict) -> tuple[int, int]:
    """(page, page_size) from `?page=&page_size=`."""
    return args.get("page", 1), args.get("page_size", DEFAULT_PAGE_SIZE)


def envelope(results: list, count: int, page: int, page_size: int) -> dict:
    """The page envelope with absolute links to the neighbouring pages."""
    last_page = max(1, -(-count // page_size))
    return {
        "count": count,
        "next": _page_url(page + 1) if page < last_page else None,
        "previous": _page_url(page - 1) if page > 1 else None,
        "results": results,
    }
