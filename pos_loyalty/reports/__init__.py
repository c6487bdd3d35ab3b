"""Reports on the programme: what it costs (backtests), liability, segments. Plain data out."""
