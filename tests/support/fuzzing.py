"""Schemathesis against the API: the demo data, a staff and a participant token, and one `st run` per token.

Shared by tests/api/test_openapi_fuzz.py (a short run that must find nothing) and bench/fuzz_api.py (longer).
"""
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from rwflask.extensions import db
from rwflask.models import Session
from rwflask.ops import demo
from rwflask.services import tokens, users
from rwflask.models.base import utcnow

BIN = Path(sys.executable).parent
ROOT = Path(__file__).resolve().parents[2]
SCHEMA_PATH = "/api/2/openapi.json"
STAFF_NAME = "fuzz-staff"

HOOKS = "tests.support.fuzz_hooks"
# No operation is left out: none streams forever (listeners get audio from Icecast, not from the API), and uploads
# are multipart operations like the others (schemathesis sends them without a playable file: their refusals).


@dataclass
class Outcome:
    """What one `st run` printed and how it ended."""

    role: str
    returncode: int
    output: str

    @property
    def passed(self) -> bool:
        """Whether schemathesis found nothing (exit code 0)."""
        return self.returncode == 0


@dataclass
class Role:
    """Who schemathesis acts as: a token, and the session whose id it sends wherever one is asked for."""

    name: str
    token: str
    session_id: int


def seed(media_root: Path | None = None) -> list[Role]:
    """The demo project (with its recordings when `media_root` is given), a staff user and a participant."""
    project, _ = demo.seed_demo(ambient_uri="http://127.0.0.1/ambient.mp3")
    if media_root is not None:
        media_root.mkdir(parents=True, exist_ok=True)
        demo.seed_demo_media(project, media_root)
    staff = users.create_admin(STAFF_NAME, "fuzz-staff-password")
    participant = users.register_device("fuzz-participant-0001", client_type="schemathesis")
    roles = [Role("staff", tokens.issue_token(staff), _session(staff.id, project)),
             Role("participant", participant["token"], _session(participant["id"], project))]
    db.session.commit()
    return roles


def _session(user_id: int, project) -> int:
    session = Session(user_id=user_id, project_id=project.id, language_id=project.languages[0].id,
                      starttime=utcnow(), client_type="schemathesis")
    db.session.add(session)
    db.session.flush()
    return session.id




# schemathesis's own list, and 413: a body over the server's size bound (rwflask/web/limits.py) is refused as such.
REJECTION_STATUSES = ["400", "401", "403", "404", "405", "406", "409", "413", "415", "422", "428", "429", "5xx"]


def config(role: Role) -> str:
    """schemathesis.toml of a run: the role's session id wherever one is asked for, what a refusal is, and no
    cache (it would replay earlier runs' failures: a run depends on its seed alone)."""
    return (f"[cache]\nenabled = false\n\n[parameters]\nsession_id = {role.session_id}\n\n"
            f"[checks.negative_data_rejection]\nexpected-statuses = {REJECTION_STATUSES}\n").replace("'", '"')


def command(base_url: str, role: Role, examples: int, seed_value: int, report_dir: Path) -> list[str]:
    """`st run` with every check, both generation modes and a fixed seed."""
    config_file = report_dir / "schemathesis.toml"
    config_file.write_text(config(role))
    return [str(BIN / "st"), "--no-color", "--config-file", str(config_file), "run", f"{base_url}{SCHEMA_PATH}",
            "--checks", "all", "--mode", "all", "--max-examples", str(examples), "--seed", str(seed_value),
            "--workers", "1", "--header", f"Authorization: token {role.token}", "--request-timeout", "30",
            "--report", "junit", "--report-dir", str(report_dir)]


def run(base_url: str, roles: list[Role], examples: int, seed_value: int, report_dir: Path) -> list[Outcome]:
    """Run schemathesis as every role at once (one process each: they spend most of the CPU, not the server);
    their outputs are kept whole for the report."""
    env = {**os.environ, "SCHEMATHESIS_HOOKS": HOOKS, "PYTHONPATH": str(ROOT)}
    running = []
    for role in roles:
        role_dir = report_dir / role.name
        role_dir.mkdir(parents=True, exist_ok=True)
        log = (role_dir / "output.txt").open("w+")
        running.append((role, log, subprocess.Popen(command(base_url, role, examples, seed_value, role_dir), env=env,
                                                    cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, text=True)))
    outcomes = []
    for role, log, process in running:
        returncode = process.wait()
        log.seek(0)
        outcomes.append(Outcome(role.name, returncode, log.read()))
        log.close()
    return outcomes
