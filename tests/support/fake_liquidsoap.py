"""A tiny real TCP server speaking Liquidsoap's telnet protocol, for tests of the code that drives render nodes."""
import queue
import socketserver
import threading


class FakeLiquidsoap:
    """Answers each command line with `answers[command]` (or `unknown`) then `\\r\\nEND\\r\\n`; `quit` closes.

    With `silent=True` it reads commands and never answers (a hung node). Every finished
    connection puts the list of commands it received on `connections`.
    """

    def __init__(self, answers: dict | None = None, silent: bool = False, unknown: str = "ERROR: unknown command"):
        self.answers = {"rw.ping": "pong"} if answers is None else answers
        self.silent = silent
        self.unknown = unknown
        self.connections: queue.Queue[list[str]] = queue.Queue()
        fake = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self):
                received = []
                try:
                    for raw in self.rfile:
                        command = raw.decode().rstrip("\r\n")
                        received.append(command)
                        if command == "quit":
                            self.wfile.write(b"Bye!\r\n")
                            break
                        if not fake.silent:
                            answer = fake.answers.get(command, fake.unknown)
                            self.wfile.write(answer.encode() + b"\r\nEND\r\n")
                except OSError:
                    pass
                finally:
                    fake.connections.put(received)

        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.server.block_on_close = False
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05},
                                       daemon=True)
        self.thread.start()

    def next_connection(self, timeout: float = 5.0) -> list[str]:
        """The commands of the next connection that ended."""
        return self.connections.get(timeout=timeout)

    def stop(self) -> None:
        """Stop listening."""
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()
