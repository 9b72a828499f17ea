"""A small document model shared by the Word and PDF builders, so both render the same content alike."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from byvekst.documents.numbers import grouped

# Characters of 9 pt table text across the text width of an A4 page (LibreOffice and Word alike), and the
# characters a cell's padding takes.
PORTRAIT_LINE, LANDSCAPE_LINE, PADDING = 75, 115, 3

# A cell that is a number as the documents write it: "1 451,0", "-3,5", "12 %", "2027".
NUMBER = re.compile(r"^[-−+]?(?:\d+|\d{1,3}(?:[ \u00a0\u202f]\d{3})+)(?:[,.]\d+)?(?: ?%)?$")


def number(x: Any, decimals: int = 1) -> str:
    """An amount as the reader writes it, thousands grouped: 1 451,0 in bokmål, 1,451.0 in English."""
    return grouped(float(x), decimals)


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Facts:
    """Label–value pairs, rendered as a two-column table."""

    rows: list[tuple[str, str]]


@dataclass(frozen=True)
class Table:
    headers: list[str]
    rows: list[list[str]]
    caption: str = ""

    def numeric(self) -> list[bool]:
        """Columns holding numbers only (empty cells and dashes aside): right-aligned in every format."""
        columns = list(zip(*self.rows, strict=True)) if self.rows else [() for _h in self.headers]
        out = []
        for column in columns:
            filled = [c for c in column if c not in ("", "–", "-")]
            out.append(bool(filled) and all(NUMBER.match(c) for c in filled))
        return out

    def _needs(self) -> tuple[dict[int, int], dict[int, tuple[int, int]]]:
        """Characters per column (cell padding included): on one line for numbers, codes and other short cells
        (``fixed``); for text columns the least (the longest word) and what they would like (``text``)."""
        numeric = self.numeric()
        fixed: dict[int, int] = {}
        text: dict[int, tuple[int, int]] = {}
        for i, head in enumerate(self.headers):
            cells = [r[i] for r in self.rows]
            longest_cell = max((len(c) for c in cells), default=0)
            longest_word = max((len(w) for c in [head, *cells] for w in c.split()), default=1)
            if numeric[i] or longest_cell <= 12:
                fixed[i] = max(longest_cell, longest_word) + PADDING
            else:
                typical = sorted(len(c) for c in cells)[len(cells) // 2]
                text[i] = (longest_word + PADDING, max(longest_word, min(typical, 45)) + PADDING)
        return fixed, text

    def least(self) -> int:
        """The narrowest the table can be, in characters, without breaking a word or a number."""
        fixed, text = self._needs()
        return sum(fixed.values()) + sum(least for least, _want in text.values())

    def shares(self, line: int) -> list[float]:
        """Each column's share of the page width, ``line`` characters across: short cells get the room they need
        on one line; the text columns share the rest by how much they hold, never less than their longest word."""
        fixed, text = self._needs()
        room = line - sum(fixed.values())
        wanted = sum(want for _least, want in text.values())
        need: dict[int, float] = {**fixed}
        for i, (least, want) in text.items():
            need[i] = max(least, room * want / wanted) if room > 0 else least
        total = sum(need.values())
        return [need[i] / total for i in range(len(self.headers))]


Block = Heading | Paragraph | Facts | Table


@dataclass(frozen=True)
class Document:
    title: str
    subtitle: str = ""
    blocks: list[Block] = field(default_factory=list)
    footer: str = "Byvekst – Miljøløftet"

    @property
    def landscape(self) -> bool:
        """A table too wide for a portrait page turns the document: words and numbers are never broken."""
        return any(isinstance(b, Table) and b.least() > PORTRAIT_LINE for b in self.blocks)

    @property
    def line(self) -> int:
        return LANDSCAPE_LINE if self.landscape else PORTRAIT_LINE
