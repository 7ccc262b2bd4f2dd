"""`python -m shop.public_api` (and the PEX): serve the public API."""

from shop.core.serving import run_main
from shop.public_api import app
from shop.public_api.release import SERVICE
from shop.public_api.settings import PublicApiSettings


def main() -> None:
    run_main(SERVICE, PublicApiSettings.load, f"{app.__name__}:create_app")


if __name__ == "__main__":
    main()
