"""Public pages: home, areas and theme groups."""
