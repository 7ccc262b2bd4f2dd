"""`python -m shop.worker` (and the PEX): run the worker until SIGTERM."""

import uvloop

from shop.core.reloading import rerun_on_change
from shop.core.serving import exit_if_port_taken
from shop.core.settings import load_or_exit
from shop.worker.app import run
from shop.worker.release import SERVICE
from shop.worker.settings import WorkerSettings


def main() -> None:
    settings = load_or_exit(WorkerSettings.load)
    if settings.worker.reload:
        rerun_on_change("shop.worker", "WORKER_RELOAD")
        return
    exit_if_port_taken(SERVICE, settings.worker.host, settings.worker.port, "WORKER_PORT")
    uvloop.run(run(settings))


if __name__ == "__main__":
    main()
