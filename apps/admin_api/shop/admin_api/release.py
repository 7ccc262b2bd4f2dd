"""Which build of the admin API this is (`shop.core.build`); VERSION is also its API's."""

from shop.core.build import BuildInfo, build_info

SERVICE = "shop-admin-api"
VERSION = "1.1.0"


def build() -> BuildInfo:
    return build_info(SERVICE, VERSION)
