"""Idésluss: matchmaking rounds for organisations."""
