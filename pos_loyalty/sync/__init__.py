"""Sync between a till and the central server: the protocol (shared by both sides), request
signing, the till's client and its background worker. No SQL here: the till's side of the
store is `db/sync_store.py`, the server's is `pos_loyalty/central/`."""
