"""The Procfile `make run` starts: every process, and Redis only when none answers."""
from rwflask.ops import procfile
from tests.support.processes import free_port


def _config(tmp_path, redis_url):
    return {"INSTANCE_PATH": str(tmp_path), "REDIS_URL": redis_url, "FLOWER_ADDRESS": "127.0.0.1",
            "FLOWER_BASIC_AUTH": "", "RENDER_NODES": "n1=127.0.0.1:1234,n2=localhost:1235,far=10.0.0.9:1234",
            "CELERY_QUEUE": "rwflask", "CELERY_STREAM_QUEUE": "rwflask-streams"}


def _names(text):
    return [line.split(":")[0] for line in text.splitlines()]


def test_running_redis_is_reused(tmp_path, redis_server):
    names = _names(procfile.procfile(_config(tmp_path, redis_server.url), 8888, 3))
    assert "redis" not in names and names[:4] == ["api", "worker", "streams", "flower"]


def test_missing_redis_is_started_as_its_own_user(tmp_path):
    text = procfile.procfile(_config(tmp_path, f"redis://127.0.0.1:{free_port()}/0"), 8888, 3)
    assert text.startswith("redis: runuser -u redis -- redis-server")
    assert "--appendonly yes" in text


def test_api_listens_on_the_given_port_with_the_given_workers(tmp_path, redis_server):
    api = procfile.procfile(_config(tmp_path, redis_server.url), 9999, 5).splitlines()[0]
    assert "--port 9999" in api and "--workers 5" in api and "wsgi:app" in api


def test_worker_runs_beat(tmp_path, redis_server):
    worker = procfile.procfile(_config(tmp_path, redis_server.url), 8888, 3).splitlines()[1]
    assert "worker -B" in worker


def test_flowers_password_is_not_on_any_command_line(tmp_path, redis_server):
    config = {**_config(tmp_path, redis_server.url), "FLOWER_BASIC_AUTH": "ops:secret"}
    text = procfile.procfile(config, 8888, 3)
    flower = text.splitlines()[3]
    assert "--port=5555" in flower and "secret" not in text


def test_streaming_side_runs_icecast_and_the_silence_feeder(tmp_path, redis_server):
    text = procfile.procfile(_config(tmp_path, redis_server.url), 8888, 3)
    assert {"icecast", "silence"} <= set(_names(text))
    assert "rw icecast" in text and "rw silence-feeder" in text


def test_only_local_render_nodes_are_started(tmp_path, redis_server):
    text = procfile.procfile(_config(tmp_path, redis_server.url), 8888, 3)
    assert [n for n in _names(text) if n.startswith("node-")] == ["node-n1", "node-n2"]
    assert "rw render-node n1" in text and "render-node far" not in text


def test_stream_control_has_its_own_worker_on_its_own_queue(tmp_path, redis_server):
    config = {**_config(tmp_path, redis_server.url), "CELERY_QUEUE": "media-q", "CELERY_STREAM_QUEUE": "streams-q"}
    lines = dict(line.split(": ", 1) for line in procfile.procfile(config, 8888, 3).splitlines())
    assert "-Q streams-q" in lines["streams"] and "-B" not in lines["streams"]
    assert "-Q media-q" in lines["worker"]
