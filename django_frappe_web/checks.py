"""System checks (being written)."""
