"""`python -m shop.worker` (and the PEX): run the worker until SIGTERM."""

import uvloop

from shop.core.settings import load_or_exit
from shop.worker.app import run
from shop.worker.settings import WorkerSettings


def main() -> None:
    uvloop.run(run(load_or_exit(WorkerSettings.load)))


if __name__ == "__main__":
    main()
