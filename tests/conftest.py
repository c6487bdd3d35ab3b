"""Fixtures every test folder may use: the central server's real PostgreSQL and HTTP server."""
pytest_plugins = ["tests.fixtures.central"]
