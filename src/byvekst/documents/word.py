from __future__ import annotations

import io

from docx import Document as Docx
from docx.shared import Pt

from byvekst.documents.spec import Document, Facts, Heading, Paragraph, Table


def to_docx(doc: Document) -> bytes:
    out = Docx()
    style = out.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(11)
    out.core_properties.title = doc.title
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
            table = out.add_table(rows=0, cols=2)
            table.style = "Light List Accent 1"
            for label, value in block.rows:
                cells = table.add_row().cells
                cells[0].text, cells[1].text = label, value
        elif isinstance(block, Table):
            if block.caption:
                out.add_paragraph(block.caption).runs[0].bold = True
            table = out.add_table(rows=1, cols=len(block.headers))
            table.style = "Light Grid Accent 1"
            for cell, text in zip(table.rows[0].cells, block.headers, strict=True):
                cell.text = text
            for row in block.rows:
                for cell, text in zip(table.add_row().cells, row, strict=True):
                    cell.text = text
    section = out.sections[0]
    section.footer.paragraphs[0].text = doc.footer
    buf = io.BytesIO()
    out.save(buf)
    return buf.getvalue()
