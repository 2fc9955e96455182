"""Accounts: residents, organisation representatives, staff and admins."""
