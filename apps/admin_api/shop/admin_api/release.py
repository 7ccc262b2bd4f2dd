"""Which build of the admin API this is: on every log line and span, in `/livez` and
`build_info`.

`VERSION` is the app's release (CHANGELOG.md; `make check` wants it moved, or a line under
"Unreleased", when the app's code changes) and its API contract's `info.version`: what a
client and an operator see move together.
"""

from shop.core.build import BuildInfo, build_info

SERVICE = "shop-admin-api"
VERSION = "1.0.2"


def build() -> BuildInfo:
    return build_info(SERVICE, VERSION)
