"""Moderation: personal-data and abuse detection, reports, moderator actions."""
