#!/usr/bin/env python3
"""Playlist recompute after a listener moves, on projects with 10,000 and 100,000 assets.

    .venv/bin/python bench/playlist_bench.py [--sizes 10000,100000] [--moves 200]

For each size: a fresh SQLite instance with the demo project plus N benchmark assets (5 km
square, 1-3 tags each). A listener then walks to random places inside the area and each move is
timed twice: the pure engine (`engine.build_playlist`, index in memory) and the whole
recompute: the move stored (`listener.move`, commit), then what a stream worker does (read the
state, check the generations, read the listener's blocks, compute, store the playlist). Listening
modes: the project's radius, range 500 m, heading 90 +- 30 degrees within 1 km.
"""
import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
MODES = {"radius": {}, "range 500 m": {"listener_range_max": 500.0},
         "heading 90+-30 within 1 km": {"listen_heading": 90.0, "listen_width": 60.0, "listener_range_max": 1000.0}}


def percentile(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(q * (len(values) - 1)))]


def run(size: int, moves: int) -> None:
    instance = Path(tempfile.mkdtemp(prefix="rwflask-playlist-bench-"))
    env = {**os.environ, "RW_INSTANCE_PATH": str(instance)}
    flask = [str(BIN / "flask"), "--app", "wsgi"]
    subprocess.run(flask + ["db", "upgrade"], cwd=ROOT, env=env, check=True, capture_output=True)
    subprocess.run(flask + ["rw", "seed-demo"], cwd=ROOT, env=env, check=True, capture_output=True)
    subprocess.run(flask + ["rw", "seed-bench", "--assets", str(size)], cwd=ROOT, env=env, check=True,
                   capture_output=True)
    os.environ["RW_INSTANCE_PATH"] = str(instance)
    sys.path.insert(0, str(ROOT))
    from rwflask import create_app
    from rwflask.extensions import db
    from rwflask.models import ListenerState, Project, Session, User
    from rwflask.models.base import utcnow
    from rwflask.playlist import engine, index, listener

    app = create_app()
    try:
        with app.app_context():
            project = db.session.scalar(db.select(Project))
            user = User(username="bench-listener", device_id="bench-listener")
            db.session.add(user)
            db.session.flush()
            session = Session(user_id=user.id, project_id=project.id, language_id=1, starttime=utcnow(),
                              geo_listen_enabled=True)
            db.session.add(session)
            db.session.commit()
            state = listener.start(ListenerState(session_id=session.id), project.latitude, project.longitude, None)
            db.session.add(state)
            db.session.commit()
            ban = app.config["PLAYLIST_BAN_SECONDS"]
            started = time.perf_counter()
            _, rules, asset_index = index.project_data(db.session, project.id)
            cold = time.perf_counter() - started
            print(f"\n{size} assets (index built in {cold * 1000:.0f} ms, cold):")
            print("| mode | pure engine p50 / p99 ms | whole recompute p50 / p99 ms | playlist length (median) |")
            print("|---|---|---|---|")
            rng = random.Random(1)
            for mode, params in MODES.items():
                pure, full, lengths = [], [], []
                for _ in range(moves):
                    move = {"latitude": project.latitude + rng.uniform(-0.02, 0.02),
                            "longitude": project.longitude + rng.uniform(-0.025, 0.025), **params}
                    moved = replace(listener.to_listener(state, session), **move)
                    t0 = time.perf_counter()
                    result = engine.build_playlist(moved, rules, asset_index, time.time())
                    pure.append(time.perf_counter() - t0)
                    lengths.append(len(result.asset_ids))
                    t0 = time.perf_counter()
                    listener.move(state, move)
                    db.session.commit()
                    state = db.session.get(ListenerState, session.id, populate_existing=True)
                    listener.rebuild(db.session, state, session, time.time(), ban)
                    db.session.commit()
                    full.append(time.perf_counter() - t0)
                print(f"| {mode} | {statistics.median(pure) * 1000:.2f} / {percentile(pure, 0.99) * 1000:.2f} | "
                      f"{statistics.median(full) * 1000:.2f} / {percentile(full, 0.99) * 1000:.2f} | "
                      f"{statistics.median(lengths):.0f} |")
    finally:
        shutil.rmtree(instance, ignore_errors=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="10000,100000")
    ap.add_argument("--moves", type=int, default=200)
    args = ap.parse_args()
    for size in (int(s) for s in args.sizes.split(",")):
        run(size, args.moves)


if __name__ == "__main__":
    main()
