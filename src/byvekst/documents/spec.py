"""A small document model shared by the Word and PDF builders, so both render the same content alike."""

from __future__ import annotations

from dataclasses import dataclass, field


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


Block = Heading | Paragraph | Facts | Table


@dataclass(frozen=True)
class Document:
    title: str
    subtitle: str = ""
    blocks: list[Block] = field(default_factory=list)
    footer: str = "Byvekst – Miljøløftet"
