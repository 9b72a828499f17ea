"""Production server configuration: ``gunicorn -c python:byvekst.gunicorn_conf byvekst.wsgi``."""

import multiprocessing
import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("WEB_THREADS", 1))  # above 1: gunicorn's gthread worker; see the admin guide
timeout = 60
accesslog = "-"
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
