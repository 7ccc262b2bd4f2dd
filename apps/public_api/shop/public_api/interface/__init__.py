"""The public API's HTTP layer: routers, schemas, and the mapping of errors to problems."""
