"""Test support for every app and lib: a real PostgreSQL per test process, real app processes.

Used by tests only; no deployable depends on it.
"""
