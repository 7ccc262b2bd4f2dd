"""Use cases: plain Python on the libs, whatever the events come from or the mail goes through."""
