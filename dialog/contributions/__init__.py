"""Contributions: every piece of citizen input, whatever its source, and its way to a theme group."""
