"""Organisations: associations, companies, authorities, municipal projects, faith communities."""
