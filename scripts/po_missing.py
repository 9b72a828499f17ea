"""List the msgids of a .po file that have no translation yet, as a JSON mapping to fill in (msgid -> "").

`python scripts/po_missing.py src/byvekst/locale/nb/LC_MESSAGES/django.po > new.json`, translate, then
`python scripts/po_fill.py … new.json`.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from po_fill import _unfuzz


def missing(po_text: str) -> list[str]:
    out = []
    for mid, mstr in re.findall(r'\nmsgid ((?:".*"\n)+)msgstr ((?:".*"\n?)+)', po_text):
        text = "".join(re.findall(r'"(.*)"', mid))
        if text and not "".join(re.findall(r'"(.*)"', mstr)):
            out.append(text.encode().decode("unicode_escape").encode("latin-1").decode("utf-8"))
    return out


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as f:
        print(json.dumps({m: "" for m in missing(_unfuzz(f.read()))}, ensure_ascii=False, indent=1))
