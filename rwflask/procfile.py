"""The processes `make run` starts together (a Procfile for honcho), adapted to what already runs."""
import socket
import sys
from pathlib import Path
from urllib.parse import urlsplit


def reachable(url: str, timeout: float = 0.5) -> bool:
    """Whether something accepts TCP connections at the host and port of a URL."""
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 6379), timeout=timeout):
            return True
    except OSError:
        return False


def procfile(config: dict, port: int, api_workers: int) -> str:
    """One line per process: API, Celery worker with beat, Flower, and Redis when none is running."""
    bin_dir = Path(sys.executable).parent
    instance = Path(config["INSTANCE_PATH"])
    lines = {
        "api": f"{bin_dir}/granian --interface wsgi --host 0.0.0.0 --port {port} --workers {api_workers} "
               f"--blocking-threads 4 --access-log wsgi:app",
        "worker": f"{bin_dir}/celery -A workers.celery_app worker -B --concurrency 2 --loglevel INFO "
                  f"--schedule {instance / 'celerybeat-schedule'}",
        # Flower can stop workers and revoke tasks: loopback only unless the operator opens it.
        "flower": f"{bin_dir}/celery -A workers.celery_app flower --address={config['FLOWER_ADDRESS']} --port=5555"
                  + (f" --basic-auth={config['FLOWER_BASIC_AUTH']}" if config.get("FLOWER_BASIC_AUTH") else ""),
    }
    redis_url = config["REDIS_URL"]
    if not reachable(redis_url):
        parts = urlsplit(redis_url)
        data = instance / "redis"
        # Redis keeps an append-only file so queued tasks survive a restart; it runs as its own user.
        lines = {"redis": f"runuser -u redis -- redis-server --bind {parts.hostname or '127.0.0.1'} "
                          f"--port {parts.port or 6379} --dir {data} --appendonly yes --save ''", **lines}
    return "".join(f"{name}: {command}\n" for name, command in lines.items())
