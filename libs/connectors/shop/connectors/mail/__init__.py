"""Sending e-mail over SMTP."""
