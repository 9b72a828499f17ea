"""Reading what a person typed or pasted back as codes: a fixed list's labels in bokmål and in English."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils import translation


def codes_by_label(pairs: Iterable[tuple[str, Any]], *, after_colon: bool = False) -> dict[str, str]:
    """{code, label in bokmål, label in English (lower case) → code}; with ``after_colon`` also the part of a
    label after its last colon ("programområdetiltak" for "Statlige midler: programområdetiltak")."""
    pairs = list(pairs)
    names = {str(code): str(code) for code, _label in pairs}
    for language in ("nb", "en"):
        with translation.override(language):
            for code, label in pairs:
                text = str(label).lower()
                names[text] = str(code)
                if after_colon:
                    names[text.rsplit(":", 1)[-1].strip()] = str(code)
    return names
