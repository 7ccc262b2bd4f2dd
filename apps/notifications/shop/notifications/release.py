"""Which build of the notifications app this is (`shop.core.build`)."""

from shop.core.build import BuildInfo, build_info

SERVICE = "shop-notifications"
VERSION = "0.1.0"


def build() -> BuildInfo:
    return build_info(SERVICE, VERSION)
