"""Which methods a path supports, read from the app's own OpenAPI document.

A 405 must name every method the resource supports in `Allow` (RFC 9110), and both frameworks
got it wrong in their own ways: Starlette names the methods of the first route whose path
matched (GET and POST of one path are two routes), and Litestar's automatic OPTIONS answer
names the methods of the path as it stood when its first handler was registered. The OpenAPI
document is the contract clients read, so that is where the answer comes from.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

_HTTP_METHODS = frozenset({"get", "put", "post", "delete", "options", "head", "patch", "trace"})
_PARAMETER = re.compile(r"\{[^}/]+\}")


class AllowedMethods:
    def __init__(self, document: Mapping[str, Any]) -> None:
        self._paths = [
            (_template(path), sorted(m.upper() for m in item if m in _HTTP_METHODS))
            for path, item in document.get("paths", {}).items()
        ]

    def for_path(self, path: str) -> list[str] | None:
        """The documented methods of the path, or None for a path the document does not have."""
        for pattern, methods in self._paths:
            if pattern.fullmatch(path):
                return methods
        return None


def _template(path: str) -> re.Pattern[str]:
    parts = _PARAMETER.split(path)
    return re.compile("[^/]+".join(re.escape(part) for part in parts))
