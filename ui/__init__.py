"""The till and customer display (PySide6). Changes state only through pos_loyalty.services."""
