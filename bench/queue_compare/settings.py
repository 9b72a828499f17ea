"""Minimal settings for measuring django-tasks' database backend beside our queue (bench/task_queue.py)."""

import os

SECRET_KEY = "bench-only"
INSTALLED_APPS = ["django.contrib.contenttypes", "django_tasks", "django_tasks_db"]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": os.environ["BENCH_DB"]}}
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
USE_TZ = True
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
