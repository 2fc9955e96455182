"""Café dialogues (kafédialog) and trust dialogues (tillitsdialog): in-person listening, harvested
into contributions."""
