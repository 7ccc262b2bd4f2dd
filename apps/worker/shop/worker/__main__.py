"""`python -m shop.worker` (and the PEX): run the worker until SIGTERM."""

import sys

import uvloop

from shop.core.settings import InvalidSettingsError
from shop.worker.app import run
from shop.worker.settings import Settings


def main() -> None:
    try:
        settings = Settings.load()
    except InvalidSettingsError as error:
        print(f"configuration error: {error}", file=sys.stderr)  # noqa: T201
        sys.exit(2)
    uvloop.run(run(settings))


if __name__ == "__main__":
    main()
