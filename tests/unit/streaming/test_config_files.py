"""Generated streaming files: render node and silence scripts (checked by Liquidsoap) and the Icecast config."""
import os
import pwd
import re
import shutil
import stat
import subprocess
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from rwflask.streaming import config_files
from rwflask.streaming.nodes import RenderNode, callback_secret
from rwflask.ops.supervisor import as_user

NODE = RenderNode("t1", "127.0.0.1", 4321, slots=3, tracks=2, feeds=5)


@pytest.fixture
def streaming_config(app, monkeypatch):
    """Distinctive ports, passwords and nodes, so the files can be checked for them."""
    for key, value in {"ICECAST_HOST": "10.1.2.3", "ICECAST_PORT": 8123, "ICECAST_SOURCE_PASSWORD": "src-pw-42",
                       "ICECAST_ADMIN_PASSWORD": "adm-pw-43", "ICECAST_BIND": "127.0.0.2",
                       "ICECAST_BURST_BYTES": 12345, "MP3_BITRATE": 96, "MP3_QUALITY": 4,
                       "INTERNAL_API_URL": "http://10.9.8.7:8888",
                       "RENDER_NODES": "n1=127.0.0.1:1234,n2=127.0.0.1:1235", "RENDER_NODE_SLOTS": 3}.items():
        monkeypatch.setitem(app.config, key, value)
    return app.config


def run_liquidsoap(script: Path, *options: str) -> subprocess.CompletedProcess:
    """Liquidsoap (as its user) on a copy of the script the liquidsoap user can read."""
    folder = tempfile.mkdtemp(prefix="rwflask-liq-")
    try:
        os.chmod(folder, 0o755)
        copy = Path(folder) / script.name
        shutil.copyfile(script, copy)
        copy.chmod(0o644)
        return subprocess.run(as_user("liquidsoap", ["liquidsoap", *options, str(copy)]), capture_output=True,
                              text=True, timeout=120)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def liquidsoap_check(script: Path) -> subprocess.CompletedProcess:
    """`liquidsoap --check` on the script."""
    return run_liquidsoap(script, "--check")


def icecast_xml(tmp_path):
    return ET.parse(config_files.icecast_config(tmp_path / "logs")).getroot()


# --- files ------------------------------------------------------------------------------------------

def test_files_go_to_the_instance_streaming_folder(app, streaming_config):
    path = config_files.render_node_script(NODE)
    assert path == Path(app.instance_path) / "streaming" / "t1.liq"


def test_the_icecast_config_is_not_kept_among_the_scripts(app, streaming_config, tmp_path):
    path = config_files.icecast_config(tmp_path / "logs")
    assert path == Path(app.instance_path) / "icecast" / "icecast.xml"


# --- who may read them (they hold the Icecast passwords and the callback secret) ----------------------

def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def group_of(user: str) -> int:
    """The primary group of a service account (skips the test where it has none)."""
    try:
        return pwd.getpwnam(user).pw_gid
    except KeyError:
        pytest.skip(f"no {user} account here")


def shared_with(path: Path, user: str, folder: bool = False) -> bool:
    """Root's and the service's group's when we are root, only ours otherwise."""
    status = path.stat()
    if os.geteuid() != 0:
        return status.st_uid == os.geteuid() and mode(path) == (0o700 if folder else 0o600)
    return (status.st_uid, status.st_gid, mode(path)) == (0, group_of(user), 0o750 if folder else 0o640)


def test_render_node_script_is_not_readable_by_others(streaming_config):
    assert mode(config_files.render_node_script(NODE)) & stat.S_IROTH == 0


def test_silence_script_is_not_readable_by_others(streaming_config):
    assert mode(config_files.silence_script()) & stat.S_IROTH == 0


def test_generated_icecast_config_is_not_readable_by_others(streaming_config, tmp_path):
    assert mode(config_files.icecast_config(tmp_path / "logs")) & stat.S_IROTH == 0


def test_the_scripts_folder_is_not_readable_by_others(streaming_config):
    assert mode(config_files.render_node_script(NODE).parent) & 0o007 == 0


def test_the_icecast_folder_is_not_readable_by_others(streaming_config, tmp_path):
    assert mode(config_files.icecast_config(tmp_path / "logs").parent) & 0o007 == 0


def test_scripts_are_shared_with_the_liquidsoap_group_only(streaming_config):
    script = config_files.render_node_script(NODE)
    assert shared_with(script, "liquidsoap") and shared_with(script.parent, "liquidsoap", folder=True)


def test_the_icecast_config_is_shared_with_the_icecast_group_only(streaming_config, tmp_path):
    path = config_files.icecast_config(tmp_path / "logs")
    assert shared_with(path, "icecast2") and shared_with(path.parent, "icecast2", folder=True)


def test_liquidsoap_reads_the_render_node_script_where_it_is_written(streaming_config):
    script = config_files.render_node_script(NODE)
    result = subprocess.run(as_user("liquidsoap", ["liquidsoap", "--check", str(script)]), capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_icecast_reads_its_config_and_writes_its_logs(streaming_config):
    log_dir = config_files.icecast_log_dir()
    path = config_files.icecast_config(log_dir)
    probe = f"cat {path} > /dev/null && touch {log_dir}/probe"
    result = subprocess.run(as_user("icecast2", ["sh", "-c", probe]), capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr


def test_an_existing_world_readable_script_is_tightened_at_start(app, streaming_config):
    stale = config_files.output_dir() / "old-node.liq"
    stale.write_text("icecast_password = ...")
    stale.chmod(0o644)
    stale.parent.chmod(0o755)
    config_files.secure_existing(app.instance_path)
    assert mode(stale) & stat.S_IROTH == 0 and mode(stale.parent) & 0o007 == 0


def test_an_icecast_config_an_older_install_left_among_the_scripts_is_removed(app, streaming_config):
    stale = config_files.output_dir() / "icecast.xml"
    stale.write_text("<admin-password>...</admin-password>")
    config_files.secure_existing(app.instance_path)
    assert not stale.exists()


# --- render node --------------------------------------------------------------------------------------

def test_render_node_script_listens_on_the_nodes_telnet_port(streaming_config):
    text = config_files.render_node_script(NODE).read_text()
    assert 'settings.server.telnet.port.set(4321)' in text
    assert 'settings.server.telnet.bind_addr.set("127.0.0.1")' in text


def test_render_node_telnet_bind_address_can_be_chosen(streaming_config):
    text = config_files.render_node_script(NODE, telnet_bind="0.0.0.0").read_text()
    assert 'settings.server.telnet.bind_addr.set("0.0.0.0")' in text


def test_render_node_script_sends_to_the_configured_icecast(streaming_config):
    text = config_files.render_node_script(NODE).read_text()
    assert 'icecast_password = "src-pw-42"' in text
    assert 'host="10.1.2.3", port=8123, password=icecast_password' in text
    assert "bitrate=96" in text and "internal_quality=4" in text


def test_render_node_script_mounts_are_named_after_the_node(streaming_config):
    text = config_files.render_node_script(NODE).read_text()
    assert 'node_name = "t1"' in text and 'mount="#{node_name}-#{id}.mp3"' in text


def test_render_node_script_has_the_slot_layout(streaming_config):
    text = config_files.render_node_script(NODE).read_text()
    assert re.search(r"< 3\b", text), "3 slots"
    assert re.search(r"list\.init\(2\b", text) and re.search(r"list\.init\(5\b", text), "2 tracks, 5 feeds"


def test_render_node_script_calls_back_with_the_secret(streaming_config):
    text = config_files.render_node_script(NODE).read_text()
    assert 'callback_url = "http://10.9.8.7:8888/internal/played"' in text
    assert f'callback_secret = "{callback_secret()}"' in text


def test_render_node_script_passes_liquidsoaps_check(streaming_config):
    result = liquidsoap_check(config_files.render_node_script(NODE))
    assert result.returncode == 0, result.stdout + result.stderr


def test_render_node_script_with_hostile_secrets_passes_liquidsoaps_check(streaming_config, monkeypatch, app):
    monkeypatch.setitem(app.config, "ICECAST_SOURCE_PASSWORD", 'pw"with\\quote#{shutdown()}')
    result = liquidsoap_check(config_files.render_node_script(NODE))
    assert result.returncode == 0, result.stdout + result.stderr


HOSTILE_TEXTS = ['plain', 'a"quote', 'back\\slash', '#{shutdown()}', 'ends with #', '##{{x}}', 'new\nline',
                 "single'quote", "unicode é ✓"]


def test_liquidsoap_strings_read_back_as_the_same_text(tmp_path):
    script = tmp_path / "strings.liq"
    script.write_text("".join(f"print({config_files.liquidsoap_string(text)})\n" for text in HOSTILE_TEXTS)
                      + "shutdown()\n")
    result = run_liquidsoap(script)
    printed = [line for line in result.stdout.split("\n") if not re.match(r"^\d{4}/\d\d/\d\d ", line)]
    assert "\n".join(printed).startswith("\n".join(HOSTILE_TEXTS)), result.stdout + result.stderr


# --- silence feeder ------------------------------------------------------------------------------------

def test_silence_script_feeds_the_silence_mount(streaming_config):
    text = config_files.silence_script().read_text()
    assert 'mount="silence.mp3"' in text and 'host="10.1.2.3", port=8123, password="src-pw-42"' in text


def test_silence_script_uses_the_session_mounts_format(streaming_config):
    text = config_files.silence_script().read_text()
    assert "%mp3(bitrate=96, samplerate=44100, stereo=true, internal_quality=4)" in text


def test_silence_script_passes_liquidsoaps_check(streaming_config):
    result = liquidsoap_check(config_files.silence_script())
    assert result.returncode == 0, result.stdout + result.stderr


def test_liquidsoaps_check_rejects_a_broken_script(tmp_path):
    broken = tmp_path / "broken.liq"
    broken.write_text('output.dummy(blank(duration="not a number"))\n')
    result = liquidsoap_check(broken)
    assert result.returncode != 0 and "should be a subtype of" in result.stdout + result.stderr


# --- icecast ---------------------------------------------------------------------------------------------

def test_icecast_config_is_well_formed_xml(streaming_config, tmp_path):
    assert icecast_xml(tmp_path).tag == "icecast"


def test_icecast_has_one_mount_per_slot_of_every_node(streaming_config, tmp_path):
    names = [m.findtext("mount-name") for m in icecast_xml(tmp_path).findall("mount")]
    assert names == [f"/{node}-s{slot}.mp3" for node in ("n1", "n2") for slot in range(3)]


def test_every_mount_falls_back_to_silence(streaming_config, tmp_path):
    mounts = icecast_xml(tmp_path).findall("mount")
    assert {(m.findtext("fallback-mount"), m.findtext("fallback-override")) for m in mounts} == {
        ("/silence.mp3", "1")}


def test_icecast_burst_size_is_configured(streaming_config, tmp_path):
    limits = icecast_xml(tmp_path).find("limits")
    assert limits.findtext("burst-size") == "12345" and limits.findtext("burst-on-connect") == "1"


def test_icecast_has_room_for_every_slot_and_silence(streaming_config, tmp_path):
    limits = icecast_xml(tmp_path).find("limits")
    assert int(limits.findtext("sources")) >= 6 + 1 and int(limits.findtext("clients")) >= 100


def test_icecast_listens_where_configured(streaming_config, tmp_path):
    root = icecast_xml(tmp_path)
    assert root.findtext("listen-socket/port") == "8123"
    assert root.findtext("listen-socket/bind-address") == "127.0.0.2"
    assert root.findtext("hostname") == "10.1.2.3"


def test_icecast_passwords_are_configured(streaming_config, tmp_path):
    auth = icecast_xml(tmp_path).find("authentication")
    assert auth.findtext("source-password") == "src-pw-42" and auth.findtext("admin-password") == "adm-pw-43"


def test_icecast_logs_go_to_the_given_folder(streaming_config, tmp_path):
    paths = icecast_xml(tmp_path).find("paths")
    assert paths.findtext("logdir") == str(tmp_path / "logs")
    assert paths.findtext("pidfile") == str(tmp_path / "logs" / "icecast.pid")


def test_icecast_config_has_no_double_hyphen_in_comments(streaming_config, tmp_path):
    text = config_files.icecast_config(tmp_path / "logs").read_text()
    comments = [part.split("-->")[0] for part in text.split("<!--")[1:]]
    assert comments and not any("--" in comment for comment in comments)


def test_icecast_without_nodes_has_no_session_mount(streaming_config, tmp_path, app, monkeypatch):
    monkeypatch.setitem(app.config, "RENDER_NODES", "")
    assert icecast_xml(tmp_path).findall("mount") == []
