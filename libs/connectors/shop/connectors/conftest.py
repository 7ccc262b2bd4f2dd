from shop.testing.fixtures import empty_database, engine, process_database, test_database

__all__ = ["empty_database", "engine", "process_database", "test_database"]
