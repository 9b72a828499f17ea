from __future__ import annotations

import re
from pathlib import Path

from django.test import Client
from django.urls import reverse

import byvekst
from byvekst.overview.glossary import TERMS


def test_the_glossary_is_public_and_has_every_term_a_page_links_to(db: None) -> None:
    page = Client().get(reverse("glossary"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Kjerneindeks" in html and "Ordliste" in html  # in the reader's language
    anchors = {anchor for anchor, _term, _text in TERMS}
    templates = Path(byvekst.__file__).parent / "templates"
    linked = {m for f in templates.rglob("*.html") for m in re.findall(r"url 'glossary' %\}#([\w-]+)", f.read_text())}
    assert linked and linked <= anchors
    assert all(f'id="{a}"' in html for a in anchors)
