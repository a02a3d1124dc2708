"""The Procfile `make run` starts: every process, and Redis only when none answers."""
from rwflask import procfile
from tests.processes import free_port


def _config(tmp_path, redis_url):
    return {"INSTANCE_PATH": str(tmp_path), "REDIS_URL": redis_url, "FLOWER_ADDRESS": "127.0.0.1",
            "FLOWER_BASIC_AUTH": ""}


def test_running_redis_is_reused(tmp_path, redis_server):
    lines = procfile.procfile(_config(tmp_path, redis_server.url), 8888, 3).splitlines()
    assert [line.split(":")[0] for line in lines] == ["api", "worker", "flower"]


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


def test_flower_gets_basic_auth_when_configured(tmp_path, redis_server):
    config = {**_config(tmp_path, redis_server.url), "FLOWER_BASIC_AUTH": "ops:secret"}
    flower = procfile.procfile(config, 8888, 3).splitlines()[2]
    assert "--port=5555" in flower and "--basic-auth=ops:secret" in flower
