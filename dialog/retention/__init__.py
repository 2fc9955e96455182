"""Retention: personal data removed on a schedule by configurable rules (``flask retention run``)."""
