"""Keeping streaming processes alive: restarts, start hooks, stopping with the supervisor, and running as a user."""
import os
import signal
import subprocess
import sys
import textwrap

import pytest

from rwflask.ops import supervisor
from rwflask.ops.supervisor import as_user, wait_until
from tests.support.processes import ROOT

SUPERVISE = textwrap.dedent("""
    import sys
    from rwflask.ops.supervisor import supervise

    child, hooks, mode = sys.argv[1], sys.argv[2], sys.argv[3]

    def on_start(process):
        with open(hooks, "a") as f:
            f.write(f"{process.pid}\\n")
        if mode == "failing":
            raise RuntimeError("restore failed")

    supervise(["sh", "-c", child], "test child", on_start=on_start)
""")


class Supervisor:
    """`supervise` running in its own process (it installs signal handlers) over a shell child."""

    def __init__(self, tmp_path, child: str, mode: str = "ok"):
        self.starts, self.hooks = tmp_path / "starts", tmp_path / "hooks"
        self.starts.touch()
        self.hooks.touch()
        child = child.replace("FILE", str(self.starts))
        self.process = subprocess.Popen([sys.executable, "-c", SUPERVISE, child, str(self.hooks), mode], cwd=ROOT,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)

    def started(self) -> list[int]:
        return [int(line) for line in self.starts.read_text().split()]

    def hooked(self) -> list[int]:
        return [int(line) for line in self.hooks.read_text().split()]

    def wait_for_starts(self, count: int) -> None:
        assert wait_until(lambda: len(self.started()) >= count or self.process.poll() is not None, 30, 0.02)
        assert self.process.poll() is None, self.process.stderr.read()

    def stop(self) -> tuple[int, str]:
        """SIGTERM the supervisor; its exit code and log."""
        self.process.send_signal(signal.SIGTERM)
        _, err = self.process.communicate(timeout=30)
        return self.process.returncode, err

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.communicate()


@pytest.fixture
def run_supervisor(tmp_path):
    """Start supervisors; kill any left running at the end."""
    started = []

    def start(child, mode="ok"):
        started.append(Supervisor(tmp_path, child, mode))
        return started[-1]
    yield start
    for sup in started:
        sup.kill()


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_child_that_exits_is_restarted(run_supervisor):
    sup = run_supervisor("echo $$ >> FILE; sleep 0.2")
    sup.wait_for_starts(3)
    assert len(set(sup.started())) >= 3


def test_restart_is_logged_with_the_exit_code(run_supervisor):
    sup = run_supervisor("echo $$ >> FILE; exit 3")
    sup.wait_for_starts(2)
    _, log = sup.stop()
    assert "test child exited with 3; restarting" in log


def test_sigterm_stops_the_supervisor_and_its_child(run_supervisor):
    sup = run_supervisor("echo $$ >> FILE; exec sleep 60")
    sup.wait_for_starts(1)
    child = sup.started()[0]
    code, _ = sup.stop()
    assert code == 0 and not alive(child)


def test_a_stopped_child_is_not_restarted(run_supervisor):
    sup = run_supervisor("echo $$ >> FILE; exec sleep 60")
    sup.wait_for_starts(1)
    sup.stop()
    assert len(sup.started()) == 1


def test_sigint_stops_the_supervisor_too(run_supervisor):
    sup = run_supervisor("echo $$ >> FILE; exec sleep 60")
    sup.wait_for_starts(1)
    sup.process.send_signal(signal.SIGINT)
    sup.process.communicate(timeout=30)
    assert sup.process.returncode == 0 and not alive(sup.started()[0])


def test_on_start_is_called_with_each_started_process(run_supervisor):
    sup = run_supervisor("echo $$ >> FILE; sleep 0.2")
    sup.wait_for_starts(3)
    sup.stop()
    assert set(sup.started()) <= set(sup.hooked()) and len(sup.hooked()) >= 3


def test_failing_on_start_does_not_stop_the_supervision(run_supervisor):
    sup = run_supervisor("echo $$ >> FILE; sleep 0.2", mode="failing")
    sup.wait_for_starts(3)
    code, log = sup.stop()
    assert code == 0 and "test child: start hook failed" in log and "restore failed" in log


def test_wait_until_is_true_once_the_predicate_holds():
    calls = []

    def third_time():
        calls.append(1)
        return len(calls) >= 3
    assert wait_until(third_time, timeout=30, interval=0.01) is True and len(calls) == 3


def test_wait_until_is_false_when_the_predicate_never_holds():
    calls = []
    assert wait_until(lambda: calls.append(1), timeout=0.2, interval=0.02) is False and len(calls) > 1


def test_as_user_wraps_with_runuser_when_root(monkeypatch):
    monkeypatch.setattr(supervisor.os, "geteuid", lambda: 0)
    assert as_user("liquidsoap", ["liquidsoap", "x.liq"]) == ["runuser", "-u", "liquidsoap", "--", "liquidsoap",
                                                              "x.liq"]


def test_as_user_leaves_the_command_alone_when_not_root(monkeypatch):
    monkeypatch.setattr(supervisor.os, "geteuid", lambda: 1000)
    assert as_user("liquidsoap", ["liquidsoap", "x.liq"]) == ["liquidsoap", "x.liq"]


def test_as_user_runs_the_command_as_that_user():
    expected = "liquidsoap" if os.geteuid() == 0 else subprocess.run(["id", "-un"], capture_output=True,
                                                                       text=True).stdout.strip()
    result = subprocess.run(as_user("liquidsoap", ["id", "-un"]), capture_output=True, text=True, check=True)
    assert result.stdout.strip() == expected


def test_with_niceness_runs_the_command_at_that_niceness():
    command = supervisor.with_niceness(5, [sys.executable, "-c", "import os; print(os.nice(0))"])
    printed = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    assert int(printed) == os.nice(0) + 5


def test_zero_niceness_leaves_the_command_as_it_is():
    assert supervisor.with_niceness(0, ["liquidsoap", "node.liq"]) == ["liquidsoap", "node.liq"]


def test_a_stop_that_arrives_while_the_child_is_being_started_stops_the_child(monkeypatch):
    real_popen = subprocess.Popen
    children = []

    def popen_then_stop(*args, **kwargs):
        children.append(real_popen(*args, **kwargs))
        os.kill(os.getpid(), signal.SIGTERM)  # handled before Popen has returned the child
        return children[-1]
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGTERM, signal.SIGINT)}
    monkeypatch.setattr(supervisor.subprocess, "Popen", popen_then_stop)
    try:
        supervisor.supervise(["sleep", "5"], "test child")
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)
    assert len(children) == 1 and children[0].wait(timeout=5) == -signal.SIGTERM
