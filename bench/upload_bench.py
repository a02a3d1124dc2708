#!/usr/bin/env python3
"""Time from `PATCH envelopes/:id/` with a 30 s WAV to playable audio at the asset's `.mp3` URL, and to
the converted MP3.

    .venv/bin/python bench/upload_bench.py [--runs 10] [--seconds 30]

Starts a fresh instance (SQLite in a temporary folder), a private Redis, one API process
(granian) and one Celery worker, then uploads the same WAV `--runs` times the way the web
client does. Right after the PATCH answers it fetches the asset's `file` URL with `.wav`
replaced by `.mp3` (what roundware-web-framework asks for) until it is playable audio (200/206
with an audio type; every other answer is counted), then polls `GET assets/:id/` every 20 ms
until `file` names the converted MP3.
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.processes import CeleryWorker, RedisServer, free_port, wait_for_port  # noqa: E402

BIN = Path(sys.executable).parent


def call(base, method, path, token=None, payload=None, body=None, content_type=None):
    headers = {"Authorization": f"token {token}"} if token else {}
    if payload is not None:
        body, content_type = json.dumps(payload).encode(), "application/json"
    if content_type:
        headers["Content-Type"] = content_type
    request = urllib.request.Request(base + path, data=body, headers=headers, method=method)
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())


def multipart(fields: dict, file_bytes: bytes) -> tuple[bytes, str]:
    boundary = "rwbench" + os.urandom(8).hex()
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
             for k, v in fields.items()]
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="blob"\r\n'
                 f"Content-Type: application/octet-stream\r\n\r\n".encode() + file_bytes + b"\r\n")
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def fetch_audio(url: str) -> int:
    """The status of a ranged GET of a media URL; 200/206 only with an audio Content-Type."""
    request = urllib.request.Request(url, headers={"Range": "bytes=0-4095"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            response.read()
            return response.status if response.headers["Content-Type"].startswith("audio/") else -response.status
    except urllib.error.HTTPError as error:
        return error.code


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--seconds", type=float, default=30)
    args = ap.parse_args()

    instance = Path(tempfile.mkdtemp(prefix="rwflask-upload-bench-"))
    redis = RedisServer()
    port = free_port()
    env = {**os.environ, "RW_INSTANCE_PATH": str(instance), "REDIS_URL": redis.url, "CELERY_QUEUE": "upload-bench",
           "PUBLIC_URL": f"http://127.0.0.1:{port}"}
    flask = [str(BIN / "flask"), "--app", "wsgi"]
    subprocess.run(flask + ["db", "upgrade"], cwd=ROOT, env=env, check=True, capture_output=True)
    subprocess.run(flask + ["rw", "seed-demo"], cwd=ROOT, env=env, check=True, capture_output=True)
    wav = instance / "tone.wav"
    subprocess.run(["ffmpeg", "-nostdin", "-loglevel", "error", "-f", "lavfi", "-i",
                    f"sine=frequency=440:duration={args.seconds}:sample_rate=44100", str(wav)], check=True)
    api = subprocess.Popen([str(BIN / "granian"), "--interface", "wsgi", "--host", "127.0.0.1", "--port", str(port),
                            "--workers", "1", "--blocking-threads", "4", "--log-level", "warning", "wsgi:app"], cwd=ROOT, env=env)
    worker = CeleryWorker(env, instance / "worker.log")
    try:
        wait_for_port(port)
        base = f"http://127.0.0.1:{port}/api/2/"
        token = call(base, "POST", "users/", payload={"device_id": "upload-bench-0001"})["token"]
        session_id = call(base, "POST", "sessions/", token, {"project_id": 1})["id"]
        data = wav.read_bytes()
        timings, playable, answers = [], [], {}
        for _ in range(args.runs):
            envelope_id = call(base, "POST", "envelopes/", token, {"session_id": session_id})["id"]
            body, content_type = multipart({"session_id": session_id, "latitude": "42.3551", "longitude": "-71.0657",
                                            "tag_ids": "1,4", "media_type": "audio"}, data)
            start = time.perf_counter()
            asset = call(base, "PATCH", f"envelopes/{envelope_id}/", token, body=body, content_type=content_type)
            uploaded = time.perf_counter() - start
            mp3_url = asset["file"].replace(".wav", ".mp3")
            while (status := fetch_audio(mp3_url)) not in (200, 206):
                answers[status] = answers.get(status, 0) + 1
                time.sleep(0.02)
            answers[status] = answers.get(status, 0) + 1
            playable.append(time.perf_counter() - start)
            while not asset["file"].endswith("/" + (asset["filename"] or "?")):
                time.sleep(0.02)
                asset = call(base, "GET", f"assets/{asset['id']}/", token)
            timings.append((uploaded, time.perf_counter() - start))
        totals = sorted(t for _, t in timings)
        print(f"{args.runs} uploads of a {args.seconds:g} s WAV ({len(data) / 1e6:.1f} MB):")
        print(f"  PATCH response   p50 {statistics.median(u for u, _ in timings) * 1000:.0f} ms")
        print(f"  PATCH->playable .mp3 URL p50 {statistics.median(playable) * 1000:.0f} ms, "
              f"max {max(playable) * 1000:.0f} ms; answers seen at that URL: {answers}")
        print(f"  PATCH->processed p50 {statistics.median(totals) * 1000:.0f} ms, "
              f"p90 {totals[int(0.9 * (len(totals) - 1))] * 1000:.0f} ms, max {totals[-1] * 1000:.0f} ms")
    finally:
        worker.stop()
        api.terminate()
        api.wait(timeout=30)
        redis.stop()
        shutil.rmtree(instance, ignore_errors=True)


if __name__ == "__main__":
    main()
