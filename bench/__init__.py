"""The benchmark harness (`make bench`): data at scale, gunicorn on loopback, wrk as load."""
