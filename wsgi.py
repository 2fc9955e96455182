"""WSGI entry point: ``gunicorn wsgi:app``."""

from dialog import create_app

app = create_app()
