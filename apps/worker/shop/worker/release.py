"""Which build of the worker this is: on every log line and span, in `/livez` and
`build_info`.

`VERSION` is the worker's release (CHANGELOG.md; `make check` wants it moved, or a line under
"Unreleased", when the worker's code changes)."""

from shop.core.build import BuildInfo, build_info

SERVICE = "shop-worker"
VERSION = "1.0.0"


def build() -> BuildInfo:
    return build_info(SERVICE, VERSION)
