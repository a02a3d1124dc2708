#!/usr/bin/env python3
"""N concurrent live streams on the real stack: CPU and memory per stream, real time, and how
long a listener's move takes to be heard.

    .venv/bin/python bench/stream_bench.py [--streams 20,40,60] [--seconds 60] [--nodes 2]

For each N, a fresh stack in a temporary instance (SQLite, a private Redis, Icecast, the
silence feeder, `--nodes` render nodes, the API under granian, a stream worker with beat). A
project with 2 audiotracks and 1 speaker (ambient noise) has 240 spoken assets on a 1 km
square. N sessions ask for a stream over HTTP, a player reads each mount, and every listener
moves 20-60 m every 5 s (PATCH streams/:id/). After a warm-up, for `--seconds`:

- CPU (% of one core) of the render nodes (Liquidsoap), Icecast, the worker and the API;
- memory (RSS and PSS) of the render nodes;
- real time: the bytes each player received against 128 kbit/s, and Liquidsoap's catch-up
  warnings (a run is real time when every player got >= 98 % and no warning appeared);
- latency: one of the N sessions is a probe on a twin project whose tone assets (440 Hz in
  zone A, 660 Hz in zone B) and zero dead air isolate the system's delay; it jumps between the
  zones every 8 s. "change" is when the old tone has faded to half, "new" when the new tone is
  heard, both at the player (position in the stream since it connected; it includes the 1 s
  Icecast burst a player buffers).
"""
import argparse
import json
import math
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.processes import (CeleryWorker, ManagedProcess, RedisServer, api_server_command,  # noqa: E402
                             flask_command, free_port, wait_for_port)
from tests.factories import square  # noqa: E402
from tests.support.listening import RATE, Player, levels  # noqa: E402

BYTES_PER_SECOND = 128_000 / 8
CENTRE = (42.0, -71.0)
ZONE_A, ZONE_B = (42.0, -70.96), (42.0, -70.94)  # probe zones, ~3.3 and 5 km east of the centre
M_PER_DEG_LAT, M_PER_DEG_LON = 111_320.0, 82_730.0
TICK = os.sysconf("SC_CLK_TCK")


def http(method: str, url: str, token: str | None = None, body: dict | None = None) -> dict:
    """A JSON request to the API."""
    request = urllib.request.Request(url, method=method, data=json.dumps(body).encode() if body else None,
                                     headers={"Content-Type": "application/json",
                                              **({"Authorization": f"token {token}"} if token else {})})
    with urllib.request.urlopen(request, timeout=30) as response:
        data = response.read()
    return json.loads(data) if data else {}


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process and its children that were waited for."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(fields[i]) for i in (11, 12)) / TICK


def memory_kb(pid: int) -> tuple[int, int]:
    """(RSS, PSS) in kB."""
    rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    return tuple(int(re.search(rf"^{key}:\s+(\d+)", rollup, re.M).group(1)) for key in ("Rss", "Pss"))


def pids_of(pattern: str) -> list[int]:
    """Processes whose command line starts with the pattern."""
    out = subprocess.run(["pgrep", "-f", f"^{pattern}"], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


def seed(env: dict, probe_count: int) -> dict:
    """Projects, media and sessions, created in-process against the bench instance."""
    os.environ.update(env)
    from rwflask import create_app
    from rwflask.extensions import db
    from rwflask.models import Asset, Audiotrack, Language, Project, Speaker
    from rwflask import geo
    from rwflask.ops import sample_audio
    from rwflask.services import media

    app = create_app()
    with app.app_context():
        folder = media.media_root() / "bench"
        folder.mkdir(parents=True, exist_ok=True)
        speech = []
        for i in range(12):
            wav = sample_audio.speech_wav(folder / f"speech{i}.wav",
                                          f"Voice {i}. " + "This is a walk through the neighbourhood, " * (2 + i % 4))
            mp3 = folder / f"speech{i}.mp3"
            subprocess.run(["ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-i", str(wav), "-ar", "44100", "-ac",
                            "1", "-b:a", "96k", str(mp3)], check=True)
            length = float(subprocess.run(["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of",
                                           "csv=p=0", str(mp3)], capture_output=True, text=True).stdout)
            speech.append((f"bench/{mp3.name}", length))
        for name, frequency in (("a", 440), ("b", 660)):
            subprocess.run(["ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
                            f"aevalsrc=0.5*sin(2*PI*{frequency}*t):s=44100:d=30", "-ac", "1", "-b:a", "96k",
                            str(folder / f"tone-{name}.mp3")], check=True)
        sample_audio.ambient_mp3(folder / "ambient.mp3", 120)
        for path in folder.iterdir():
            path.chmod(0o644)
        english = Language(language_code="en", name="English")
        db.session.add(english)
        projects = []
        for name, dead_air in (("bench", (0.5, 2.0)), ("probe", (0.0, 0.0))):
            project = Project(name=name, latitude=CENTRE[0], longitude=CENTRE[1], recording_radius=100,
                              out_of_range_distance=20_000, repeat_mode="continuous", geo_listen_enabled=True,
                              languages=[english], max_recording_length=60, sharing_url="", out_of_range_url="")
            db.session.add(project)
            db.session.flush()
            for k in range(2):
                db.session.add(Audiotrack(project_id=project.id, minvolume=0.8, maxvolume=1.0, minduration=8,
                                          maxduration=20, mindeadair=dead_air[0], maxdeadair=dead_air[1],
                                          minfadeintime=0.1, maxfadeintime=0.5, minfadeouttime=0.2,
                                          maxfadeouttime=0.2 if name == "probe" else 1.0, minpanpos=-0.5 + k * 0.5,
                                          maxpanpos=k * 0.5, minpanduration=5, maxpanduration=10,
                                          fadeout_when_filtered=True))
            db.session.add(Speaker(project_id=project.id, activeyn=True, code=f"{name}-amb", minvolume=0.0,
                                   maxvolume=0.6, attenuation_distance=100, uri=env["PUBLIC_URL"] +
                                   "/rwmedia/bench/ambient.mp3", backupuri="", shape=square(*CENTRE, 0.003),
                                   boundary=geo.boundary(square(*CENTRE, 0.003)),
                                   attenuation_border=geo.attenuation_border(square(*CENTRE, 0.003), 100)))
            projects.append(project)
        rng = random.Random(1)
        for _ in range(240):
            filename, length = rng.choice(speech)
            db.session.add(Asset(project_id=projects[0].id, language_id=english.id, mediatype="audio",
                                 filename=filename, file=filename, audio_length=length, start_time=0.0,
                                 end_time=length, submitted=True, processing_state="ready",
                                 latitude=CENTRE[0] + rng.uniform(-0.0045, 0.0045),
                                 longitude=CENTRE[1] + rng.uniform(-0.006, 0.006)))
        for zone, tone in ((ZONE_A, "a"), (ZONE_B, "b")):
            for _ in range(probe_count):
                db.session.add(Asset(project_id=projects[1].id, language_id=english.id, mediatype="audio",
                                     filename=f"bench/tone-{tone}.mp3", file="", audio_length=30.0, start_time=0.0,
                                     end_time=29.9, submitted=True, processing_state="ready",
                                     latitude=zone[0], longitude=zone[1]))
        db.session.commit()
        return {"bench": projects[0].id, "probe": projects[1].id}


class Stack:
    """Every process of the streaming side, for one run."""

    def __init__(self, nodes: int, slots: int, postgres_admin: str | None = None):
        self.instance = Path(tempfile.mkdtemp(prefix="rwflask-stream-bench-"))
        self.instance.chmod(0o755)
        self.postgres_admin, self.database = postgres_admin, f"rwflask_stream_bench_{os.getpid()}"
        self.redis = RedisServer()
        self.api_port, self.icecast_port = free_port(), free_port()
        node_spec = ",".join(f"b{i}=127.0.0.1:{free_port()}" for i in range(nodes))
        self.env = {"RW_INSTANCE_PATH": str(self.instance), "REDIS_URL": self.redis.url, "SECRET_KEY": "bench",
                    "CELERY_QUEUE": "bench", "CELERY_STREAM_QUEUE": "bench-streams", "RENDER_NODES": node_spec,
                    "RENDER_NODE_SLOTS": str(slots), "RENDER_NODE_TRACKS": "2", "ICECAST_PORT": str(self.icecast_port),
                    "INTERNAL_API_URL": f"http://127.0.0.1:{self.api_port}",
                    "PUBLIC_URL": f"http://127.0.0.1:{self.api_port}",
                    # Every bench listener registers from this one address: the per-address limit on
                    # POST users/ would refuse the 31st.
                    "RATE_LIMIT_USERS": "100000/minute"}
        if postgres_admin:
            self._postgres("CREATE DATABASE {}")
            self.env["DATABASE_URL"] = postgres_admin.rsplit("/", 1)[0] + "/" + self.database
        self.node_names = [item.split("=")[0] for item in node_spec.split(",")]
        self.logs = self.instance / "logs"
        self.logs.mkdir()
        self.processes: dict[str, ManagedProcess] = {}
        self.worker: CeleryWorker | None = None

    def start(self, probe_count: int) -> dict:
        subprocess.run(flask_command()[:-1] + ["db", "upgrade"], cwd=ROOT, env={**os.environ, **self.env}, check=True,
                       capture_output=True)
        projects = seed(self.env, probe_count)
        self.processes["icecast"] = ManagedProcess(flask_command("icecast"), self.env, self.logs / "icecast.log")
        wait_for_port(self.icecast_port, 30)
        self.processes["silence"] = ManagedProcess(flask_command("silence-feeder"), self.env, self.logs / "silence.log")
        self.processes["api"] = ManagedProcess(api_server_command(self.api_port), self.env, self.logs / "api.log")
        wait_for_port(self.api_port, 30)
        for name in self.node_names:
            self.processes[name] = ManagedProcess(flask_command("render-node", name), self.env,
                                                  self.logs / f"{name}.log")
        deadline = time.time() + 90
        while not all("restored" in (self.logs / f"{n}.log").read_text() for n in self.node_names):
            if time.time() > deadline:
                raise TimeoutError("render nodes did not start")
            time.sleep(0.5)
        self.worker = CeleryWorker(self.env, self.logs / "worker.log", concurrency=4,
                                   beat_schedule=self.logs / "beat", queues=["bench-streams"])
        return projects

    def _postgres(self, statement: str) -> None:
        import psycopg
        with psycopg.connect(self.postgres_admin, autocommit=True) as conn:
            conn.execute(statement.format(self.database))

    def stop(self) -> None:
        if self.worker is not None:
            self.worker.stop()
        for process in reversed(self.processes.values()):
            process.stop()
        self.redis.stop()
        node_logs = [f"{n}.log" for n in self.node_names]
        for log in ("api.log", "worker.log", *node_logs):
            if (self.logs / log).exists() and any(
                    "Traceback" in line or "WARNING" in line or "catchup" in line or "Too much latency" in line
                    for line in (self.logs / log).read_text(errors="replace").splitlines()):
                kept = Path(tempfile.gettempdir()) / f"stream-bench-{os.getpid()}-{log}"
                shutil.copy(self.logs / log, kept)  # keep the evidence
                print(f"errors or warnings: see {kept}", file=sys.stderr)
        shutil.rmtree(self.instance, ignore_errors=True)
        if self.postgres_admin:
            self._postgres("DROP DATABASE IF EXISTS {} WITH (FORCE)")

    def roles(self) -> dict[str, list[int]]:
        """PIDs per role, for CPU and memory accounting."""
        streaming = self.instance / "streaming"
        return {"render nodes": [p for n in self.node_names for p in pids_of(f"liquidsoap {streaming}/{n}.liq")],
                "icecast": pids_of(f"icecast2 -c {self.instance / 'icecast'}/icecast.xml"),
                "worker": [self.worker.process.pid, *children(self.worker.process.pid)],
                "api": [self.processes["api"].process.pid, *children(self.processes["api"].process.pid)]}

    def catchups(self) -> int:
        return sum(len(re.findall(r"catchup|Too much latency", (self.logs / f"{n}.log").read_text()))
                   for n in self.node_names)


def children(pid: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


class Walker:
    """A listening session that walks: a user, a session, a stream and a player."""

    moves = 0  # successful moves of all walkers in the current run

    def __init__(self, api: str, project_id: int, place: tuple[float, float]):
        self.api, self.place = api, place
        user = http("POST", f"{api}/api/2/users/", body={"device_id": f"bench-{random.random()}", "client_type": "bench"})
        self.token = user["token"]
        self.session = http("POST", f"{api}/api/2/sessions/", self.token,
                            {"project_id": project_id, "language": "en", "geo_listen_enabled": True})["id"]
        self.stream_url = http("POST", f"{api}/api/2/streams/", self.token,
                               {"session_id": self.session, "latitude": place[0], "longitude": place[1]})["stream_url"]
        self.player: Player | None = None

    def connect(self) -> None:
        deadline = time.time() + 60
        while True:
            try:
                self.player = Player(self.stream_url)
                return
            except OSError:
                if time.time() > deadline:
                    raise
                time.sleep(0.5)

    def move_to(self, place: tuple[float, float]) -> float:
        self.place = place
        sent = time.time()
        http("PATCH", f"{self.api}/api/2/streams/{self.session}/", self.token,
             {"latitude": place[0], "longitude": place[1]})
        Walker.moves += 1
        return sent

    def step(self, rng: random.Random) -> None:
        distance, angle = rng.uniform(20, 60), rng.uniform(0, 6.283)
        lat = min(CENTRE[0] + 0.0045, max(CENTRE[0] - 0.0045, self.place[0] + distance * math.cos(angle) / M_PER_DEG_LAT))
        lon = min(CENTRE[1] + 0.006, max(CENTRE[1] - 0.006, self.place[1] + distance * math.sin(angle) / M_PER_DEG_LON))
        self.move_to((lat, lon))


def probe_latencies(probe: Walker, stop: threading.Event, results: list, errors: list) -> None:
    """Jump between the tone zones every 8 s; note when each jump is heard."""
    tones = {ZONE_A: 440, ZONE_B: 660}
    jumps = []
    while not stop.wait(8):
        target = ZONE_B if probe.place == ZONE_A else ZONE_A
        old, new = tones[probe.place], tones[target]
        try:
            jumps.append((probe.move_to(target), old, new))
        except Exception as exc:  # noqa: BLE001 - counted and reported
            errors.append(repr(exc))
    time.sleep(4)
    samples = probe.player.samples()
    window = 0.05
    for sent, old, new in jumps:
        start = int((sent - probe.player.connected_at - 2) * RATE)
        series = levels(samples[max(0, start):start + int(10 * RATE)], [old, new], window)
        before = statistics.median(s[old] for s in series[:int(1.5 / window)]) or 1e-9
        after = series[int(2 / window):]
        change = next((i * window for i, s in enumerate(after) if s[old] < before / 2), None)
        heard = next((i * window for i, s in enumerate(after) if s[new] >= 0.02), None)
        results.append((change, heard))


def run(n: int, seconds: float, nodes: int, slots: int, warmup: float, postgres_admin: str | None) -> dict:
    stack = Stack(nodes, slots, postgres_admin)
    Walker.moves = 0
    try:
        projects = stack.start(probe_count=int(seconds // 8) + 4)
        api = f"http://127.0.0.1:{stack.api_port}"
        rng = random.Random(n)
        started = time.time()
        walkers = [Walker(api, projects["probe"], ZONE_A)]
        walkers += [Walker(api, projects["bench"], (CENTRE[0] + rng.uniform(-0.004, 0.004),
                                                    CENTRE[1] + rng.uniform(-0.005, 0.005))) for _ in range(n - 1)]
        for walker in walkers:
            walker.connect()
        live_after = time.time() - started
        stop = threading.Event()

        errors: list[str] = []

        def walk(walker):
            while not stop.wait(5 + rng.uniform(-0.5, 0.5)):
                try:
                    walker.step(rng)
                except Exception as exc:  # noqa: BLE001 - counted and reported, the walk goes on
                    errors.append(repr(exc))
        threads = [threading.Thread(target=walk, args=(w,), daemon=True) for w in walkers[1:]]
        for thread in threads:
            thread.start()
        time.sleep(warmup)
        latencies: list = []
        probe_thread = threading.Thread(target=probe_latencies, args=(walkers[0], stop, latencies, errors),
                                        daemon=True)
        probe_thread.start()
        roles = stack.roles()
        cpu0 = {role: sum(cpu_seconds(p) for p in pids) for role, pids in roles.items()}
        bytes0 = [len(w.player.data) for w in walkers]
        catch0, t0 = stack.catchups(), time.time()
        time.sleep(seconds)
        elapsed = time.time() - t0
        cpu = {role: 100 * (sum(cpu_seconds(p) for p in pids) - cpu0[role]) / elapsed for role, pids in roles.items()}
        received = [(len(w.player.data) - b) / (elapsed * BYTES_PER_SECOND) for w, b in zip(walkers, bytes0)]
        memory = [memory_kb(p) for p in roles["render nodes"]]
        catchups = stack.catchups() - catch0
        stop.set()
        probe_thread.join(timeout=120)
        if probe_thread.is_alive():
            errors.append("the probe's analysis did not finish")
        for walker in walkers:
            walker.player.close()
        changes = sorted(c for c, _ in latencies if c is not None)
        heard = sorted(h for _, h in latencies if h is not None)
        return {"streams": n, "all live after s": round(live_after, 1), "cpu %": {k: round(v, 1) for k, v in cpu.items()},
                "node cpu % per stream": round(cpu["render nodes"] / n, 2),
                "stack cpu % per stream": round(sum(cpu.values()) / n, 2),
                "node RSS MB": round(sum(m[0] for m in memory) / 1024), "node PSS MB": round(sum(m[1] for m in memory) / 1024),
                "min received / real time": round(min(received), 3), "catch-up warnings": catchups,
                "real time": min(received) >= 0.98 and catchups == 0,
                "jumps": len(latencies),
                "change p50 s": round(statistics.median(changes), 2) if changes else None,
                "change max s": round(max(changes), 2) if changes else None,
                "new tone p50 s": round(statistics.median(heard), 2) if heard else None,
                "new tone max s": round(max(heard), 2) if heard else None,
                "missed jumps": len(latencies) - len(heard),
                "moves": Walker.moves, "move errors": len(errors), "first error": errors[0] if errors else None}
    finally:
        stack.stop()


def main() -> None:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # `finally` stops the stack
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--streams", default="20,40,60")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--warmup", type=float, default=10)
    parser.add_argument("--nodes", type=int, default=4, help="render nodes (the default layout: two per core)")
    parser.add_argument("--slots", type=int, default=12, help="slots per render node (raised to fit N)")
    parser.add_argument("--postgres", metavar="ADMIN_URL", default=None,
                        help="run on a throwaway PostgreSQL database made through this URL (SQLite otherwise), "
                             "e.g. postgresql://rwflask_test:rwflask_test@127.0.0.1:5432/postgres")
    args = parser.parse_args()
    for n in (int(x) for x in args.streams.split(",")):
        result = run(n, args.seconds, args.nodes, max(args.slots, -(-n // args.nodes)), args.warmup,
                     args.postgres)
        print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
