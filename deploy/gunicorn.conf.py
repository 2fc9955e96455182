"""gunicorn settings for one Dialog app server: ``gunicorn -c deploy/gunicorn.conf.py wsgi:app``.

Threaded workers keep answering gunicorn's heartbeat while a long download streams. Every value
can be changed through the environment without editing this file.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "4"))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 20
keepalive = 5
# A worker is replaced after this many requests (bounded memory growth), at a random offset.
max_requests = 2000
max_requests_jitter = 200
# The app writes JSON lines with request ids itself (dialog.access); gunicorn's own access log is off.
accesslog = None
errorlog = "-"
loglevel = "info"
