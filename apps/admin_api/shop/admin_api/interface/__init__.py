"""The admin API's HTTP layer: controllers, schemas, guards, and errors as problems."""
