"""Areas (district → neighbourhood) and the policy topics."""
