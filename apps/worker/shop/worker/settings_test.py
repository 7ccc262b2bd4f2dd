import pytest

from shop.core.settings import InvalidSettingsError
from shop.worker.settings import WORKER_LOOPS, WorkerLoopSettings


def test_a_lease_must_outlast_a_send(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKER_WEBHOOK_TIMEOUT_SECONDS", "30")
    monkeypatch.setenv("WORKER_LEASE_SECONDS", "20")

    with pytest.raises(InvalidSettingsError, match="WORKER_LEASE_SECONDS"):
        WorkerLoopSettings.load()


def test_the_loops_are_a_json_list_of_known_names(monkeypatch: pytest.MonkeyPatch) -> None:
    assert WorkerLoopSettings.load().loops == list(WORKER_LOOPS)

    monkeypatch.setenv("WORKER_LOOPS", '["webhooks"]')
    assert WorkerLoopSettings.load().loops == ["webhooks"]

    monkeypatch.setenv("WORKER_LOOPS", '["relay", "mail"]')
    with pytest.raises(InvalidSettingsError, match="WORKER_LOOPS"):
        WorkerLoopSettings.load()
