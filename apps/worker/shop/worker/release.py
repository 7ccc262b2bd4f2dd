"""Which build of the worker this is (`shop.core.build`)."""

from shop.core.build import BuildInfo, build_info

SERVICE = "shop-worker"
VERSION = "1.0.0"


def build() -> BuildInfo:
    return build_info(SERVICE, VERSION)
