"""Framework-free ASGI middleware, so every app gets the same request handling."""
