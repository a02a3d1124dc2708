"""Generated audio for demos and benchmarks: speech (espeak-ng) or tones and noise (ffmpeg)."""
import shutil
import subprocess
from pathlib import Path


def _ffmpeg(args: list[str]) -> None:
    subprocess.run(["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y", *args], check=True,
                   timeout=120)


def tone_wav(path: Path, frequency: float, seconds: float) -> Path:
    """A sine tone as WAV."""
    _ffmpeg(["-f", "lavfi", "-i", f"sine=frequency={frequency}:duration={seconds}:sample_rate=44100", str(path)])
    return path


def speech_wav(path: Path, text: str, voice: str = "en") -> Path:
    """Spoken text as WAV (espeak-ng); a 440 Hz tone of similar length when espeak-ng is missing."""
    espeak = shutil.which("espeak-ng")
    if espeak is None:
        return tone_wav(path, 440, max(2.0, len(text) / 12))
    subprocess.run([espeak, "-v", voice, "-s", "150", "-w", str(path), text], check=True, timeout=60)
    return path


def ambient_mp3(path: Path, seconds: float = 120) -> Path:
    """A soft ambience (brown noise under a low drone) as MP3, for the demo speaker."""
    _ffmpeg(["-f", "lavfi", "-i", f"anoisesrc=color=brown:amplitude=0.25:duration={seconds}:sample_rate=44100",
             "-f", "lavfi", "-i", f"sine=frequency=110:duration={seconds}:sample_rate=44100",
             "-filter_complex", "[1]volume=0.15[d];[0][d]amix=inputs=2:normalize=0,afade=t=in:d=2",
             "-ac", "2", "-c:a", "libmp3lame", "-b:a", "128k", str(path)])
    return path
