from __future__ import annotations

import json
from pathlib import Path

from byvekst.api import api

DOC = Path(__file__).resolve().parents[2] / "docs" / "openapi.json"


def test_committed_openapi_description_is_current() -> None:
    current = json.loads(json.dumps(api.get_openapi_schema(), sort_keys=True))
    assert json.loads(DOC.read_text(encoding="utf-8")) == current, (
        "the API changed: regenerate docs/openapi.json (see docs/admin-guide.md)"
    )
