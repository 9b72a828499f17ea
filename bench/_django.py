"""Set up Django for a benchmark script: a fresh home folder, the database (SQLite in it unless a URL is given)."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def setup(database_url: str = "") -> str:
    home = tempfile.mkdtemp()
    os.environ.update(
        BYVEKST_HOME=home,
        DATABASE_URL=database_url or f"sqlite:///{home}/bench.sqlite3",
        DJANGO_SETTINGS_MODULE="byvekst.settings",
    )
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    return home
