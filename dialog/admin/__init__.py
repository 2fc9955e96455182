"""Administration: areas, topics, theme groups, organisations, users and roles."""
