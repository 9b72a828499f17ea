"""Backup and restore: the demo (with its attachments and audit trail) round-trips through one file into an
empty database, identical in counts, files and an intact audit chain; a non-empty database is refused."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from byvekst.audit.services import verify_chain
from byvekst.core.backup import counts
from byvekst.projects.models import Attachment


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


@pytest.mark.django_db(transaction=True)  # the flush below needs committed data (TRUNCATE on PostgreSQL)
def test_backup_and_restore_round_trip(media: Path, tmp_path: Path) -> None:
    call_command("demo", stdout=io.StringIO())
    call_command("audit", "anchor", stdout=io.StringIO())
    before = counts()
    files = {p.relative_to(media): p.read_bytes() for p in media.rglob("*") if p.is_file()}
    assert before["audit.auditevent"] > 50 and Attachment.objects.filter(restricted=True).exists() and files
    target = tmp_path / "backup.zip"
    call_command("backup", str(target), stdout=io.StringIO())

    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(target))

    call_command("flush", "--no-input", verbosity=0)  # an empty database, as after `migrate` on a new server
    for p in list(media.rglob("*")):
        if p.is_file():
            p.unlink()
    Path(settings.BYVEKST_AUDIT_ANCHOR_FILE).unlink()
    assert counts()["audit.auditevent"] == 0

    out = io.StringIO()
    call_command("restore", str(target), stdout=out)
    assert "Restored" in out.getvalue()
    assert counts() == before
    assert {p.relative_to(media): p.read_bytes() for p in media.rglob("*") if p.is_file()} == files
    report = verify_chain()
    assert report.ok and report.checked == before["audit.auditevent"] and report.anchors >= 2
    call_command("audit", "verify", stdout=io.StringIO())


def test_a_file_that_is_not_a_backup_is_refused(db: Any, tmp_path: Path) -> None:
    bad = tmp_path / "x.zip"
    bad.write_bytes(b"not a zip")
    with pytest.raises(CommandError, match="not a Byvekst backup"):
        call_command("restore", str(bad))
