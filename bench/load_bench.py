#!/usr/bin/env python3
"""Load test: `--users` concurrent participants (locust) walking the Roundware client journey
for `--seconds` against the production processes, on SQLite or PostgreSQL.

    .venv/bin/python bench/load_bench.py [--users 50] [--seconds 60] [--spawn-rate 10] \
        [--database sqlite|postgresql] [--think 1.0] [--assets 1000]

A fresh stack per run, as `make run` lays it out minus streaming: a temporary instance folder,
SQLite in it or a throwaway PostgreSQL database (made through RW_TEST_PG_ADMIN_URL like the
test suite, dropped at the end), a private Redis, the API under granian (`--api-workers`
processes of 4 threads, access log on), the Celery media worker with beat (converts uploads
to MP3) and the stream worker (playlists follow new uploads, votes and listen events). No
render node or Icecast: the journey asks for no stream. The demo project (`rw seed-demo`:
tags, UI groups, 4 spoken recordings) plus `--assets` bench assets (`rw seed-bench`).

Every participant repeats the journey of a Roundware client, each time as a new device,
with a think time between calls (uniform in 0.5-1.5 x `--think` seconds; 0 = back to back):

    POST users/ (device_id, client_type) -> token    POST sessions/
    GET projects/:id/   GET projects/:id/uiconfig/   GET projects/:id/assets/
    GET assets/?project_id=                          POST events/
    POST listenevents/ (a play of a listed asset)
    POST assets/:id/votes/ (like)   GET assets/:id/votes/
    POST envelopes/   PATCH envelopes/:id/ (multipart: a small real WAV as `file`, plus
                      session_id, latitude, longitude, tag_ids, media_type=audio)

Measured after every participant has started, for `--seconds`: requests, errors (any answer
that is not 2xx, or a connection failure: nothing else is expected), p50/p99/max per call and
overall, throughput, CPU of the API, the workers and the load generator; then whether every
upload was converted (the media worker drained within 120 s), and the 5xx lines and tracebacks
found in the API and worker logs.

Rate limits: one address registers every participant here, so RATE_LIMIT_USERS is raised
(`--rate-limit-users`, default 100000/minute; the embedded default is 30/minute per address) and
the run says so. Login limits are untouched (the journey does not log in).
"""
from locust import FastHttpUser, events, task  # noqa: I001 - first: locust monkey-patches the standard library (gevent)
from locust.env import Environment

import argparse
import json
import os
import random
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import gevent
import gevent.event

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.processes import (CeleryWorker, ManagedProcess, RedisServer, free_port, wait_for_port)

BIN = Path(sys.executable).parent
DEFAULT_PG_ADMIN_URL = "postgresql://rwflask_test:rwflask_test@127.0.0.1:5432/postgres"
TICK = os.sysconf("SC_CLK_TCK")
CENTRE = (42.3550, -71.0656)  # the demo project's centre (rwflask/ops/demo.py)
CALLS = ["POST users/", "POST sessions/", "GET projects/:id/", "GET projects/:id/uiconfig/",
         "GET projects/:id/assets/", "GET assets/?project_id=", "POST events/", "POST listenevents/",
         "POST assets/:id/votes/", "GET assets/:id/votes/", "POST envelopes/", "PATCH envelopes/:id/"]


# --- the stack ----------------------------------------------------------------------------------------------------

class LoadStack:
    """Redis, the API and both Celery workers on a fresh instance (SQLite or a throwaway PostgreSQL database)."""

    def __init__(self, database: str, api_workers: int, rate_limit_users: str, pg_admin_url: str):
        self.instance = Path(tempfile.mkdtemp(prefix="rwflask-load-bench-"))
        self.instance.chmod(0o755)
        self.logs = self.instance / "logs"
        self.logs.mkdir()
        self.api_workers = api_workers
        self.pg_admin_url, self.pg_database = pg_admin_url, None
        self.processes: dict[str, ManagedProcess] = {}
        self.workers: dict[str, CeleryWorker] = {}
        self.redis = RedisServer()
        self.port = free_port()
        self.env = {"RW_INSTANCE_PATH": str(self.instance), "REDIS_URL": self.redis.url, "SECRET_KEY": "load-bench",
                    "CELERY_QUEUE": "load-bench", "CELERY_STREAM_QUEUE": "load-bench-streams", "RENDER_NODES": "",
                    "ICECAST_PORT": str(free_port()), "PUBLIC_URL": f"http://127.0.0.1:{self.port}",
                    "INTERNAL_API_URL": f"http://127.0.0.1:{self.port}", "RATE_LIMIT_USERS": rate_limit_users}
        if database == "postgresql":
            self.pg_database = f"rwflask_load_bench_{secrets.token_hex(4)}"
            self._postgres(f'CREATE DATABASE "{self.pg_database}"')
            self.env["DATABASE_URL"] = f"{pg_admin_url.rpartition('/')[0]}/{self.pg_database}"
            self.database_url = "postgresql+psycopg://" + self.env["DATABASE_URL"].split("://", 1)[1]
        else:
            self.database_url = f"sqlite:///{self.instance / 'rwflask.db'}"

    def _postgres(self, statement: str) -> None:
        import psycopg
        with psycopg.connect(self.pg_admin_url, autocommit=True) as conn:
            conn.execute(statement)

    def _flask(self, *args: str) -> str:
        return subprocess.run([str(BIN / "flask"), "--app", "wsgi", *args], cwd=ROOT, env={**os.environ, **self.env},
                              check=True, capture_output=True, text=True).stdout

    def start(self, assets: int) -> None:
        """Migrate, seed the demo project (and bench assets), start the API and the workers."""
        self._flask("db", "upgrade")
        self.project_id = int(re.search(r"demo project (\d+)", self._flask("rw", "seed-demo")).group(1))
        if assets:
            self._flask("rw", "seed-bench", "--assets", str(assets))
        # As `make run` starts the API (rwflask/ops/procfile.py), on loopback.
        self.processes["api"] = ManagedProcess(
            [str(BIN / "granian"), "--interface", "wsgi", "--host", "127.0.0.1", "--port", str(self.port),
             "--workers", str(self.api_workers), "--blocking-threads", "4", "--access-log", "wsgi:app"],
            self.env, self.logs / "api.log")
        wait_for_port(self.port, 60)
        self.workers["media worker"] = CeleryWorker(self.env, self.logs / "media-worker.log", concurrency=2,
                                                    beat_schedule=self.logs / "beat", queues=["load-bench"])
        self.workers["stream worker"] = CeleryWorker(self.env, self.logs / "stream-worker.log", concurrency=4,
                                                     queues=["load-bench-streams"])

    def pids(self) -> dict[str, list[int]]:
        """Each role's processes (with their children: granian workers, the Celery pool)."""
        roles = {"api": self.processes["api"].process.pid,
                 **{name: worker.process.pid for name, worker in self.workers.items()}}
        return {role: [pid, *descendants(pid)] for role, pid in roles.items()}

    def upload_states(self, asset_ids: list[int]) -> dict[str, int]:
        """How many of these assets are in each processing state."""
        from sqlalchemy import bindparam, create_engine, text
        engine = create_engine(self.database_url)
        try:
            with engine.connect() as conn:
                rows = conn.execute(text("SELECT processing_state, count(*) FROM asset WHERE id IN :ids "
                                         "GROUP BY processing_state").bindparams(bindparam("ids", expanding=True)),
                                    {"ids": asset_ids or [-1]}).all()
        finally:
            engine.dispose()
        return {state: count for state, count in rows}

    def log_problems(self) -> dict[str, list[str]]:
        """5xx answers in the API's access log, tracebacks and errors in every log."""
        found = {}
        for log in sorted(self.logs.glob("*.log")):
            lines = log.read_text(errors="replace").splitlines()
            problems = [line for line in lines if "Traceback" in line or re.search(r"\b(ERROR|CRITICAL)\b", line)
                        or (log.name == "api.log" and re.search(r'" 5\d\d\b', line))]
            if problems:
                found[log.name] = problems
        return found

    def log_excerpt(self, name: str, first: str, lines_after: int = 30) -> str:
        lines = (self.logs / name).read_text(errors="replace").splitlines()
        start = next((i for i, line in enumerate(lines) if first in line), 0)
        return "\n".join(lines[start:start + lines_after])

    def stop(self) -> None:
        for worker in self.workers.values():
            worker.stop()
        for process in reversed(self.processes.values()):
            process.stop()
        self.redis.stop()
        shutil.rmtree(self.instance, ignore_errors=True)
        if self.pg_database:
            self._postgres(f'DROP DATABASE IF EXISTS "{self.pg_database}" WITH (FORCE)')


def descendants(pid: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    children = [int(p) for p in out.split()]
    return children + [d for child in children for d in descendants(child)]


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process and of its children that ended (ffmpeg, ffprobe), 0 when it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except FileNotFoundError:
        return 0.0
    return sum(int(fields[i]) for i in (11, 12, 13, 14)) / TICK


# --- the participants ---------------------------------------------------------------------------------------------

def multipart(fields: dict, file_bytes: bytes) -> tuple[bytes, str]:
    """A multipart body as a browser sends a recorded Blob: text fields, then the file part `file`."""
    boundary = "----locust" + uuid.uuid4().hex
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
             for k, v in fields.items()]
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="blob"\r\n'
                 f"Content-Type: audio/wav\r\n\r\n".encode() + file_bytes + b"\r\n")
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


class JourneyFailed(Exception):
    """A call of the journey failed (already counted): this journey stops, the participant starts another."""


class Participant(FastHttpUser):
    """A Roundware client, a new device on every journey."""

    # Set by main() before the run.
    project_id = 1
    tag_ids: list[int] = []
    wav = b""
    think = 1.0
    uploaded: list[int] = []
    network_timeout = 60.0
    connection_timeout = 60.0

    def wait_time(self) -> float:
        return 0.0  # the journey thinks between its own calls

    def pause(self) -> None:
        if self.think:
            gevent.sleep(random.uniform(0.5, 1.5) * self.think)

    def call(self, method: str, name: str, path: str, token: str | None = None, **kwargs):
        """One call; its JSON answer, or JourneyFailed when the answer is not 2xx (counted as an error)."""
        headers = kwargs.pop("headers", {})
        if token:
            headers["Authorization"] = f"token {token}"
        with self.client.request(method, path, name=name, headers=headers, catch_response=True, **kwargs) as response:
            body, failed = None, None
            if not 200 <= (response.status_code or 0) < 300:
                failed = f"{response.status_code}: {(response.text or '')[:200]}"
            else:
                try:
                    body = response.json() if response.content else {}
                except ValueError:
                    failed = "answer is not JSON"
            if failed:
                response.failure(failed)
            else:
                response.success()
        if failed:
            raise JourneyFailed(name)
        self.pause()
        return body

    def journey(self) -> None:
        pid = self.project_id
        user = self.call("POST", "POST users/", "/api/2/users/",
                         json={"device_id": str(uuid.uuid4()), "client_type": "load-bench"})
        token = user["token"]
        session = self.call("POST", "POST sessions/", "/api/2/sessions/", token,
                            json={"project_id": pid, "language": "en", "client_system": "locust",
                                  "geo_listen_enabled": True})
        sid = session["id"]
        self.call("GET", "GET projects/:id/", f"/api/2/projects/{pid}/?session_id={sid}", token)
        self.call("GET", "GET projects/:id/uiconfig/", f"/api/2/projects/{pid}/uiconfig/?session_id={sid}", token)
        listed = self.call("GET", "GET projects/:id/assets/", f"/api/2/projects/{pid}/assets/", token)
        self.call("GET", "GET assets/?project_id=", f"/api/2/assets/?project_id={pid}", token)
        lat = CENTRE[0] + random.uniform(-0.002, 0.002)
        lon = CENTRE[1] + random.uniform(-0.002, 0.002)
        tags = ",".join(str(t) for t in random.sample(self.tag_ids, min(2, len(self.tag_ids))))
        self.call("POST", "POST events/", "/api/2/events/", token,
                  json={"session_id": sid, "event_type": "start_listen", "latitude": str(lat),
                        "longitude": str(lon), "tag_ids": tags, "client_time": time.strftime("%Y-%m-%dT%H:%M:%S"),
                        "data": "load-bench"})
        asset_id = random.choice(listed)["id"]
        self.call("POST", "POST listenevents/", "/api/2/listenevents/", token,
                  json={"session_id": sid, "asset_id": asset_id, "duration_in_seconds": round(random.uniform(5, 30),
                                                                                                 2)})
        self.call("POST", "POST assets/:id/votes/", f"/api/2/assets/{asset_id}/votes/", token,
                  json={"session_id": sid, "vote_type": "like"})
        self.call("GET", "GET assets/:id/votes/", f"/api/2/assets/{asset_id}/votes/", token)
        envelope = self.call("POST", "POST envelopes/", "/api/2/envelopes/", token, json={"session_id": sid})
        body, content_type = multipart({"session_id": sid, "latitude": f"{lat:.6f}", "longitude": f"{lon:.6f}",
                                        "tag_ids": tags, "media_type": "audio"}, self.wav)
        asset = self.call("PATCH", "PATCH envelopes/:id/", f"/api/2/envelopes/{envelope['id']}/", token, data=body,
                          headers={"Content-Type": content_type})
        self.uploaded.append(asset["id"])

    @task
    def walk(self) -> None:
        try:
            self.journey()
        except JourneyFailed:
            gevent.sleep(max(1.0, self.think))  # no hot loop on a failing call


# --- measuring ----------------------------------------------------------------------------------------------------

class Recorder:
    """Every request's time and status, per call, while `on` (after every participant has started)."""

    def __init__(self):
        self.on = False
        self.times: dict[str, list[float]] = {name: [] for name in CALLS}
        self.errors: dict[str, dict[str, int]] = {name: {} for name in CALLS}
        self.examples: dict[tuple[str, str], str] = {}  # the first error of each call and status

    def request(self, request_type, name, response_time, response_length, response=None, exception=None, **_):
        if not self.on:
            return
        self.times.setdefault(name, []).append(response_time)
        if exception is not None:
            status = getattr(response, "status_code", None)
            key = str(status) if status else type(exception).__name__
            self.errors.setdefault(name, {})[key] = self.errors.get(name, {}).get(key, 0) + 1
            self.examples.setdefault((name, key), str(exception)[:300])


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered) + 0.5) - 1))]


def table(recorder: Recorder, seconds: float) -> tuple[str, dict]:
    rows, summary = [], {}
    header = "| call | requests | errors | p50 ms | p99 ms | max ms |\n|---|---:|---:|---:|---:|---:|"
    everything = []
    for name, times in recorder.times.items():
        if not times:
            continue
        everything += times
        errors = sum(recorder.errors.get(name, {}).values())
        summary[name] = {"requests": len(times), "errors": errors, "by_status": recorder.errors.get(name, {}),
                         "p50_ms": round(statistics.median(times), 1), "p99_ms": round(percentile(times, 0.99), 1),
                         "max_ms": round(max(times), 1)}
        rows.append(f"| {name} | {len(times)} | {errors} | {summary[name]['p50_ms']} | {summary[name]['p99_ms']} | "
                    f"{summary[name]['max_ms']} |")
    total_errors = sum(s["errors"] for s in summary.values())
    if everything:
        summary["all"] = {"requests": len(everything), "errors": total_errors,
                          "p50_ms": round(statistics.median(everything), 1),
                          "p99_ms": round(percentile(everything, 0.99), 1), "max_ms": round(max(everything), 1),
                          "req_per_s": round(len(everything) / seconds, 1)}
        rows.append(f"| **all** ({summary['all']['req_per_s']} req/s) | {len(everything)} | {total_errors} | "
                    f"{summary['all']['p50_ms']} | {summary['all']['p99_ms']} | {summary['all']['max_ms']} |")
    return "\n".join([header, *rows]), summary


def setup_tag_ids(base: str, project_id: int) -> list[int]:
    """The project's tag ids, asked as a client (registered before the measured run)."""
    import urllib.request

    def call(path: str, payload: dict | None = None, token: str | None = None):
        request = urllib.request.Request(base + path, data=json.dumps(payload).encode() if payload else None,
                                         headers={"Content-Type": "application/json",
                                                  **({"Authorization": f"token {token}"} if token else {})})
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read())

    token = call("/api/2/users/", {"device_id": "load-bench-setup", "client_type": "load-bench"})["token"]
    return [tag["id"] for tag in call(f"/api/2/projects/{project_id}/tags/", token=token)]


def run(args) -> dict:
    stack = LoadStack(args.database, args.api_workers, args.rate_limit_users, args.pg_admin_url)
    try:
        print(f"# stack: {args.database}, API granian {args.api_workers} workers x 4 threads, media worker "
              f"(2 processes, beat), stream worker (4); demo project + {args.assets} bench assets", flush=True)
        print(f"# rate limits: RATE_LIMIT_USERS={args.rate_limit_users} (raised: one address registers every "
              f"participant; default 30/minute), RATE_LIMIT_LOGIN unchanged", flush=True)
        stack.start(args.assets)
        wav = stack.instance / "upload.wav"
        subprocess.run(["ffmpeg", "-nostdin", "-loglevel", "error", "-f", "lavfi", "-i",
                        f"sine=frequency=440:duration={args.wav_seconds}:sample_rate=44100", "-ac", "1", str(wav)],
                       check=True)
        base = f"http://127.0.0.1:{stack.port}"
        Participant.host, Participant.project_id = base, stack.project_id
        Participant.tag_ids = setup_tag_ids(base, stack.project_id)
        Participant.wav, Participant.think, Participant.uploaded = wav.read_bytes(), args.think, []

        recorder = Recorder()
        env = Environment(user_classes=[Participant], events=events)
        env.events.request.add_listener(recorder.request)
        runner = env.create_local_runner()
        started = gevent.event.Event()
        env.events.spawning_complete.add_listener(lambda user_count: started.set())
        runner.start(args.users, spawn_rate=args.spawn_rate)
        if not started.wait(timeout=args.users / args.spawn_rate + 60):
            raise RuntimeError("the participants did not all start")
        roles = stack.pids()
        roles["load generator"] = [os.getpid()]
        cpu0 = {role: sum(cpu_seconds(p) for p in pids) for role, pids in roles.items()}
        uploads0, t0, load0 = len(Participant.uploaded), time.monotonic(), os.getloadavg()[0]
        recorder.on = True
        gevent.sleep(args.seconds)
        recorder.on = False
        elapsed = time.monotonic() - t0
        cpu = {role: round(100 * (sum(cpu_seconds(p) for p in pids) - cpu0[role]) / elapsed, 1)
               for role, pids in roles.items()}
        uploads = len(Participant.uploaded) - uploads0
        runner.quit()

        text, summary = table(recorder, elapsed)
        load = os.getloadavg()[0]
        ended = time.monotonic()
        while True:
            states = stack.upload_states(Participant.uploaded)
            if not states.get("processing") or time.monotonic() > ended + 120:
                break
            gevent.sleep(0.5)
        drained = time.monotonic() - ended
        problems = stack.log_problems()
        print(f"\n{args.users} participants, {elapsed:.0f} s measured after all started "
              f"(spawn rate {args.spawn_rate}/s), think {args.think} s, {args.database}; WAV "
              f"{args.wav_seconds} s ({len(Participant.wav) // 1024} KB)\n")
        print(text)
        print(f"\nCPU, % of one core: {json.dumps(cpu)}; machine load average (1 min) at the start "
              f"{load0:.1f}, at the end {load:.1f} (2 cores, shared with other work)")
        print(f"uploads answered while measured: {uploads}; all {len(Participant.uploaded)} uploads of the run "
              f"by processing state {drained:.1f} s after the run: {states}")
        for (name, key), example in recorder.examples.items():
            print(f"errors {name} {key}: {recorder.errors[name][key]}, first: {example}")
        if problems:
            for log, lines in problems.items():
                print(f"{log}: {len(lines)} problem lines; first: {lines[0][:300]}")
                print(stack.log_excerpt(log, lines[0]))
        else:
            print("API and worker logs: no 5xx, no traceback, no ERROR line")
        return {"database": args.database, "users": args.users, "seconds": round(elapsed, 1), "think": args.think,
                "spawn_rate": args.spawn_rate, "assets": args.assets, "rate_limit_users": args.rate_limit_users,
                "calls": summary, "cpu_percent": cpu, "load_average": [round(load0, 2), round(load, 2)],
                "drained_s": round(drained, 1), "uploads": len(Participant.uploaded), "upload_states": states,
                "log_problems": {k: len(v) for k, v in problems.items()}}
    finally:
        stack.stop()


def main() -> None:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # `finally` stops the stack
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--users", type=int, default=50, help="concurrent participants")
    ap.add_argument("--seconds", type=float, default=60, help="measured time, after every participant started")
    ap.add_argument("--spawn-rate", type=float, default=10, help="participants started per second")
    ap.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    ap.add_argument("--pg-admin-url", default=os.environ.get("RW_TEST_PG_ADMIN_URL", DEFAULT_PG_ADMIN_URL),
                    help="where the throwaway PostgreSQL database is made (and dropped)")
    ap.add_argument("--think", type=float, default=1.0, help="mean pause between a participant's calls, s")
    ap.add_argument("--assets", type=int, default=1000, help="bench assets added to the demo project")
    ap.add_argument("--wav-seconds", type=float, default=3.0, help="length of the uploaded WAV")
    ap.add_argument("--api-workers", type=int, default=3, help="granian worker processes (make run's default)")
    ap.add_argument("--rate-limit-users", default="100000/minute",
                    help="RATE_LIMIT_USERS for the run (registrations per client address)")
    args = ap.parse_args()
    result = run(args)
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    out = results / f"load-{args.database}-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps(result, indent=1))
    print(f"# results: {out}")
    total = result["calls"].get("all", {}).get("errors", 0)
    sys.exit(1 if total or result["log_problems"] else 0)


if __name__ == "__main__":
    main()
