"""Keeping the streaming processes alive: run a child, restart it when it dies, stop with us.

Debian's liquidsoap and icecast2 refuse to run as root, so when we are root the child runs as
its own system user.
"""
import logging
import os
import signal
import subprocess
import sys
import time

log = logging.getLogger(__name__)
RESTART_DELAY_S = 0.5


def as_user(user: str, command: list[str]) -> list[str]:
    """The command, run as `user` when we are root."""
    return ["runuser", "-u", user, "--", *command] if os.geteuid() == 0 else command


def with_niceness(niceness: int, command: list[str]) -> list[str]:
    """The command at another scheduling priority (coreutils `nice` runs it anyway if it may not)."""
    return ["nice", "-n", str(niceness), *command] if niceness else command


def supervise(command: list[str], name: str, on_start=None) -> None:
    """Run `command` until we are told to stop, restarting it whenever it exits.

    `on_start(process)` runs after each start (for example to put a render node's streams back).
    """
    stopping = False
    child: subprocess.Popen | None = None

    def stop(signum, frame):
        nonlocal stopping
        stopping = True
        if child is not None and child.poll() is None:
            child.terminate()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    while not stopping:
        child = subprocess.Popen(command, stdout=sys.stdout, stderr=sys.stderr)
        if stopping:  # told to stop while the child was being started: `stop` could not reach it yet
            child.terminate()
            break
        log.warning("%s started (pid %s)", name, child.pid)
        if on_start is not None:
            try:
                on_start(child)
            except Exception:  # noqa: BLE001 - a failed restore must not stop the supervision
                log.exception("%s: start hook failed", name)
        code = child.wait()
        if not stopping:
            log.warning("%s exited with %s; restarting", name, code)
            time.sleep(RESTART_DELAY_S)
    if child is not None:
        try:
            child.wait(timeout=10)
        except subprocess.TimeoutExpired:
            child.kill()


def wait_until(predicate, timeout: float, interval: float = 0.1) -> bool:
    """Poll `predicate` until it is true or `timeout` seconds passed."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return False
