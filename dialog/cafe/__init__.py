"""Café dialogues (kafédialog): events with tables and rounds, registration and the waiting list,
hosts' notes, participants' proposals, the exit questionnaire, the harvest and the summary."""
