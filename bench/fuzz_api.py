#!/usr/bin/env python3
"""Fuzz the API against its OpenAPI document with schemathesis (every check), as staff and as a participant.

    .venv/bin/python bench/fuzz_api.py [--examples 50] [--seed 1] [--base-url URL --staff-token KEY]

Without --base-url it builds a fresh instance (SQLite in a temporary folder), migrates it, seeds the demo
project with its recordings, makes a staff user and a participant with a session, and serves the app from
a thread on a free loopback port. With --base-url it fuzzes that server: --staff-token is a staff user's
token key; a participant is registered there (POST users/) unless --participant-token is given.
Prints schemathesis's report per role; the JUnit XML lands in bench/results/fuzz-<time>/<role>/.
Exits 1 when schemathesis found anything.
"""
import argparse
import json
import os
import shutil
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support import fuzzing  # noqa: E402
from tests.support.fake_liquidsoap import FakeLiquidsoap  # noqa: E402


def local_instance(instance: Path):
    """A fresh app in `instance`, migrated and seeded; returns it and the roles to fuzz as."""
    os.environ["RW_INSTANCE_PATH"] = str(instance)
    os.environ.setdefault("RATE_LIMITS_ENABLED", "false")  # thousands of registrations from one address
    from flask_migrate import upgrade

    from rwflask import create_app

    app = create_app({"RENDER_NODES": ""})
    with app.app_context():
        upgrade()
        roles = fuzzing.seed(Path(app.config["MEDIA_ROOT"]))
    return app, roles


def post(base_url: str, path: str, payload: dict, token: str | None = None) -> dict:
    """POST a JSON body to the server; its JSON answer."""
    headers = {"Content-Type": "application/json", **({"Authorization": f"token {token}"} if token else {})}
    request = urllib.request.Request(f"{base_url}/api/2/{path}", data=json.dumps(payload).encode(), method="POST",
                                     headers=headers)
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def remote_role(base_url: str, name: str, token: str | None, project_id: int) -> fuzzing.Role:
    """A role on a running server: the token given (else a participant registered there) and a new session."""
    if token is None:
        token = post(base_url, "users/", {"device_id": f"fuzz-{int(time.time())}", "client_type": "schemathesis"})[
            "token"]
    session = post(base_url, "sessions/", {"project_id": project_id, "client_type": "schemathesis"}, token)
    return fuzzing.Role(name, token, session["id"])


def fuzz(base_url: str, roles: list[fuzzing.Role], args) -> bool:
    """Run every role; print each report; whether all passed."""
    report_dir = ROOT / "bench" / "results" / f"fuzz-{time.strftime('%Y%m%d-%H%M%S')}"
    started = time.monotonic()
    outcomes = fuzzing.run(base_url, roles, args.examples, args.seed, report_dir)
    for outcome in outcomes:
        print(f"# {outcome.role}: exit {outcome.returncode}\n{outcome.output}")
    print(f"# wall time {time.monotonic() - started:.0f} s (the roles run at once)")
    passed = all(outcome.passed for outcome in outcomes)
    print(f"# reports: {report_dir}")
    return passed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--examples", type=int, default=50, help="test cases per operation and phase")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--base-url", default=None, help="a running server (default: a fresh local instance)")
    ap.add_argument("--staff-token", default=None, help="with --base-url: a staff user's token key")
    ap.add_argument("--participant-token", default=None, help="with --base-url (default: register one)")
    ap.add_argument("--project-id", type=int, default=1, help="with --base-url: the project of the sessions")
    args = ap.parse_args()
    if args.base_url:
        if not args.staff_token:
            ap.error("--base-url needs --staff-token")
        base = args.base_url.rstrip("/")
        roles = [remote_role(base, "staff", args.staff_token, args.project_id),
                 remote_role(base, "participant", args.participant_token, args.project_id)]
        sys.exit(0 if fuzz(base, roles, args) else 1)
    instance = Path(tempfile.mkdtemp(prefix="rwflask-fuzz-"))
    try:
        app, roles = local_instance(instance)
        with FakeLiquidsoap(unknown="ok") as node, fuzzing.serve(app) as base:
            app.config["RENDER_NODES"] = f"r1=127.0.0.1:{node.port}"  # streams start (on a node that plays nothing)
            passed = fuzz(base, roles, args)
    finally:
        shutil.rmtree(instance, ignore_errors=True)
    sys.exit(0 if passed else 1)


if __name__ == "__main__":
    main()
