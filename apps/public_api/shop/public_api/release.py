"""Which build of the public API this is (`shop.core.build`); VERSION is also its API's."""

from shop.core.build import BuildInfo, build_info

SERVICE = "shop-public-api"
VERSION = "1.0.2"


def build() -> BuildInfo:
    return build_info(SERVICE, VERSION)
