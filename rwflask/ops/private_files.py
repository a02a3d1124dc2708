"""Files that hold passwords or secrets: written atomically, never readable by other users.

When we run as root, a file a service must read (Liquidsoap runs as `liquidsoap`, Icecast as
`icecast2`) belongs to root and to that service's group, mode 0640, folders 0750. Otherwise, or when
the service has no account here, the service runs as our own user: files are 0600, folders 0700.
Only imports the standard library (rwflask.config uses it).
"""
import logging
import os
import pwd
import stat
import tempfile
from pathlib import Path

log = logging.getLogger(__name__)
OWNER_ONLY = {False: 0o600, True: 0o700}  # by "is a folder"
WITH_GROUP = {False: 0o640, True: 0o750}


def service_group(reader: str | None) -> int | None:
    """The primary group of the account `reader` when we are root and it exists (None: keep ours)."""
    if reader is None or os.geteuid() != 0:
        return None
    try:
        return pwd.getpwnam(reader).pw_gid
    except KeyError:
        return None


def wanted_mode(folder: bool, group: int | None) -> int:
    """0640/0750 when a service's group shares the path, else 0600/0700."""
    return (WITH_GROUP if group is not None else OWNER_ONLY)[folder]


def secure(path: Path | str, reader: str | None = None) -> None:
    """Give an existing file or folder its private mode (and the group of `reader`, see above).

    Only changes what differs; a path we may not change (not ours) is logged, not fatal.
    """
    path = Path(path)
    group = service_group(reader)
    try:
        status = path.lstat()
        if stat.S_ISLNK(status.st_mode):
            return  # never follow a link someone put there
        if group is not None and status.st_gid != group:
            os.chown(path, -1, group)
        mode = wanted_mode(stat.S_ISDIR(status.st_mode), group)
        if stat.S_IMODE(status.st_mode) != mode:
            path.chmod(mode)
    except FileNotFoundError:
        pass
    except PermissionError:
        log.warning("could not make %s private (mode %o): not ours", path, wanted_mode(path.is_dir(), group))


def private_folder(path: Path | str, reader: str | None = None) -> Path:
    """The folder, created if missing (0700 from the start), with its private mode."""
    path = Path(path)
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    secure(path, reader)
    return path


def _private_temp(path: Path, text: str, reader: str | None) -> Path:
    """A temporary file next to `path` holding `text`, already with its final owner and mode."""
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")  # created 0600
    try:
        with os.fdopen(fd, "w") as f:
            f.write(text)
        secure(temp, reader)
    except BaseException:
        os.unlink(temp)
        raise
    return Path(temp)


def write(path: Path | str, text: str, reader: str | None = None) -> Path:
    """Replace `path` with `text` atomically: readers see the old file or the whole new one."""
    path = Path(path)
    os.replace(_private_temp(path, text, reader), path)
    return path


def create(path: Path | str, text: str, reader: str | None = None) -> bool:
    """Write `text` to `path` unless it exists (another process may make it at the same time):
    whether we made it. Nobody ever sees the file empty or half written."""
    path = Path(path)
    temp = _private_temp(path, text, reader)
    try:
        os.link(temp, path)
    except FileExistsError:
        return False
    finally:
        temp.unlink()
    return True
