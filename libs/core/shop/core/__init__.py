"""Shared foundations of every app: settings, logging, errors, security, events."""
