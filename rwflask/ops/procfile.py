"""The processes `make run` starts together (a Procfile for honcho), adapted to what already runs."""
import socket
import sys
from pathlib import Path
from urllib.parse import urlsplit

from rwflask.streaming.nodes import parse_nodes

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}


def reachable(url: str, timeout: float = 0.5) -> bool:
    """Whether something accepts TCP connections at the host and port of a URL."""
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 6379), timeout=timeout):
            return True
    except OSError:
        return False


def local_render_nodes(config: dict) -> list[str]:
    """Names of the configured render nodes that run on this machine."""
    return [node.name for node in parse_nodes(config.get("RENDER_NODES", ""), 1, 1, 1) if node.host in LOCAL_HOSTS]


def procfile(config: dict, port: int, api_workers: int) -> str:
    """One line per process: API, Celery worker with beat, Flower, Icecast, the silence feeder and
    the local render nodes, and Redis when none is running."""
    bin_dir = Path(sys.executable).parent
    instance = Path(config["INSTANCE_PATH"])
    flask = f"{bin_dir}/flask --app wsgi rw"
    lines = {
        "api": f"{bin_dir}/granian --interface wsgi --host 0.0.0.0 --port {port} --workers {api_workers} "
               f"--blocking-threads 4 --access-log wsgi:app",
        "worker": f"{bin_dir}/celery -A workers.celery_app worker -B --concurrency 2 --loglevel INFO "
                  f"--schedule {instance / 'celerybeat-schedule'} -Q {config['CELERY_QUEUE']} "
                  f"--hostname media@%h",
        # Stream control on its own worker, so a listener's move never waits behind a conversion.
        "streams": f"{bin_dir}/celery -A workers.celery_app worker --concurrency 4 --loglevel INFO "
                   f"-Q {config['CELERY_STREAM_QUEUE']} --hostname streams@%h",
        # Flower can stop workers and revoke tasks: loopback only unless the operator opens it. Its password
        # is not put on the command line (any local user can read that with ps): Flower reads
        # FLOWER_BASIC_AUTH from the environment it inherits.
        "flower": f"{bin_dir}/celery -A workers.celery_app flower --address={config['FLOWER_ADDRESS']} --port=5555",
        "icecast": f"{flask} icecast",
        "silence": f"{flask} silence-feeder",
        **{f"node-{name}": f"{flask} render-node {name}" for name in local_render_nodes(config)},
    }
    redis_url = config["REDIS_URL"]
    if not reachable(redis_url):
        parts = urlsplit(redis_url)
        data = instance / "redis"
        # Redis keeps an append-only file so queued tasks survive a restart; it runs as its own user.
        lines = {"redis": f"runuser -u redis -- redis-server --bind {parts.hostname or '127.0.0.1'} "
                          f"--port {parts.port or 6379} --dir {data} --appendonly yes --save ''", **lines}
    return "".join(f"{name}: {command}\n" for name, command in lines.items())
