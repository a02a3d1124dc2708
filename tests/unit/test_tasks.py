"""The task table: every task declared once, queued on its configured queue, run here when the broker is down."""
import pytest

from rwflask import tasks
from rwflask.streaming import liveness, tracks

EXPECTED = {
    "services.processing.process_asset": tasks.MEDIA, "services.processing.sweep_unprocessed": tasks.MEDIA,
    "services.processing.take_over_unfinished": tasks.MEDIA, "streaming.lifecycle.start": tasks.STREAMS,
    "streaming.tracks.refresh": tasks.STREAMS, "streaming.tracks.played": tasks.STREAMS,
    "streaming.tracks.command": tasks.STREAMS, "streaming.liveness.reap_idle": tasks.STREAMS,
    "streaming.liveness.reconcile": tasks.STREAMS, "streaming.follow.follow_project": tasks.STREAMS,
    "streaming.follow.follow_all": tasks.STREAMS,
}


class Broker:
    """Stands in for Celery's `send_task`: records what was sent, or refuses like a broker that is down."""

    def __init__(self, down=False):
        self.down, self.sent = down, []

    def send_task(self, name, args, queue, retry):
        if self.down:
            raise ConnectionError("broker down")
        self.sent.append((name, args, queue))


@pytest.fixture
def broker(app, monkeypatch):
    fake = Broker()
    monkeypatch.setattr(app.extensions["celery"], "send_task", fake.send_task)
    return fake


def test_every_task_is_in_the_table_on_its_queue():
    assert {name: spec.queue for name, spec in tasks.load_all().items()} == EXPECTED


def test_the_celery_app_registers_every_task_of_the_table(app):
    assert set(EXPECTED) <= set(app.extensions["celery"].tasks)


def test_tasks_are_routed_to_the_configured_queues(app):
    routes = app.extensions["celery"].conf.task_routes
    assert routes["streaming.tracks.refresh"] == {"queue": app.config["CELERY_STREAM_QUEUE"]}
    assert routes["services.processing.process_asset"] == {"queue": app.config["CELERY_QUEUE"]}


def test_periodic_tasks_make_the_beat_schedule(app):
    schedule = app.extensions["celery"].conf.beat_schedule
    assert {name: entry["schedule"] for name, entry in schedule.items()} == {
        "services.processing.sweep_unprocessed": 30.0, "streaming.liveness.reap_idle": 10.0,
        "streaming.liveness.reconcile": 5.0}
    assert schedule["streaming.liveness.reap_idle"]["options"]["queue"] == app.config["CELERY_STREAM_QUEUE"]


def test_enqueue_sends_the_task_with_its_arguments_to_its_queue(app, broker):
    tasks.enqueue(tracks.refresh, 42)
    assert broker.sent == [("streaming.tracks.refresh", (42,), app.config["CELERY_STREAM_QUEUE"])]


@pytest.fixture
def table(monkeypatch):
    """A copy of the task table that tests may add to."""
    monkeypatch.setattr(tasks, "TASKS", dict(tasks.TASKS))
    return tasks.TASKS


def test_a_task_declared_with_inline_fallback_runs_here_when_the_broker_is_down(broker, table):
    ran = []

    @tasks.task(tasks.STREAMS, inline_fallback=True)
    def steer(session_id):
        ran.append(session_id)

    broker.down = True
    tasks.enqueue(steer, 7)
    assert ran == [7]


def test_a_task_without_inline_fallback_is_not_run_when_the_broker_is_down(broker, table):
    ran = []

    @tasks.task(tasks.MEDIA)
    def convert(asset_id):
        ran.append(asset_id)

    broker.down = True
    tasks.enqueue(convert, 7)
    assert ran == []


def test_a_declared_task_is_named_after_its_module_and_function(table):
    @tasks.task(tasks.MEDIA, every=60.0)
    def chore():
        return None

    assert chore.task_name == "tests.unit.test_tasks.chore" and table[chore.task_name].every == 60.0


# Queued after a commit, where no SQL may run: the follow batches never run in the caller.
QUEUED_ONLY = ("streaming.follow.follow_project", "streaming.follow.follow_all")


def test_stream_tasks_fall_back_to_running_here_and_media_tasks_do_not():
    fallback = {name: spec.inline_fallback for name, spec in tasks.load_all().items() if not spec.every}
    assert fallback == {name: queue == tasks.STREAMS and name not in QUEUED_ONLY for name, queue in EXPECTED.items()
                        if name not in ("services.processing.sweep_unprocessed", "streaming.liveness.reap_idle",
                                        "streaming.liveness.reconcile")}


def test_queue_names_come_from_the_configuration(app):
    assert tasks.queue_name(tasks.MEDIA, app.config) == app.config["CELERY_QUEUE"]
    assert tasks.queue_name(tasks.STREAMS, app.config) == app.config["CELERY_STREAM_QUEUE"]


def test_liveness_tasks_are_plain_functions_too():
    assert liveness.reconcile.task_name == "streaming.liveness.reconcile"
