"""Judging a live stream by listening: a player that stays connected, ffmpeg to decode, an FFT to
tell which tones sound when."""
import subprocess
import threading
import time
import urllib.request

import numpy as np

RATE = 8000  # decoded mono sample rate: plenty for tones up to 1 kHz
WINDOW_S = 0.25
STREAM_BYTES_PER_SECOND = 128_000 / 8  # MP3_BITRATE
HEARD = 0.02  # amplitude (full scale 1.0) from which a tone counts as heard (about -34 dBFS)


class Player:
    """An HTTP listener on a stream, reading in a thread and noting when each byte arrived.

    It models a player that starts playing as soon as it connects: audio at position p seconds of
    the stream sounds at `connected_at + p`. Icecast's burst makes it a little behind live.
    """

    def __init__(self, url: str):
        self.url = url
        self.data = bytearray()
        self.closed_at: float | None = None
        self.error: Exception | None = None
        self._decoded: tuple[int, np.ndarray] | None = None
        self._stop = threading.Event()
        self._response = urllib.request.urlopen(url, timeout=30)
        self.connected_at = time.time()
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        try:
            while not self._stop.is_set():
                chunk = self._response.read1(4096)
                if not chunk:
                    break
                self.data += chunk
        except Exception as exc:  # noqa: BLE001 - recorded for the test to inspect
            self.error = exc
        finally:
            if not self._stop.is_set():
                self.closed_at = time.time()

    @property
    def connected(self) -> bool:
        """Whether the server is still sending (the connection was never dropped)."""
        return self._thread.is_alive() and self.closed_at is None

    def close(self) -> None:
        """Hang up."""
        self._stop.set()
        self._response.close()
        self._thread.join(timeout=5)

    def samples(self) -> np.ndarray:
        """Everything received so far, decoded to mono floats at RATE."""
        size = len(self.data)
        if self._decoded is not None and self._decoded[0] == size:
            return self._decoded[1]
        decoded = subprocess.run(
            ["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "quiet", "-f", "mp3", "-i", "pipe:0", "-ac", "1",
             "-ar", str(RATE), "-f", "f32le", "pipe:1"], input=bytes(self.data), capture_output=True, timeout=120)
        samples = np.frombuffer(decoded.stdout, dtype=np.float32)
        self._decoded = (size, samples)
        return samples

    def heard_between(self, start: float, end: float) -> np.ndarray:
        """The samples that sounded between two wall-clock times."""
        samples = self.samples()
        first = max(0, int((start - self.connected_at) * RATE))
        last = max(first, int((end - self.connected_at) * RATE))
        return samples[first:last]

    def wait_until_heard(self, moment: float, timeout: float = 30.0) -> None:
        """Block until the audio that sounds at `moment` has arrived (and a little after)."""
        deadline = time.time() + timeout
        wanted = (moment - self.connected_at + 2 * WINDOW_S) * STREAM_BYTES_PER_SECOND
        while time.time() < deadline:
            if len(self.data) >= wanted:  # constant bitrate: bytes tell the position without decoding
                return
            time.sleep(0.2)
        raise TimeoutError("the stream did not deliver audio in time")


def levels(samples: np.ndarray, frequencies: list[float], window_s: float = WINDOW_S) -> list[dict[float, float]]:
    """Per window of `window_s`, the amplitude of each frequency (a sine of amplitude A reads ~A)."""
    size = int(window_s * RATE)
    window = np.hanning(size)
    bins = np.fft.rfftfreq(size, 1 / RATE)
    result = []
    for start in range(0, len(samples) - size + 1, size):
        spectrum = np.abs(np.fft.rfft(samples[start:start + size] * window)) * 2 / window.sum()
        result.append({f: float(spectrum[np.abs(bins - f) <= 1.5 * RATE / size].max()) for f in frequencies})
    return result


def heard_windows(samples: np.ndarray, frequency: float) -> list[bool]:
    """Per window, whether the tone at `frequency` sounds."""
    return [level[frequency] >= HEARD for level in levels(samples, [frequency])]


def loudness(samples: np.ndarray, frequency: float) -> float:
    """The median amplitude of a tone over the samples."""
    return float(np.median([level[frequency] for level in levels(samples, [frequency])]))


def runs(flags: list[bool], window_s: float = WINDOW_S) -> list[tuple[float, float]]:
    """(start, end) seconds of each run of consecutive True windows."""
    spans, start = [], None
    for i, flag in enumerate([*flags, False]):
        if flag and start is None:
            start = i
        elif not flag and start is not None:
            spans.append((start * window_s, i * window_s))
            start = None
    return spans
