#!/usr/bin/env python3
"""Render slots changing hands: many stream lifecycles (start, listen, leave) on the real stack; does a
render node's memory grow, is any slot left held?

    .venv/bin/python bench/slot_bench.py [--lifecycles 1000] [--concurrency 40] [--listen 5] \
        [--nodes 4] [--slots 12] [--grace 3]

A fresh stack as bench/stream_bench.py starts it (SQLite, private Redis, Icecast, `--nodes` render
nodes of `--slots` slots, the API under granian, a stream worker with beat), with
STREAM_GRACE_SECONDS=`--grace` so that slots turn over quickly. `--concurrency` threads each run
lifecycles in a loop, each as a new listener: POST sessions/, POST streams/ (on 503, wait Retry-After
and ask again), read the stream URL for `--listen` seconds, close the player; its slot is freed after
the grace. (`--same-session`: one session per thread, whose slot the grace keeps between lifecycles.) Render-node RSS is sampled after a warm-up (`--warmup`
lifecycles, by default twice the slots: a slot's first stream allocates its encoder and buffers),
every quarter of the run, and at the end, once the grace and two reaper periods have passed; then
the slots still held are counted in the database (target: 0) and the growth summed (target: at most
50 MB over all nodes).
"""
import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from stream_bench import CENTRE, Stack, http, memory_kb  # noqa: E402
from tests.support.listening import Player  # noqa: E402


def node_rss_mb(stack: Stack) -> list[float]:
    """RSS of each render node, MB."""
    return [memory_kb(pid)[0] / 1024 for pid in stack.roles()["render nodes"]]


def lifecycle(api: str, token: str, session_id: int, listen: float, stats: dict) -> None:
    """One start, listen, leave."""
    while True:
        try:
            answer = http("POST", f"{api}/api/2/streams/", token,
                          {"session_id": session_id, "latitude": CENTRE[0], "longitude": CENTRE[1]})
            break
        except OSError as error:
            if getattr(error, "code", None) != 503:
                raise
            stats["503"] += 1
            time.sleep(float(error.headers.get("Retry-After", "1")))
    asked = time.time()
    deadline = asked + 60
    waited = False  # for a slot: the player's GET found none free (the time to first audio then includes the wait)
    while True:
        try:
            player = Player(answer["stream_url"])
            break
        except OSError as error:
            if getattr(error, "code", None) == 503:
                stats["503"] += 1
                waited = True
            if time.time() > deadline:
                raise
            time.sleep(0.5)
    try:
        while not player.data and time.time() < deadline:
            time.sleep(0.02)
        stats["first_audio" if not waited else "first_audio_after_wait"].append(time.time() - asked)
        time.sleep(listen)
        stats["bytes"].append(len(player.data))
    finally:
        player.close()


def new_session(api: str, token: str, project_id: int) -> int:
    """A listening session of the bench project; its id."""
    return http("POST", f"{api}/api/2/sessions/", token,
                {"project_id": project_id, "language": "en", "geo_listen_enabled": True})["id"]


def source_connections(logs: Path) -> int:
    """How many times the render nodes connected a slot's output to Icecast (a slot changing hands)."""
    return sum(log.read_text(errors="replace").count("Connecting mount") for log in logs.glob("b*.log"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lifecycles", type=int, default=1000)
    ap.add_argument("--concurrency", type=int, default=40)
    ap.add_argument("--listen", type=float, default=5.0)
    ap.add_argument("--nodes", type=int, default=4)
    ap.add_argument("--slots", type=int, default=12)
    ap.add_argument("--grace", type=float, default=3.0)
    ap.add_argument("--same-session", dest="new_listeners", action="store_false",
                    help="each listener reuses one session (its slot is kept over the grace) instead of a new "
                         "session per lifecycle (the old one's slot is freed after the grace)")
    ap.add_argument("--warmup", type=int, default=None,
                    help="lifecycles before the first RSS sample (default: twice the slots, so every slot has played)")
    args = ap.parse_args()
    os.environ["STREAM_GRACE_SECONDS"] = str(args.grace)
    stack = Stack(args.nodes, args.slots)
    stack.env["STREAM_GRACE_SECONDS"] = str(args.grace)
    started = time.time()
    try:
        projects = stack.start(probe_count=0)
        api = f"http://127.0.0.1:{stack.api_port}"
        listeners = []
        for i in range(args.concurrency):
            token = http("POST", f"{api}/api/2/users/", body={"device_id": f"slot-bench-{i}-{random.random()}",
                                                              "client_type": "bench"})["token"]
            session = new_session(api, token, projects["bench"])
            listeners.append((token, session))
        stats = {"503": 0, "first_audio": [], "first_audio_after_wait": [], "bytes": [], "errors": []}
        counter = {"next": 0}
        lock = threading.Lock()
        warmup = args.warmup if args.warmup is not None else 2 * args.nodes * args.slots
        total = warmup + args.lifecycles
        samples: list[tuple[int, list[float]]] = []  # (lifecycles counted so far, RSS per node)
        every = max(1, args.lifecycles // 4)

        def run(token, session):
            while True:
                with lock:
                    if counter["next"] >= total:
                        return
                    counter["next"] += 1
                    counted = counter["next"] - 1 - warmup
                    if counted >= 0 and counted % every == 0:
                        samples.append((counted, node_rss_mb(stack)))
                try:
                    if args.new_listeners:
                        session = new_session(api, token, projects["bench"])
                    lifecycle(api, token, session, args.listen, stats)
                except Exception as error:  # noqa: BLE001 - counted and reported
                    stats["errors"].append(repr(error))

        threads = [threading.Thread(target=run, args=listener) for listener in listeners]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        time.sleep(args.grace + 25)  # the grace, then two reaper periods
        end_rss = node_rss_mb(stack)
        os.environ.update(stack.env)
        from rwflask import create_app
        from rwflask.extensions import db
        from rwflask.models import ListenerState
        with create_app().app_context():
            held = db.session.scalar(db.select(db.func.count()).select_from(ListenerState)
                                     .where(ListenerState.node.is_not(None)))
        start_rss = samples[0][1] if samples else end_rss
        first = sorted(stats["first_audio"])
        print(f"{args.lifecycles} lifecycles after {warmup} of warm-up ({args.concurrency} at a time, "
              f"{args.listen:g} s each) on {args.nodes} nodes x {args.slots} slots, grace {args.grace:g} s, in {time.time() - started:.0f} s")
        print(f"  errors: {len(stats['errors'])} {stats['errors'][:3]}; 503 answers seen: {stats['503']}")
        if first:
            print(f"  {len(stats['first_audio_after_wait'])} players waited for a free slot (503) before their stream")
            print(f"  POST streams/ to first audio bytes, the others: p50 {statistics.median(first):.2f} s, "
                  f"p90 {first[int(0.9 * (len(first) - 1))]:.2f} s, p99 {first[int(0.99 * (len(first) - 1))]:.2f} s, "
                  f"max {first[-1]:.2f} s; over 5 s: {sum(1 for t in first if t > 5)}")
        print(f"  render-node RSS MB after warm-up: {[round(v) for v in start_rss]}, at the end: "
              f"{[round(v) for v in end_rss]}; total growth {sum(end_rss) - sum(start_rss):+.0f} MB (target <= 50)")
        trend = ", ".join(f"{n}: {sum(rss):.0f}" for n, rss in samples + [(args.lifecycles, end_rss)])
        print(f"  total render-node RSS MB by lifecycles done: {trend}")
        print(f"  slot outputs connected to Icecast: {source_connections(Path(stack.logs))}")
        print(f"  slots still held at the end: {held} (target 0)")
    finally:
        kept = Path(tempfile.gettempdir()) / f"slot-bench-logs-{os.getpid()}"
        shutil.copytree(stack.logs, kept, dirs_exist_ok=True)  # node logs: did a node restart, and why
        print(f"  logs: {kept}")
        stack.stop()


if __name__ == "__main__":
    main()
