"""JSON responses serialised once, with orjson, from what the use cases and reads return (dicts,
or JSON PostgreSQL already made, as `orjson.Fragment`).

The schemas in schemas.py document the responses in OpenAPI; the handlers do not re-validate
what the read side built, which is where the hot paths' speed comes from.
"""

from __future__ import annotations

from typing import Any

import orjson
from fastapi.responses import JSONResponse


class JSONBytes(JSONResponse):
    """A JSONResponse (so OpenAPI shows the declared response model) rendered by orjson."""

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content)
