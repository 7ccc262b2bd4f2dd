"""What each path of an API offers, read from its own OpenAPI document: the methods (for `Allow`
on 405 and OPTIONS), the media types each operation's body may have (415 otherwise), and the
headers a deprecated operation's responses carry.

Both frameworks got `Allow` wrong in their own ways: Starlette names the methods of the first
route whose path matched (GET and POST of one path are two routes), and Litestar's automatic
OPTIONS answer names the methods of the path as it stood when its first handler was registered.
And each treated a body of the wrong type differently (422 "field required" in one, 400 "not
JSON" in the other). The OpenAPI document is the contract clients read, so that is where the
answers come from, the same for every app.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from shop.core.deprecation import Deprecation

HTTP_METHODS = frozenset({"get", "put", "post", "delete", "options", "head", "patch", "trace"})
_PARAMETER = re.compile(r"\{[^}/]+\}")


@dataclass(frozen=True)
class _Operation:
    media_types: frozenset[str] | None  # None: it takes no body
    deprecation_headers: list[tuple[bytes, bytes]]


class OperationIndex:
    def __init__(self, document: Mapping[str, Any]) -> None:
        self._paths: list[tuple[re.Pattern[str], dict[str, _Operation]]] = []
        for path, item in document.get("paths", {}).items():
            operations = {
                method.upper(): _Operation(_media_types(operation), _deprecation(operation))
                for method, operation in item.items()
                if method in HTTP_METHODS
            }
            self._paths.append((_template(path), operations))
        self.has_deprecations = any(
            operation.deprecation_headers
            for _, operations in self._paths
            for operation in operations.values()
        )

    def methods(self, path: str) -> list[str] | None:
        """The documented methods of the path, or None for a path the document does not have."""
        operations = self._operations(path)
        return None if operations is None else sorted(operations)

    def accepts(self, path: str, method: str, media_type: str) -> bool:
        """Whether the operation takes a body of this media type. An operation the document does
        not have, or that documents no body, is the app's to answer."""
        media_types = self.media_types(path, method)
        return media_types is None or media_type in media_types

    def media_types(self, path: str, method: str) -> frozenset[str] | None:
        operation = (self._operations(path) or {}).get(method)
        return None if operation is None else operation.media_types

    def deprecation_headers(self, path: str, method: str) -> list[tuple[bytes, bytes]]:
        """`Deprecation` and `Sunset` when the operation is deprecated, else none."""
        if not self.has_deprecations:
            return []  # the usual case, and it costs no path matching
        operation = (self._operations(path) or {}).get(method)
        return [] if operation is None else operation.deprecation_headers

    def _operations(self, path: str) -> dict[str, _Operation] | None:
        for pattern, operations in self._paths:
            if pattern.fullmatch(path):
                return operations
        return None


def lazily(document: Callable[[], Mapping[str, Any]]) -> Callable[[], OperationIndex]:
    """An index made from the document the first time it is wanted (once the app is built)."""
    made: list[OperationIndex] = []

    def index() -> OperationIndex:
        if not made:
            made.append(OperationIndex(document()))
        return made[0]

    return index


def _media_types(operation: Mapping[str, Any]) -> frozenset[str] | None:
    body = operation.get("requestBody")
    return None if body is None else frozenset(body.get("content", {}))


def _deprecation(operation: Mapping[str, Any]) -> list[tuple[bytes, bytes]]:
    deprecation = Deprecation.of(operation)
    return [] if deprecation is None else deprecation.headers()


def _template(path: str) -> re.Pattern[str]:
    parts = _PARAMETER.split(path)
    return re.compile("[^/]+".join(re.escape(part) for part in parts))
