"""Which build of the worker this is: on every log line and span, and in `build_info`."""

from shop.core.build import BuildInfo, build_info

SERVICE = "shop-worker"
# Raised with each release of the worker (it has no API contract of its own to follow).
VERSION = "1.0.0"


def build() -> BuildInfo:
    return build_info(SERVICE, VERSION)
