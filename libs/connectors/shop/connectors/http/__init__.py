"""Adapters to HTTP services outside the shop."""
