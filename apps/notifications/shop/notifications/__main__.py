"""`python -m shop.notifications` (and the PEX): run the app until SIGTERM."""

import uvloop

from shop.core.reloading import rerun_on_change
from shop.core.serving import exit_if_port_taken
from shop.core.settings import load_or_exit
from shop.notifications.app import run
from shop.notifications.release import SERVICE
from shop.notifications.settings import NotificationsAppSettings


def main() -> None:
    settings = load_or_exit(NotificationsAppSettings.load)
    config = settings.notifications
    if config.reload:
        rerun_on_change("shop.notifications", "NOTIFICATIONS_RELOAD")
        return
    exit_if_port_taken(SERVICE, config.host, config.port, "NOTIFICATIONS_PORT")
    uvloop.run(run(settings))


if __name__ == "__main__":
    main()
