"""Media made with ffmpeg at test time (nothing binary is committed): tones, images and text."""
import json
import struct
import subprocess
from pathlib import Path

# Encoder arguments per format the upload pipeline accepts; the key is the file extension written.
AUDIO_ENCODINGS = {
    "wav": ["-c:a", "pcm_s16le", "-f", "wav"],
    "mp3": ["-c:a", "libmp3lame", "-q:a", "4", "-f", "mp3"],
    "m4a": ["-c:a", "aac", "-f", "mp4"],
    "aac": ["-c:a", "aac", "-f", "adts"],
    "ogg": ["-c:a", "libvorbis", "-f", "ogg"],
    "opus": ["-c:a", "libopus", "-f", "ogg"],
    "webm": ["-c:a", "libopus", "-f", "webm"],
    "caf": ["-c:a", "pcm_s16le", "-f", "caf"],
}
# The extension the server gives the stored original of each format (it judges by content).
STORED_EXTENSIONS = {"wav": ".wav", "mp3": ".mp3", "m4a": ".m4a", "aac": ".aac", "ogg": ".ogg", "opus": ".ogg",
                     "webm": ".webm", "caf": ".caf"}


def ffmpeg(*args: str) -> None:
    """Run ffmpeg quietly; raise if it fails."""
    subprocess.run(["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y", *args],
                   check=True, capture_output=True, timeout=300)


def tone_wav(path: Path, seconds: float = 2.0, frequency: int = 440, rate: int = 22050) -> Path:
    """A mono sine tone of `seconds` at `frequency` Hz, as 16-bit PCM WAV."""
    ffmpeg("-f", "lavfi", "-i", f"sine=frequency={frequency}:sample_rate={rate}:duration={seconds}",
           "-ac", "1", "-c:a", "pcm_s16le", "-f", "wav", str(path))
    return path


def tone(directory: Path, fmt: str, seconds: float = 2.0, frequency: int = 440) -> Path:
    """The same tone encoded as `fmt` (a key of AUDIO_ENCODINGS), in `directory`."""
    wav = tone_wav(directory / f"tone-{frequency}-{seconds}-source.wav", seconds, frequency)
    if fmt == "wav":
        return wav
    target = directory / f"tone-{frequency}-{seconds}.{fmt}"
    ffmpeg("-i", str(wav), *AUDIO_ENCODINGS[fmt], str(target))
    return target


def silent_opus(directory: Path, seconds: int, copies: int = 1) -> Path:
    """`seconds * copies` of silence as a small Ogg/Opus file: `seconds` encoded once, its packets repeated
    (encoding an hour of Opus takes half a minute, repeating a minute well under a second)."""
    chunk = directory / f"silence-{seconds}.opus"
    ffmpeg("-f", "lavfi", "-i", "anullsrc=r=48000:cl=mono", "-t", str(seconds), "-c:a", "libopus", "-b:a", "6k",
           str(chunk))
    if copies == 1:
        return chunk
    playlist = directory / f"silence-{seconds}x{copies}.txt"
    playlist.write_text(f"file '{chunk.name}'\n" * copies)
    target = directory / f"silence-{seconds}x{copies}.opus"
    ffmpeg("-f", "concat", "-safe", "0", "-i", str(playlist), "-c", "copy", str(target))
    return target


def _ogg_pages(data: bytes) -> list[tuple[int, int]]:
    """(start, end) of each page of an Ogg file."""
    pages, start = [], 0
    while start < len(data):
        segments = data[start + 27:start + 27 + data[start + 26]]
        end = start + 27 + len(segments) + sum(segments)
        pages.append((start, end))
        start = end
    return pages


def _ogg_crc(page: bytes) -> int:
    """An Ogg page's checksum (CRC-32, polynomial 0x04C11DB7, not reflected; RFC 3533)."""
    crc = 0
    for byte in page:
        crc ^= byte << 24
        for _ in range(8):
            crc = ((crc << 1) ^ 0x04C11DB7 if crc & 0x80000000 else crc << 1) & 0xFFFFFFFF
    return crc


def claiming_duration(source: Path, target: Path, seconds: float) -> Path:
    """A copy of an Ogg/Opus file whose last page says it lasts `seconds` (what ffprobe reports), whatever
    it decodes to."""
    data = bytearray(source.read_bytes())
    head = data.index(b"OpusHead")
    pre_skip = struct.unpack_from("<H", data, head + 10)[0]
    start, end = _ogg_pages(data)[-1]
    struct.pack_into("<q", data, start + 6, pre_skip + round(seconds * 48000))
    struct.pack_into("<I", data, start + 22, 0)
    struct.pack_into("<I", data, start + 22, _ogg_crc(bytes(data[start:end])))
    target.write_bytes(data)
    return target


def live_webm(directory: Path, seconds: float = 2.0) -> Path:
    """Opus in WebM written as a browser's MediaRecorder does: no duration in the container."""
    path = directory / f"live-{seconds}.webm"
    ffmpeg("-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}", "-c:a", "libopus", "-live", "1",
           "-f", "webm", str(path))
    return path


def adts_garbage(path: Path, frames: int = 100) -> Path:
    """Well-formed AAC (ADTS) frame headers around bytes that are no AAC: ffprobe takes it for 2 s of
    audio, a decoder gets nothing out of it."""
    length = 200
    header = bytes([0xFF, 0xF1, 0x50, 0x40 | length >> 11, (length >> 3) & 0xFF, (length & 7) << 5 | 0x1F, 0xFC])
    path.write_bytes((header + bytes(range(length - len(header)))) * frames)
    return path


def _still(path: Path, size: str, color: str, *encoding: str) -> Path:
    """One frame of a solid colour, encoded as `encoding` says."""
    ffmpeg("-f", "lavfi", "-i", f"color=c={color}:s={size}", "-frames:v", "1", *encoding, str(path))
    return path


def png(directory: Path, size: str = "8x8", color: str = "red") -> Path:
    """A tiny PNG image."""
    return _still(directory / "image.png", size, color, "-f", "image2", "-c:v", "png")


def jpeg(directory: Path, size: str = "8x8", color: str = "blue") -> Path:
    """A tiny JPEG image."""
    return _still(directory / "image.jpg", size, color, "-f", "image2", "-c:v", "mjpeg")


def gif(directory: Path, size: str = "8x8", color: str = "green") -> Path:
    """A tiny GIF image."""
    return _still(directory / "image.gif", size, color, "-f", "gif")


def webp(directory: Path, size: str = "8x8", color: str = "yellow") -> Path:
    """A tiny WebP image."""
    return _still(directory / "image.webp", size, color, "-c:v", "libwebp", "-f", "webp")


def video_mp4(directory: Path, seconds: float = 2.0) -> Path:
    """A small MP4 video (MPEG-4 part 2) with an AAC tone."""
    path = directory / "video.mp4"
    ffmpeg("-f", "lavfi", "-i", f"testsrc=size=64x48:rate=10:duration={seconds}",
           "-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}",
           "-c:v", "mpeg4", "-c:a", "aac", "-shortest", "-f", "mp4", str(path))
    return path


def text_file(directory: Path, content: str = "Une contribution écrite — ☃ UTF-8.\n") -> Path:
    """A UTF-8 text file."""
    path = directory / "note.txt"
    path.write_text(content, encoding="utf-8")
    return path


def ffprobe(path: Path) -> dict:
    """ffprobe's JSON for a file ({} when ffprobe cannot read it)."""
    result = subprocess.run(["ffprobe", "-v", "error", "-print_format", "json", "-show_format", "-show_streams",
                             str(path)], capture_output=True, timeout=60, check=False)
    return json.loads(result.stdout or b"{}") if result.returncode == 0 else {}


def decoded_seconds(path: Path) -> float:
    """Seconds of audio ffmpeg actually decodes from the file (raises if it cannot decode it)."""
    result = subprocess.run(["ffmpeg", "-nostdin", "-hide_banner", "-v", "error", "-i", str(path), "-map", "0:a:0",
                             "-f", "s16le", "-ac", "1", "-ar", "8000", "-"],
                            capture_output=True, timeout=300, check=True)
    if result.stderr.strip():
        raise AssertionError(f"decoding errors: {result.stderr[-300:]!r}")
    return len(result.stdout) / 2 / 8000
