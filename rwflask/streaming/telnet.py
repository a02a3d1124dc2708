"""Liquidsoap's telnet server protocol: send a command line, read lines until `END`.

One short connection per batch of commands, with a timeout on every call (a render node that
hangs must never hang a Celery worker).
"""
import logging
import socket
import time

log = logging.getLogger(__name__)
SLOW_SECONDS = 0.5
END = b"\r\nEND\r\n"


class NodeUnavailable(ConnectionError):
    """The render node did not answer."""


class LiquidsoapClient:
    """Commands to one render node."""

    def __init__(self, host: str, port: int, timeout: float = 3.0):
        self.host, self.port, self.timeout = host, port, timeout

    def run(self, *commands: str) -> list[str]:
        """Send commands in order on one connection; return each answer (without `END`)."""
        if any("\n" in command or "\r" in command for command in commands):
            raise ValueError("a command is one line")
        started = time.monotonic()
        try:
            with socket.create_connection((self.host, self.port), timeout=self.timeout) as conn:
                answers = [self._ask(conn, command) for command in commands]
                conn.sendall(b"quit\n")
        except OSError as exc:
            raise NodeUnavailable(f"render node {self.host}:{self.port}: {exc}") from exc
        elapsed = time.monotonic() - started
        if elapsed > SLOW_SECONDS:
            log.warning("render node %s:%s took %.2f s for %s", self.host, self.port, elapsed,
                        [command.split(" ", 1)[0] for command in commands])
        return answers

    @staticmethod
    def _ask(conn: socket.socket, command: str) -> str:
        conn.sendall(command.encode() + b"\n")
        data = b""
        while not data.endswith(END) and data != b"END\r\n":
            chunk = conn.recv(65536)
            if not chunk:
                raise OSError("connection closed before END")
            data += chunk
        return data[: -len(END)].decode(errors="replace") if data.endswith(END) else ""

    def ping(self) -> bool:
        """Whether the node answers its own liveness command."""
        try:
            return self.run("rw.ping") == ["pong"]
        except NodeUnavailable:
            return False


def annotate(uri: str, **metadata) -> str:
    """A request URI carrying metadata, every value quoted (2.1.3 silently fails otherwise)."""
    fields = ",".join(f'{key}="{_clean(value)}"' for key, value in metadata.items())
    return f"annotate:{fields}:{uri}" if fields else uri


def _clean(value) -> str:
    """A metadata value that cannot break the annotate syntax or the telnet line."""
    return str(value).replace('"', "").replace("\n", " ").replace("\r", " ")
