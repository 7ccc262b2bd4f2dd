"""What text a request may carry, as patterns both frameworks validate with and both API
documents publish: a client generating values from the document never meets a refusal.

PostgreSQL text cannot hold U+0000, so a NUL reaching the database failed there (a 422 a
schema-valid request should not get); it is refused at the door instead.
"""

# White space as either regex dialect sees it: Python (which checks here) counts \x1c-\x1f and
# \x85, the ECMA-262 of JSON Schema (which clients and schemathesis read) counts \ufeff. A
# pattern of \S alone meant two different rules.
_BLANK = r"\s\x1c-\x1f\x85\ufeff"

TEXT = r"^[^\x00]*$"
"""Any text without NUL."""

NOT_BLANK = rf"^[^\x00]*[^{_BLANK}\x00][^\x00]*$"
"""Text without NUL with something other than white space in it."""
