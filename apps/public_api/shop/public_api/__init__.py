"""The public API (FastAPI): what shop customers' clients call."""
