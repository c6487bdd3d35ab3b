"""The manager's console: member days, the programme editor, preview, publishing, backtests, reports."""
