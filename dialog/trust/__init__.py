"""Trust dialogues (tillitsdialog): prompts, stories heard online or in person, themes and what
we heard."""
