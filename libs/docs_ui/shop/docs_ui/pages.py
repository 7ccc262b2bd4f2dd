"""The docs page and its assets as a plain ASGI handler, for the edge to serve (`handles()`).

The page loads Swagger UI from `<path>/assets/` on the same server and the document from the
app's own URL; nothing comes from elsewhere. Operation ids are shown beside each operation
(`placeOrder`): they are what generated clients name their methods after.
"""

from __future__ import annotations

import hashlib
import html
import json
from importlib import resources

import orjson

from shop.core.asgi.responses import send_response
from shop.core.asgi.types import Receive, Scope, Send
from shop.core.errors import PROBLEM_CONTENT_TYPE, http_status_problem

_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}
_SERVED = ("swagger-ui-bundle.js", "swagger-ui.css")
_PAGE = """<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{title}</title>
  <link rel="stylesheet" href="{assets}/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="{assets}/swagger-ui-bundle.js"></script>
  <script>
    window.ui = SwaggerUIBundle({{
      url: {document},
      dom_id: "#swagger-ui",
      deepLinking: true,
      displayOperationId: true,
      tryItOutEnabled: false
    }});
  </script>
</body>
</html>
"""


class DocsUI:
    def __init__(self, title: str, document_url: str, path: str = "/docs") -> None:
        self.path = path.rstrip("/")
        assets = f"{self.path}/assets"
        page = _PAGE.format(
            title=html.escape(title), assets=assets, document=json.dumps(document_url)
        )
        self._page = page.encode()
        folder = resources.files("shop.docs_ui") / "assets"
        self._assets = {
            f"{assets}/{name}": (
                folder.joinpath(name).read_bytes(),
                _TYPES[name[name.rfind(".") :]],
            )
            for name in _SERVED
        }
        self._etags = {
            url: f'"{hashlib.sha256(body).hexdigest()[:16]}"'.encode()
            for url, (body, _) in self._assets.items()
        }

    def handles(self, path: str) -> bool:
        return path == self.path or path.startswith(self.path + "/")

    async def __call__(
        self,
        scope: Scope,
        receive: Receive,  # noqa: ARG002 - ASGI's signature; a page needs no request body
        send: Send,
    ) -> None:
        path, method = scope["path"], scope["method"]
        if method not in {"GET", "HEAD"}:
            await _problem(send, 405, path, [(b"allow", b"GET, HEAD")])
        elif path in {self.path, self.path + "/"}:
            await send_response(send, 200, self._page, "text/html; charset=utf-8")
        elif path in self._assets:
            body, content_type = self._assets[path]
            headers = [(b"cache-control", b"public, max-age=86400"), (b"etag", self._etags[path])]
            await send_response(send, 200, body, content_type, headers)
        else:
            await _problem(send, 404, path)


async def _problem(
    send: Send, status: int, path: str, headers: list[tuple[bytes, bytes]] | None = None
) -> None:
    body = orjson.dumps(http_status_problem(status, instance=path).to_dict())
    await send_response(send, status, body, PROBLEM_CONTENT_TYPE, headers)
