"""Adapters to the world outside the process: the database, HTTP clients."""
