"""Demo data: the Norra Hisingen district from the seed documents."""
