"""Real background processes for tests: a private Redis and Celery workers, started and stopped by the tests."""
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, timeout: float = 15.0) -> None:
    """Block until something accepts connections on the port."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f"nothing listens on port {port}")


class RedisServer:
    """A throwaway redis-server on a free loopback port."""

    def __init__(self):
        self.port = free_port()
        self.dir = tempfile.mkdtemp(prefix="rwflask-redis-")
        self.start()
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        """Start (or start again) the server on its port."""
        self.process = subprocess.Popen(
            [shutil.which("redis-server") or "redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
             "--save", "", "--appendonly", "no", "--dir", self.dir],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for_port(self.port)

    def halt(self) -> None:
        """Stop the server, keeping its folder (to start it again)."""
        self.process.terminate()
        self.process.wait(timeout=10)

    def stop(self) -> None:
        """Stop the server and remove its folder."""
        self.halt()
        shutil.rmtree(self.dir, ignore_errors=True)


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
        return True
    except ProcessLookupError:
        return False


class CeleryWorker:
    """A real `celery worker` process for the test app's database, media folder and queue."""

    def __init__(self, env: dict, log_path: Path, pool: str = "prefork", concurrency: int = 1,
                 beat_schedule: Path | None = None, queues: list[str] | None = None):
        self.log_path = log_path
        self.log = log_path.open("ab")
        beat = ["-B", "--schedule", str(beat_schedule)] if beat_schedule else []
        self.process = subprocess.Popen(
            [str(BIN / "celery"), "-A", "workers.celery_app", "worker", "--pool", pool, "--concurrency",
             str(concurrency), *beat, "--loglevel", "INFO", "--without-mingle", "--without-gossip",
             "-Q", ",".join(queues or [env["CELERY_QUEUE"]])],
            cwd=ROOT, env={**os.environ, **env}, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        self._wait_ready()

    def _wait_ready(self, timeout: float = 60.0) -> None:
        deadline = time.time() + timeout
        while time.time() < deadline:
            if b" ready." in self.log_path.read_bytes():
                return
            if self.process.poll() is not None:
                raise RuntimeError("celery worker exited:\n" + self.log_path.read_text()[-2000:])
            time.sleep(0.1)
        raise TimeoutError("celery worker did not become ready")

    def kill(self) -> None:
        """SIGKILL the worker and its children, as a crash would."""
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass  # the whole group is already gone
        self.process.wait(timeout=10)

    def stop(self) -> None:
        """Stop the worker (warm shutdown), killing it if it does not stop in time."""
        if self.process.poll() is None:
            # Only the main process: it lets its pool finish the tasks in hand (SIGTERM to the whole
            # group killed them mid-task and logged WorkerLostError).
            os.kill(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                pass
        if self.process.poll() is None or _group_alive(self.process.pid):
            self.kill()
        self.log.close()


class ManagedProcess:
    """A long-running command of ours (`flask rw ...`, granian), logging to a file, in its own process group."""

    def __init__(self, command: list[str], env: dict, log_path: Path):
        self.log_path = log_path
        self.log = log_path.open("ab")
        self.process = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **env}, stdout=self.log,
                                        stderr=subprocess.STDOUT, start_new_session=True)

    def alive(self) -> bool:
        """Whether it still runs."""
        return self.process.poll() is None

    def stop(self) -> None:
        """SIGTERM the group (supervisors stop their children), SIGKILL if it lingers."""
        if self.alive():
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        self.log.close()


def flask_command(*args: str) -> list[str]:
    """`flask --app wsgi rw ...` from this virtualenv."""
    return [str(BIN / "flask"), "--app", "wsgi", "rw", *args]


def api_server_command(port: int) -> list[str]:
    """The production WSGI server (granian) on a loopback port."""
    return [str(BIN / "granian"), "--interface", "wsgi", "--host", "127.0.0.1", "--port", str(port), "--workers", "1",
            "--blocking-threads", "4", "wsgi:app"]
