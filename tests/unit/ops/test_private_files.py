"""Files holding secrets: written atomically, owner-only, or shared with one service's group when root."""
import os
import pwd
import stat

import pytest

from rwflask.ops import private_files

AS_ROOT = pytest.mark.skipif(os.geteuid() != 0, reason="needs root (it changes group ownership)")
SERVICE = "liquidsoap"  # an account Debian's liquidsoap package creates (the Makefile installs it)


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def service_gid() -> int:
    try:
        return pwd.getpwnam(SERVICE).pw_gid
    except KeyError:
        pytest.skip(f"no {SERVICE} account here")


def test_a_file_without_a_reader_is_owner_only(tmp_path):
    path = private_files.write(tmp_path / "secret", "s3cret")
    assert path.read_text() == "s3cret" and mode(path) == 0o600


@AS_ROOT
def test_as_root_a_services_file_belongs_to_root_and_the_services_group(tmp_path):
    path = private_files.write(tmp_path / "node.liq", "pw", reader=SERVICE)
    status = path.stat()
    assert (status.st_uid, status.st_gid, mode(path)) == (0, service_gid(), 0o640)


def test_when_not_root_a_services_file_is_owner_only(tmp_path, monkeypatch):
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    assert mode(private_files.write(tmp_path / "node.liq", "pw", reader=SERVICE)) == 0o600


def test_a_file_for_a_service_without_an_account_is_owner_only(tmp_path):
    assert mode(private_files.write(tmp_path / "x.conf", "pw", reader="no-such-account-rw")) == 0o600


def test_a_file_is_private_before_it_gets_its_name(tmp_path, monkeypatch):
    modes = []
    replace = os.replace

    def spying_replace(source, target):
        modes.append(mode(source))
        replace(source, target)

    monkeypatch.setattr(os, "replace", spying_replace)
    private_files.write(tmp_path / "secret", "s3cret")
    assert modes == [0o600]


def test_writing_replaces_a_world_readable_file_with_a_private_one(tmp_path):
    path = tmp_path / "icecast.xml"
    path.write_text("old")
    path.chmod(0o644)
    private_files.write(path, "new")
    assert path.read_text() == "new" and mode(path) & stat.S_IROTH == 0


def test_no_temporary_file_is_left_behind(tmp_path):
    private_files.write(tmp_path / "a", "1")
    private_files.create(tmp_path / "b", "2")
    private_files.create(tmp_path / "b", "3")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a", "b"]


def test_create_makes_a_missing_file_owner_only(tmp_path):
    assert private_files.create(tmp_path / "secret", "s3cret") is True
    assert (tmp_path / "secret").read_text() == "s3cret" and mode(tmp_path / "secret") == 0o600


def test_create_keeps_an_existing_file(tmp_path):
    (tmp_path / "secret").write_text("first")
    assert private_files.create(tmp_path / "secret", "second") is False
    assert (tmp_path / "secret").read_text() == "first"


def test_an_existing_world_readable_secret_file_is_tightened(tmp_path):
    path = tmp_path / "secret"
    path.write_text("s3cret")
    path.chmod(0o644)
    private_files.secure(path)
    assert mode(path) == 0o600


def test_a_private_folder_is_not_readable_by_others(tmp_path):
    folder = private_files.private_folder(tmp_path / "streaming", reader=SERVICE)
    assert mode(folder) & 0o007 == 0 and mode(folder) in (0o700, 0o750)


def test_an_existing_world_readable_folder_is_tightened(tmp_path):
    folder = tmp_path / "streaming"
    folder.mkdir(mode=0o755)
    private_files.private_folder(folder)
    assert mode(folder) == 0o700


def test_tightening_never_follows_a_symbolic_link(tmp_path):
    target = tmp_path / "elsewhere"
    target.write_text("not ours to change")
    target.chmod(0o644)
    (tmp_path / "link").symlink_to(target)
    private_files.secure(tmp_path / "link")
    assert mode(target) == 0o644


def test_a_missing_file_is_left_missing(tmp_path):
    private_files.secure(tmp_path / "absent")
    assert not (tmp_path / "absent").exists()
