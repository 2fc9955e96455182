"""Theme groups (temagrupper): staff groups that own a question for some areas and topics."""
