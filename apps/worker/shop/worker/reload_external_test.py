"""`make run`'s reload, against the worker as a process: a change to a lib it uses runs it
again, a change elsewhere does not, and a request in between is answered or refused at once,
never left waiting."""

import time
from pathlib import Path

import httpx
import pytest

import shop.core.text
from shop.testing.database import TestDatabase
from shop.testing.processes import python_command, running_app

pytestmark = pytest.mark.external


def _starts(log: str) -> int:
    return log.count('"worker started"') + log.count("worker started ")


def _touch(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.chmod(0o644) if path.exists() else None
    with path.open("a") as source:
        source.write("\n# touched by reload_external_test\n")


def test_the_worker_runs_again_after_a_change_to_a_lib_it_uses_and_only_then(
    test_database: TestDatabase,
) -> None:
    env = {"DB_URL": test_database.url, "WORKER_RELOAD": "true", "LOG_JSON_OUTPUT": "true"}
    core_file = Path(shop.core.text.__file__)
    other_app = core_file.parents[4] / "apps/public_api/shop/public_api/touched.py"
    outcomes: list[tuple[str, float]] = []

    with running_app(python_command("shop.worker"), "WORKER_PORT", env) as worker:
        assert _starts(worker.log()) == 1
        _touch(other_app)  # not a source of the worker's
        time.sleep(3)
        assert _starts(worker.log()) == 1, worker.log()[-2000:]

        _touch(core_file)
        deadline = time.monotonic() + 30
        while _starts(worker.log()) < 2 and time.monotonic() < deadline:
            started = time.monotonic()
            try:
                status = str(httpx.get(f"{worker.base_url}/livez", timeout=5).status_code)
            except (httpx.ConnectError, httpx.ReadError, httpx.RemoteProtocolError):
                status = "refused"  # no listener, or one closing: either way at once
            outcomes.append((status, time.monotonic() - started))
            time.sleep(0.02)
        assert _starts(worker.log()) == 2, worker.log()[-2000:]
        assert httpx.get(f"{worker.base_url}/livez").status_code == 200

    assert "refused" in {status for status, _ in outcomes}  # it did go down in between
    assert {status for status, _ in outcomes} <= {"200", "refused"}
    # At once: a held connection would wait for the new process (5 s here, forever if its code
    # failed to import); 3 s leaves room for a loaded test machine.
    assert max(seconds for _, seconds in outcomes) < 3.0, outcomes
