"""What runs before every handler: OPTIONS answered from the OpenAPI document, then the role
check (`auth.role_check`). Litestar takes one before-request hook per layer; `in_turn` makes
one of several, the first to answer ending the request.

Litestar answers OPTIONS itself for every path, but its `Allow` names the methods the path had
when its first handler was registered (`GET, OPTIONS` for a path that also takes POST). Here
OPTIONS gets the documented methods, as 405 responses do.
"""

from typing import Any

from litestar import Request, Response
from litestar.types import BeforeRequestHookHandler

NO_CONTENT = 204


def answer_options() -> BeforeRequestHookHandler:
    async def answer(request: Request) -> Response[None] | None:  # type: ignore[type-arg]
        if request.method != "OPTIONS" or "access-control-request-method" in request.headers:
            return None  # a CORS preflight is the CORS layer's to answer
        methods = request.app.state.operations().methods(request.url.path)
        if methods is None:
            return None
        return Response(None, status_code=NO_CONTENT, headers={"Allow": ", ".join(methods)})

    return answer


def in_turn(*hooks: BeforeRequestHookHandler) -> BeforeRequestHookHandler:
    async def run(request: Request) -> Any:  # type: ignore[type-arg]
        for hook in hooks:
            answer = await hook(request)
            if answer is not None:
                return answer
        return None

    return run
