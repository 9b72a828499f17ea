"""Fill empty msgstr entries of a .po file from a JSON mapping (msgid -> translation).

Used when new strings are added: `python scripts/po_fill.py src/byvekst/locale/nb/LC_MESSAGES/django.po
new.json`. Entries already translated are left alone; the file is rewritten in place.
"""

from __future__ import annotations

import json
import re
import sys


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _unfuzz(po_text: str) -> str:
    """Drop makemessages' fuzzy guesses (they are often wrong) so that the mapping fills them afresh."""
    head, _sep, body = po_text.partition("\n\n")
    body = re.sub(
        r'#, fuzzy(?:, ([\w-]+))?\n(#\| .*\n)*(msgid (?:".*"\n)+)msgstr (?:".*"\n)+',
        lambda m: (f"#, {m.group(1)}\n" if m.group(1) else "") + m.group(3) + 'msgstr ""\n',
        body,
    )
    body = re.sub(r"#\| .*\n", "", body)
    return head + "\n\n" + body


def fill(po_text: str, mapping: dict[str, str]) -> str:
    po_text = _unfuzz(po_text)
    pattern = re.compile(r'(msgid ((?:".*"\n)+))msgstr ""\n(?!")', re.M)

    def repl(m: re.Match[str]) -> str:
        msgid = (
            "".join(re.findall(r'"(.*)"', m.group(2)))
            .encode()
            .decode("unicode_escape")
            .encode("latin-1")
            .decode("utf-8")
        )
        if msgid and msgid in mapping:
            return f"{m.group(1)}msgstr {_quote(mapping[msgid])}\n"
        return m.group(0)

    text = pattern.sub(repl, po_text)
    return text.replace("#, fuzzy\n", "", 1)


if __name__ == "__main__":
    path, mapping_path = sys.argv[1], sys.argv[2]
    with open(mapping_path, encoding="utf-8") as f:
        mapping = json.load(f)
    with open(path, encoding="utf-8") as f:
        po = f.read()
    with open(path, "w", encoding="utf-8") as f:
        f.write(fill(po, mapping))
