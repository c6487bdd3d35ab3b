"""The central server: its own room. FastAPI over its own store (PostgreSQL or SQLite).

`app.create_app(settings)` builds the application; `store.CentralStore` is its database;
`migrations/` its own Alembic chain. See docs/architecture.md ("The central server").
"""
