"""Backup and restore in one file (docs/admin-guide.md, "Backup and restore").

``byvekst backup PATH`` writes a zip with the whole database content (Django's serialisation, natural keys for
content types and permissions, which every installation makes for itself), every uploaded file, the audit
anchors and a manifest with the row count per model. ``byvekst restore PATH`` loads it into an empty, migrated
database, puts the files back and checks the counts; ``byvekst audit verify`` then checks the restored chain.
For large installations, pg_dump/pg_restore of the database plus a copy of ``var/media`` is the faster way.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import transaction

FORMAT = "byvekst-backup/1"
# Made by every installation on its own (migrate), or not worth keeping (sessions, sign-in attempts).
EXCLUDED = {"contenttypes", "auth.permission", "sessions", "admin.logentry", "axes"}


class BackupError(Exception):
    pass


def _models() -> list[Any]:
    out = []
    for model in apps.get_models():
        label, app = model._meta.label_lower, model._meta.app_label
        if label in EXCLUDED or app in EXCLUDED or model._meta.proxy:
            continue
        out.append(model)
    return out


def counts() -> dict[str, int]:
    return {m._meta.label_lower: m._default_manager.count() for m in _models()}


def backup(path: Path) -> dict[str, Any]:
    """Write the backup; return its manifest."""
    media = Path(settings.MEDIA_ROOT)
    anchors = Path(settings.BYVEKST_AUDIT_ANCHOR_FILE)
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data.json"
        with transaction.atomic():  # one consistent view of every table (a repeatable read on PostgreSQL)
            call_command(
                "dumpdata",
                *[m._meta.label for m in _models()],
                natural_foreign=True,
                output=str(data),
                verbosity=0,
            )
            manifest = {
                "format": FORMAT,
                "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "counts": counts(),
                "files": sorted(str(p.relative_to(media)) for p in media.rglob("*") if p.is_file())
                if media.exists()
                else [],
            }
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("manifest.json", json.dumps(manifest, indent=1, sort_keys=True))
            archive.write(data, "data.json")
            for name in manifest["files"]:
                archive.write(media / name, f"media/{name}")
            if anchors.exists():
                archive.write(anchors, "audit-anchors.jsonl")
    return manifest


def restore(path: Path) -> dict[str, Any]:
    """Load a backup into an empty, migrated database; refuse anything else."""
    try:
        archive = zipfile.ZipFile(path)
        manifest = json.loads(archive.read("manifest.json"))
    except (OSError, KeyError, zipfile.BadZipFile, json.JSONDecodeError) as exc:
        raise BackupError(f"{path} is not a Byvekst backup ({exc}).") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{path} has the format {manifest.get('format')!r}, not {FORMAT}.")
    filled = {label: n for label, n in counts().items() if n and label != "core.counter"}
    if filled:
        raise BackupError(
            "The database is not empty (" + ", ".join(f"{k}: {v}" for k, v in sorted(filled.items())[:5]) + "). "
            "Restore into a new database after `byvekst migrate`."
        )
    media = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory() as tmp, transaction.atomic():
        data = Path(tmp) / "data.json"
        data.write_bytes(archive.read("data.json"))
        call_command("loaddata", str(data), verbosity=0)
        restored = counts()
        wrong = {k: (v, restored.get(k)) for k, v in manifest["counts"].items() if restored.get(k) != v}
        if wrong:
            raise BackupError(f"The restored counts differ from the backup's: {wrong}")
    for name in manifest["files"]:
        target = media / name
        target.parent.mkdir(parents=True, exist_ok=True)
        with archive.open(f"media/{name}") as src, target.open("wb") as dst:
            shutil.copyfileobj(src, dst)
    anchors = Path(settings.BYVEKST_AUDIT_ANCHOR_FILE)
    if "audit-anchors.jsonl" in archive.namelist():
        anchors.parent.mkdir(parents=True, exist_ok=True)
        with anchors.open("ab") as dst:
            dst.write(archive.read("audit-anchors.jsonl"))
    return manifest


def summary(manifest: dict[str, Any]) -> str:
    rows = sum(manifest["counts"].values())
    return f"{rows} rows in {len(manifest['counts'])} tables, {len(manifest['files'])} files"
