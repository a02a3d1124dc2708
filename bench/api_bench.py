#!/usr/bin/env python3
"""Benchmark the API with the shared Roundware workload (rwbench) against one rwflask process.

    .venv/bin/python bench/api_bench.py [--scenarios uiconfig,users_create,sessions_create]
                                        [--concurrency 1,16] [--duration 20] [--database-url URL]

It builds a fresh instance (SQLite in a temporary folder unless --database-url is given), migrates
it, seeds the demo project, starts one API worker process (granian) on a free loopback port, gets a
token, runs ../shared/bench/rwbench.py (or RWBENCH=path) and prints rwbench's table (p50/p99 per
scenario and concurrency). Results are also written as JSON under bench/results/.
"""
import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
DEFAULT_RWBENCH = ROOT.parent / "shared" / "bench" / "rwbench.py"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, timeout: float = 30) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except Exception:
            time.sleep(0.1)
    raise SystemExit(f"server did not answer at {url}")


def post_json(url: str, payload: dict) -> dict:
    req = urllib.request.Request(url, data=json.dumps(payload).encode(),
                                 headers={"Content-Type": "application/json"}, method="POST")
    with urllib.request.urlopen(req, timeout=10) as resp:
        return json.loads(resp.read())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scenarios", default="uiconfig,users_create,sessions_create")
    ap.add_argument("--concurrency", default="1,16")
    ap.add_argument("--duration", default="20")
    ap.add_argument("--max-requests", default="3000")
    ap.add_argument("--database-url", default=None, help="default: SQLite in a temporary instance folder")
    ap.add_argument("--threads", default="4", help="Python threads of the single API worker process")
    ap.add_argument("--seed-command", default=None,
                    help="extra `flask --app wsgi ...` arguments run after seed-demo (e.g. 'rw seed-bench')")
    ap.add_argument("--label", default="rwflask")
    args, extra = ap.parse_known_args()

    instance = Path(tempfile.mkdtemp(prefix="rwflask-bench-"))
    # The load comes from one address: the per-address limit on POST users/ is lifted (still counted).
    env = {**os.environ, "RW_INSTANCE_PATH": str(instance), "RATE_LIMIT_USERS": "1000000/minute"}
    if args.database_url:
        env["DATABASE_URL"] = args.database_url
    flask = [str(VENV_BIN / "flask"), "--app", "wsgi"]
    subprocess.run(flask + ["db", "upgrade"], cwd=ROOT, env=env, check=True, capture_output=True)
    subprocess.run(flask + ["rw", "seed-demo"], cwd=ROOT, env=env, check=True)
    if args.seed_command:
        subprocess.run(flask + args.seed_command.split(), cwd=ROOT, env=env, check=True)

    port = free_port()
    server = subprocess.Popen(
        [str(VENV_BIN / "granian"), "--interface", "wsgi", "--host", "127.0.0.1", "--port", str(port),
         "--workers", "1", "--blocking-threads", args.threads, "--log-level", "warning", "wsgi:app"],
        cwd=ROOT, env=env)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(f"{base}/api/2/")
        token = post_json(f"{base}/api/2/users/", {"device_id": "bench-admin-0001", "client_type": "rwbench"})["token"]
        results = ROOT / "bench" / "results"
        results.mkdir(exist_ok=True)
        out = results / f"api-{time.strftime('%Y%m%d-%H%M%S')}.json"
        rwbench = os.environ.get("RWBENCH", str(DEFAULT_RWBENCH))
        subprocess.run([sys.executable, rwbench, "--base-url", base, "--token", token, "--project-id", "1",
                        "--scenarios", args.scenarios, "--concurrency", args.concurrency,
                        "--duration", args.duration, "--max-requests", args.max_requests,
                        "--pids", str(server.pid), "--label", args.label, "--out", str(out), *extra], check=True)
        print(f"# results: {out}")
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(instance, ignore_errors=True)


if __name__ == "__main__":
    main()
