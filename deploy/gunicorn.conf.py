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
# Idle keep-alive connections from nginx are closed after this many seconds; nginx closes its own
# sooner (keepalive_timeout 4s in the upstream), so it never reuses one gunicorn is closing.
keepalive = 5
# No max_requests: a worker restarting on its own closes connections nginx may be reusing, and a
# POST caught that way gets a 502 (the drill saw it).
# The app writes JSON lines with request ids itself (dialog.access); gunicorn's own access log is off.
accesslog = None
errorlog = "-"
loglevel = "info"
