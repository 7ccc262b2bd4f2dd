"""Use cases of the admin API: plain Python on the libs, no web framework."""
