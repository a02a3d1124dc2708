"""Media files: where they live, what they really are (by content), and turning audio into MP3.

ffprobe is the judge of audio containers: a file is accepted when its container is one clients
send (wav, mp3, m4a/aac, ogg/opus, webm, caf), whatever its name says. Its length is what ffmpeg
decodes from it, counted in samples, never what the container claims (a file can claim anything);
decoding stops just past the limit, so a small file that decodes to hours costs no more than one
at the limit.
"""
import json
import os
import secrets
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import magic
from flask import current_app
from sqlalchemy import select
from werkzeug.security import safe_join

from rwflask.errors import MediaError
from rwflask.extensions import db
from rwflask.models import Asset

# ffprobe format names -> extension of the stored original.
AUDIO_CONTAINERS = {
    "wav": ".wav", "mp3": ".mp3", "mov,mp4,m4a,3gp,3g2,mj2": ".m4a", "aac": ".aac", "ogg": ".ogg",
    "matroska,webm": ".webm", "caf": ".caf",
}
VIDEO_CONTAINERS = {"mov,mp4,m4a,3gp,3g2,mj2": ".mp4", "matroska,webm": ".webm"}
PHOTO_TYPES = {"image/jpeg": ".jpg", "image/png": ".png", "image/gif": ".gif", "image/webp": ".webp"}
PROBE_TIMEOUT_S = 30
CONVERT_TIMEOUT_S = 600
COUNT_RATE = 8000  # decoded audio is counted as 8 kHz mono 8-bit PCM: one byte per sample
MIN_AUDIO_S = 0.1  # what truncated or garbage files decode to: nothing to listen to
OVERRUN_S = 0.5  # decoding goes this far past a limit, so that "longer" is told from "just at it"


class TakenOver(Exception):
    """The conversion was abandoned: another worker holds the asset now."""


@dataclass(frozen=True)
class Probe:
    """What a media file turned out to be."""

    extension: str
    duration: float | None = None


def media_root() -> Path:
    """The media directory (created on demand)."""
    root = Path(current_app.config["MEDIA_ROOT"])
    root.mkdir(parents=True, exist_ok=True)
    return root


def media_base(config) -> str:
    """Where clients fetch media from: MEDIA_URL when it is absolute (a CDN), else PUBLIC_URL + MEDIA_URL.

    Absolute because browser clients run on other origins: a relative `/rwmedia/...` would resolve
    against the page's origin.
    """
    prefix = config["MEDIA_URL"]
    return prefix if "://" in prefix else config["PUBLIC_URL"] + prefix


def media_url(name: str | None) -> str | None:
    """The absolute URL clients fetch a stored file from."""
    return None if not name else media_base(current_app.config) + name


# How an original is labelled while it stands in for its MP3 (some containers' usual types say video).
STAND_IN_TYPES = {".wav": "audio/wav", ".m4a": "audio/mp4", ".aac": "audio/aac", ".ogg": "audio/ogg",
                  ".opus": "audio/ogg", ".webm": "audio/webm", ".caf": "audio/x-caf", ".mp3": "audio/mpeg"}


def playable_name(original: str) -> str:
    """The name an uploaded audio file is served under once converted (its MP3), known from the upload on."""
    return original if original.lower().endswith(".mp3") else Path(original).stem + ".mp3"


def servable_path(name: str) -> Path | None:
    """The file to serve for a media name: the file itself, or, while an upload's MP3 is not written
    yet (or could not be), its original, so the URL a client was given never answers 404."""
    root = media_root()
    joined = safe_join(str(root), name)
    if joined is None:
        return None
    path = Path(joined)
    if path.is_file():
        return path
    original = db.session.scalar(select(Asset.file).where(Asset.filename == name, Asset.file != name))
    if original and (root / original).is_file():
        return root / original
    return None


def incoming_path() -> Path:
    """A fresh temporary path inside the media directory (same filesystem, so a rename is atomic)."""
    incoming = media_root() / ".incoming"
    incoming.mkdir(exist_ok=True)
    return incoming / secrets.token_hex(16)


def remove_stale_incoming(max_age_s: float) -> int:
    """Delete temporary files older than `max_age_s` (left by killed uploads or conversions)."""
    incoming = media_root() / ".incoming"
    if not incoming.is_dir():
        return 0
    horizon = time.time() - max_age_s
    removed = 0
    for path in incoming.iterdir():
        try:
            if path.stat().st_mtime < horizon:
                path.unlink()
                removed += 1
        except FileNotFoundError:
            continue
    return removed


def stored_name(session_id: int | None, extension: str, now: datetime) -> str:
    """Roundware's `YYYYmmdd-HHMMSS-<session>` plus a random part, so names cannot be guessed."""
    return f"{now:%Y%m%d-%H%M%S}-{session_id or 0}-{secrets.token_hex(4)}{extension}"


def _ffprobe(path: Path) -> dict:
    try:
        result = subprocess.run(
            ["ffprobe", "-v", "error", "-print_format", "json", "-show_format", "-show_streams", str(path)],
            capture_output=True, timeout=PROBE_TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired as exc:
        raise MediaError("The file could not be analysed in time.") from exc
    if result.returncode != 0:
        return {}
    try:
        return json.loads(result.stdout or b"{}")
    except ValueError:
        return {}


def _duration(info: dict) -> float | None:
    for value in [info.get("format", {}).get("duration")] + [s.get("duration") for s in info.get("streams", [])]:
        try:
            if value is not None and float(value) > 0:
                return float(value)
        except ValueError:
            continue
    return None


def probe(path: Path, media_type: str) -> Probe:
    """Check a stored upload against its media type by content; raise MediaError when it does not fit."""
    if path.stat().st_size == 0:
        raise MediaError("The file is empty.")
    if media_type in ("audio", "video"):
        info = _ffprobe(path)
        kinds = {s.get("codec_type") for s in info.get("streams", [])}
        containers = AUDIO_CONTAINERS if media_type == "audio" else VIDEO_CONTAINERS
        container = info.get("format", {}).get("format_name")
        wanted = "audio" if media_type == "audio" else "video"
        if wanted not in kinds or container not in containers:
            raise MediaError(f"The file is not {wanted} that can be decoded (accepted: "
                             f"{', '.join(sorted(set(containers.values())))}).")
        duration = _duration(info)
        # Audio is measured by decoding it (`measure_audio`): recorders that stream (a browser's
        # MediaRecorder) write no duration in the container.
        if duration is None and media_type == "video":
            raise MediaError("The video has no measurable duration.")
        return Probe(containers[container], duration)
    with path.open("rb") as f:
        head = f.read(8192)
    mime = magic.from_buffer(head, mime=True)
    if media_type == "photo":
        if mime not in PHOTO_TYPES:
            raise MediaError(f"The file is not a photo (JPEG, PNG, GIF or WebP); it looks like {mime}.")
        return Probe(PHOTO_TYPES[mime])
    try:
        path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise MediaError("Text must be UTF-8.") from None
    if not mime.startswith("text/"):
        raise MediaError(f"The file is not text; it looks like {mime}.")
    return Probe(".txt")


def _stop_after(seconds: float) -> list[str]:
    """ffmpeg output options that end the output after `seconds` of decoded audio.

    The timestamps are rewritten from the sample count first: `-t` then counts real audio, whatever
    timestamps the file carries.
    """
    return ["-af", "asetpts=N/SR/TB", "-t", f"{seconds:.3f}"]


def decoded_seconds(path: Path, stop_s: float) -> float | None:
    """Seconds of audio ffmpeg decodes from the file's first audio stream, at most `stop_s`; None if it cannot."""
    command = ["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "quiet", "-i", str(path), "-map", "0:a:0",
               *_stop_after(stop_s), "-ac", "1", "-ar", str(COUNT_RATE), "-f", "u8", "pipe:1"]
    try:
        result = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                timeout=PROBE_TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired as exc:
        raise MediaError("The file could not be analysed in time.") from exc
    if result.returncode != 0:
        return None
    return len(result.stdout) / COUNT_RATE


def measure_audio(path: Path, limit_s: float, tolerance_s: float) -> float:
    """The decoded length of an audio file in seconds; MediaError when it has no audio or more than
    `limit_s` (plus `tolerance_s`, for recorders that stop a little late)."""
    seconds = decoded_seconds(path, limit_s + tolerance_s + OVERRUN_S)
    if seconds is None or seconds < MIN_AUDIO_S:
        raise MediaError("The file has no audio that can be decoded (it is empty, truncated or not audio).")
    if seconds > limit_s + tolerance_s:
        raise MediaError(f"The recording is longer than the limit of {limit_s:g} seconds.")
    return seconds


def mp3_command(source: Path, target: Path, max_s: float | None = None) -> list[str]:
    """The ffmpeg command that encodes `source` as the MP3 `target` (stopping just past `max_s` if given)."""
    cap = [] if max_s is None else _stop_after(max_s + OVERRUN_S)
    return ["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y", "-i", str(source), "-vn",
            "-map_metadata", "-1", *cap, "-c:a", "libmp3lame", "-q:a", "2", "-ar", "44100", "-f", "mp3", str(target)]


def _run_ffmpeg(command: list[str], still_ours: Callable[[], bool], check_every: float) -> None:
    """Run ffmpeg to its end, asking `still_ours()` every `check_every` seconds; stop it when the answer is no."""
    deadline = time.monotonic() + CONVERT_TIMEOUT_S
    with subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE) as process:
        try:
            while True:
                try:
                    _, stderr = process.communicate(timeout=min(check_every, max(deadline - time.monotonic(), 0)))
                    break
                except subprocess.TimeoutExpired:
                    if time.monotonic() >= deadline:
                        raise MediaError("Conversion took too long.") from None
                    if not still_ours():
                        raise TakenOver("another worker took the conversion over") from None
        finally:
            if process.poll() is None:
                process.kill()
    if process.returncode != 0:
        raise MediaError("ffmpeg could not convert the file: " + stderr.decode(errors="replace")[-300:])


def convert_to_mp3(source: Path, target: Path, still_ours: Callable[[], bool] = lambda: True,
                   check_every: float = 20.0, max_s: float | None = None) -> float | None:
    """Encode `source` as MP3 at `target` (atomically) and return the MP3's duration in seconds.

    `still_ours()` (which renews the caller's lease) is asked every `check_every` seconds while ffmpeg runs and
    once more just before the MP3 is published; when it answers no, the conversion stops with TakenOver.
    With `max_s`, encoding stops just past it and a longer source is refused (MediaError).
    """
    # A unique partial file in the private `.incoming` folder: two workers converting the same file never
    # write into each other, and a conversion killed half-way is never served (the sweep removes it).
    partial = incoming_path().with_suffix(".mp3.part")
    try:
        _run_ffmpeg(mp3_command(source, partial, max_s), still_ours, check_every)
        duration = _duration(_ffprobe(partial))
        # Halfway into the overrun: an MP3 cut by the cap reaches it, one within `max_s` (plus the
        # encoder's few ms of padding) does not.
        if max_s is not None and duration is not None and duration > max_s + OVERRUN_S / 2:
            raise MediaError(f"The recording is longer than the limit of {max_s:g} seconds.")
        if not still_ours():
            raise TakenOver("another worker took the conversion over")
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return duration
