from __future__ import annotations

import io
from typing import Any

from docx import Document as Docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from byvekst.documents.spec import Document, Facts, Heading, Paragraph, Table

A4_SHORT, A4_LONG, MARGIN = Mm(210), Mm(297), Mm(20)  # A4, the Norwegian public sector's paper


def _fixed_table(out: Any, rows: int, widths: list[int], style: str) -> Any:
    """A table with fixed column widths that Word and LibreOffice both respect (grid, cells and layout)."""
    table = out.add_table(rows=rows, cols=len(widths))
    table.style = style
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    return table


def _fill(row: Any, texts: list[str], widths: list[int], numeric: list[bool], bold: bool = False) -> None:
    for cell, text, width, right in zip(row.cells, texts, widths, numeric, strict=True):
        cell.width = width
        paragraph = cell.paragraphs[0]
        run = paragraph.add_run(text)
        run.font.size = Pt(9)
        run.bold = bold
        if right:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def to_docx(doc: Document) -> bytes:
    out = Docx()
    section = out.sections[0]
    if doc.landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = A4_LONG, A4_SHORT
    else:
        section.page_width, section.page_height = A4_SHORT, A4_LONG
    text_width = section.page_width - 2 * MARGIN
    section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = MARGIN
    style = out.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(11)
    out.core_properties.title = doc.title
    out.core_properties.language = "nb-NO"
    out.add_heading(doc.title, level=0)
    if doc.subtitle:
        out.add_paragraph().add_run(doc.subtitle).italic = True
    for block in doc.blocks:
        if isinstance(block, Heading):
            out.add_heading(block.text, level=min(block.level, 3))
        elif isinstance(block, Paragraph):
            for part in block.text.split("\n"):
                out.add_paragraph(part)
        elif isinstance(block, Facts):
            widths = [int(text_width * 0.32), int(text_width * 0.68)]
            table = _fixed_table(out, 0, widths, "Light List Accent 1")
            for label, value in block.rows:
                _fill(table.add_row(), [label, value], widths, [False, False])
        elif isinstance(block, Table):
            if block.caption:
                out.add_paragraph(block.caption).runs[0].bold = True
            widths = [int(text_width * share) for share in block.shares(doc.line)]
            numeric = block.numeric()
            table = _fixed_table(out, 1, widths, "Light Grid Accent 1")
            header = table.rows[0]
            _fill(header, block.headers, widths, numeric, bold=True)
            repeat = OxmlElement("w:tblHeader")
            repeat.set(qn("w:val"), "true")
            header._tr.get_or_add_trPr().append(repeat)  # the header row again on every page
            for row in block.rows:
                _fill(table.add_row(), row, widths, numeric)
    section.footer.paragraphs[0].text = doc.footer
    buf = io.BytesIO()
    out.save(buf)
    return buf.getvalue()
