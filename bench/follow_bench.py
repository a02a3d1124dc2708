#!/usr/bin/env python3
"""Playlists following their project: 10,000 assets, 1,000 live listening sessions, one change at a time.

    .venv/bin/python bench/follow_bench.py [--assets 10000] [--sessions 1000] [--changes 30] \
        [--database-url postgresql+psycopg://...]

A fresh instance (SQLite in a temporary folder, or the given database, which must be empty) with
the demo project, `--assets` benchmark assets over its 5 km square and `--sessions` listeners at
random places in it, each with a live stream on one of ten fake render nodes (real TCP servers
speaking Liquidsoap's telnet protocol, 100 slots each). Each change is committed, then the batch
a stream worker runs for it (`follow.follow_project`) is timed: the wall time until every live
playlist of the project is rebuilt and stored and the nodes were sent what changed, and the CPU
it cost. Changes, in turn: an asset edited (moved next to a listener, weight changed), a new
upload (a ready asset next to a listener), a like.
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
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
NODES, SLOTS = 10, 100


def percentile(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(q * (len(values) - 1)))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--assets", type=int, default=10000)
    ap.add_argument("--sessions", type=int, default=1000)
    ap.add_argument("--changes", type=int, default=30)
    ap.add_argument("--database-url", default=None)
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    from tests.support.fake_liquidsoap import FakeLiquidsoap

    instance = Path(tempfile.mkdtemp(prefix="rwflask-follow-bench-"))
    fakes = [FakeLiquidsoap(unknown="ok") for _ in range(NODES)]
    env = {**os.environ, "RW_INSTANCE_PATH": str(instance), "RENDER_NODE_SLOTS": str(SLOTS),
           "RENDER_NODES": ",".join(f"f{i}=127.0.0.1:{fake.port}" for i, fake in enumerate(fakes))}
    if args.database_url:
        env["DATABASE_URL"] = args.database_url
    os.environ.update(env)
    flask = [str(BIN / "flask"), "--app", "wsgi"]
    subprocess.run(flask + ["db", "upgrade"], cwd=ROOT, env=env, check=True, capture_output=True)
    subprocess.run(flask + ["rw", "seed-demo"], cwd=ROOT, env=env, check=True, capture_output=True)
    subprocess.run(flask + ["rw", "seed-bench", "--assets", str(args.assets)], cwd=ROOT, env=env, check=True,
                   capture_output=True)
    from rwflask import create_app
    from rwflask.extensions import db
    from rwflask.models import Asset, ListenerState, Project, Session, User, Vote
    from rwflask.models.base import utcnow
    from rwflask.models.listener import TrackState
    from rwflask.playlist import listener
    from rwflask.streaming import follow

    app = create_app()
    follow.enqueue = lambda *a: None  # the batches are run and timed here, not by a worker
    try:
        with app.app_context():
            project = db.session.scalar(db.select(Project).order_by(Project.id.desc()))
            project.ordering = "by_weight"
            # Changed assets get weights above every other, so each change is the next asset of a listener.
            db.session.execute(db.update(Asset).values(weight=Asset.weight / 2))
            tracks = app.config["RENDER_NODE_TRACKS"]
            rng = random.Random(1)
            places = []
            for i in range(args.sessions):
                user = User(username=f"bench-{i}", device_id=f"bench-{i}")
                db.session.add(user)
                db.session.flush()
                session = Session(user_id=user.id, project_id=project.id, language_id=1, starttime=utcnow(),
                                  geo_listen_enabled=True)
                db.session.add(session)
                db.session.flush()
                place = (project.latitude + rng.uniform(-0.02, 0.02), project.longitude + rng.uniform(-0.025, 0.025))
                places.append(place)
                state = listener.start(ListenerState(session_id=session.id), *place, None)
                state.node, state.slot = f"f{i // SLOTS}", i % SLOTS
                state.tracks = [TrackState() for _ in range(tracks)]
                state.listener_seen_at = utcnow()
                db.session.add(state)
            db.session.commit()
            started = time.perf_counter()
            filled = follow.follow_project(project.id)
            print(f"{args.assets} assets, {args.sessions} live streams on {NODES} fake nodes "
                  f"({db.engine.dialect.name}); first fill: {filled} streams in {time.perf_counter() - started:.2f} s")
            lengths = [len(s.playlist.asset_ids) if s.playlist else 0 for s in db.session.scalars(
                db.select(ListenerState).where(ListenerState.node.is_not(None)))]
            print(f"playlist length: median {statistics.median(lengths):.0f}, max {max(lengths)}")
            asset_ids = db.session.scalars(db.select(Asset.id).where(Asset.project_id == project.id)).all()
            template = db.session.get(Asset, asset_ids[0])
            kinds = ("edit", "upload", "like")
            results = {kind: [] for kind in kinds}
            for k in range(args.changes):
                kind = kinds[k % 3]
                near = places[rng.randrange(len(places))]
                if kind == "edit":
                    asset = db.session.get(Asset, rng.choice(asset_ids))
                    asset.latitude, asset.longitude, asset.weight = near[0], near[1], rng.randint(90, 99)
                elif kind == "upload":
                    db.session.add(Asset(
                        project_id=project.id, language_id=template.language_id, mediatype="audio", submitted=True,
                        latitude=near[0], longitude=near[1], filename=template.filename, file=template.file,
                        audio_length=template.audio_length, processing_state="ready", weight=rng.randint(90, 99),
                        tags=list(template.tags)))
                else:
                    db.session.add(Vote(asset_id=rng.choice(asset_ids), session_id=state.session_id, type="like"))
                db.session.commit()
                wall, cpu = time.perf_counter(), time.process_time()
                changed = follow.follow_project(project.id)
                results[kind].append((time.perf_counter() - wall, time.process_time() - cpu, changed))
            print("| change | batches | wall p50 / p99 s | CPU p50 s | streams sent commands (median) |")
            print("|---|---|---|---|---|")
            every = [r for rows in results.values() for r in rows]
            for kind, rows in [*results.items(), ("all", every)]:
                walls, cpus = [r[0] for r in rows], [r[1] for r in rows]
                print(f"| {kind} | {len(rows)} | {statistics.median(walls):.2f} / {percentile(walls, 0.99):.2f} | "
                      f"{statistics.median(cpus):.2f} | {statistics.median(r[2] for r in rows):.0f} |")
    finally:
        for fake in fakes:
            fake.stop()
        shutil.rmtree(instance, ignore_errors=True)


if __name__ == "__main__":
    main()
