"""Security primitives: password hashing, access tokens, opaque cursors."""
