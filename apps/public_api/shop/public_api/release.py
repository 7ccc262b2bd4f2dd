"""Which build of the public API this is: on every log line and span, and in `build_info`.

The app's version is its API contract's (CHANGELOG.md): what a client and an operator see move
together.
"""

from shop.core.build import BuildInfo, build_info
from shop.public_api.interface.openapi import API_VERSION

SERVICE = "shop-public-api"


def build() -> BuildInfo:
    return build_info(SERVICE, API_VERSION)
