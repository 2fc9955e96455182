"""Notifications: e-mail to authors and theme groups, sent as background jobs."""
