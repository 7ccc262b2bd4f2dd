"""`python -m shop.admin_api` (and the PEX): serve the admin API."""

from shop.admin_api import app
from shop.admin_api.release import SERVICE
from shop.admin_api.settings import AdminApiSettings
from shop.core.serving import run_main


def main() -> None:
    run_main(SERVICE, AdminApiSettings.load, f"{app.__name__}:create_app")


if __name__ == "__main__":
    main()
