"""Walk the portal as one person with Django's test client: every same-site page reachable by links (and htmx
regions), at most a few per URL shape, with downloads unpacked to text. Used by the tests that sweep every
page for what must never show (a restricted title, a raw code, English in bokmål)."""

from __future__ import annotations

import io
import re
import zipfile
from collections import deque
from dataclasses import dataclass, field

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

LINK = re.compile(r'(?:href|hx-get)="(/[^"#]*)"')
# What must never reach a reader in bokmål: raw codes (snake_case identifiers), Python values, template syntax and
# common English words.
RAW = re.compile(r"\b(None|True|False|the|and|with|of the|short by)\b|\{\{|\{%|\b[a-z]+_[a-z_]+\b")
SKIP = re.compile(r"^/(static|media|admin|i18n|logg-ut|api/docs)|/slett|/trekk-tilbake|\.ics$")


@dataclass
class Page:
    url: str
    status: int
    content_type: str
    text: str
    queries: int = 0


@dataclass
class Sweep:
    pages: dict[str, Page] = field(default_factory=dict)

    def texts(self) -> dict[str, str]:
        return {url: page.text for url, page in self.pages.items()}


def shape(url: str) -> str:
    path, _sep, query = url.partition("?")
    keys = sorted(k.split("=")[0] for k in query.split("&") if k)
    return re.sub(r"\d+", "N", re.sub(r"/[A-Z]{2}-\d{4}-\d{3}/", "/CODE/", path)) + "?" + "&".join(keys)


def as_text(content: bytes, content_type: str) -> str:
    if content[:4] == b"PK\x03\x04":  # Word, Excel: the text is in the XML parts
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return " ".join(
                archive.read(n).decode("utf-8", "replace") for n in archive.namelist() if n.endswith(".xml")
            )
    if content_type.startswith("application/pdf"):
        return content.decode("latin-1")  # uncompressed text only; the sheet and papers hold no attachment names
    return content.decode("utf-8", "replace")


def sweep(client: Client, starts: list[str], *, max_pages: int = 150, per_shape: int = 1) -> Sweep:
    out = Sweep()
    queue = deque(starts)
    seen_shapes: dict[str, int] = {}
    while queue and len(out.pages) < max_pages:
        url = queue.popleft().replace("&amp;", "&")
        if url in out.pages or SKIP.search(url):
            continue
        key = shape(url)
        if seen_shapes.get(key, 0) >= per_shape and url not in starts:
            continue
        seen_shapes[key] = seen_shapes.get(key, 0) + 1
        out.pages[url] = page = fetch(client, url)
        if page.content_type.startswith("text/html"):
            queue.extend(LINK.findall(page.text))
    return out


def fetch(client: Client, url: str) -> Page:
    """One page as a Norwegian reader gets it, with the number of database queries it took."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="nb")
        content_type = response.get("Content-Type", "")
        body = b"".join(response.streaming_content) if response.streaming else response.content  # type: ignore[attr-defined]
    return Page(url, response.status_code, content_type, as_text(body, content_type), len(queries))
