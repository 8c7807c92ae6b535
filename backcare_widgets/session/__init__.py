"""The session layer: a guided set composed from the components, and what it writes to the log."""
