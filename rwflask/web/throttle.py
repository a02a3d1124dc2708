"""Rate limits per client address on the doors to credentials: password logins and `POST users/`.

Counted by Flask-Limiter in Redis (`REDIS_URL`), so every API process shares the counts; when Redis
cannot be reached each process counts in memory instead. Limits are read from the configuration on
every request (`RATE_LIMIT_LOGIN`, `RATE_LIMIT_USERS`, `RATE_LIMITS_ENABLED`).
"""
import math
import time

from flask import Flask, current_app
from flask_limiter import RateLimitExceeded

from rwflask.extensions import limiter

FALLBACK_RETRY_AFTER = 60


def _disabled() -> bool:
    return not current_app.config["RATE_LIMITS_ENABLED"]


# One budget for both password logins (`POST login/` and the admin form): two doors, one count.
login_limit = limiter.shared_limit(lambda: current_app.config["RATE_LIMIT_LOGIN"], scope="login",
                                   methods=["POST"], exempt_when=_disabled)
registration_limit = limiter.shared_limit(lambda: current_app.config["RATE_LIMIT_USERS"], scope="users",
                                          methods=["POST"], exempt_when=_disabled)


def init_app(app: Flask) -> None:
    """Bind the limiter: Redis storage unless configured otherwise, a moving window, the 429 answer."""
    app.config.setdefault("RATELIMIT_STORAGE_URI", app.config["REDIS_URL"])
    app.config.setdefault("RATELIMIT_STRATEGY", "moving-window")
    app.config.setdefault("RATELIMIT_KEY_PREFIX", "rwflask")
    app.config.setdefault("RATELIMIT_IN_MEMORY_FALLBACK_ENABLED", True)
    limiter.init_app(app)
    app.register_error_handler(RateLimitExceeded, too_many_requests)


def retry_after() -> int:
    """Whole seconds until the breached limit lets this client in again (at least 1)."""
    try:
        reset_at = limiter.current_limit.reset_at
    except Exception:  # the storage went away between the check and now
        return FALLBACK_RETRY_AFTER
    return max(1, math.ceil(reset_at - time.time()))


def too_many_requests(error: RateLimitExceeded):
    """429 in the API's error shape, with `Retry-After` (Django REST Framework's wording)."""
    seconds = retry_after()
    return ({"detail": f"Request was throttled. Expected available in {seconds} seconds."}, 429,
            {"Retry-After": str(seconds)})
