"""Cross-cutting pieces every domain uses: security, errors, forms, mail, text."""
