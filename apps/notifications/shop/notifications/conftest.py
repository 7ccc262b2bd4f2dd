from shop.testing.fixtures import engine, process_database, test_database

__all__ = ["engine", "process_database", "test_database"]
