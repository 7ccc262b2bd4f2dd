"""Use cases of the public API: plain Python on the libs, no web framework."""
