from __future__ import annotations

import re
from pathlib import Path

import byvekst

PO = Path(byvekst.__file__).parent / "locale" / "nb" / "LC_MESSAGES" / "django.po"


def test_every_string_has_a_norwegian_translation() -> None:
    text = PO.read_text(encoding="utf-8")
    entries = re.findall(r'\nmsgid ((?:".*"\n)+)msgstr ((?:".*"\n?)+)', text)
    untranslated = [
        mid for mid, mstr in entries if "".join(re.findall(r'"(.*)"', mid)) and not "".join(re.findall(r'"(.*)"', mstr))
    ]
    assert not untranslated, f"translate these in {PO.name}: {untranslated[:5]}"
    assert "#, fuzzy" not in text.split("msgid", 2)[2], "fuzzy entries are not used by Django"
