from __future__ import annotations

import io
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph as P
from reportlab.platypus import SimpleDocTemplate, Spacer, TableStyle
from reportlab.platypus import Table as T

from byvekst.documents.spec import Document, Facts, Heading, Paragraph, Table


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def to_pdf(doc: Document) -> bytes:
    styles = getSampleStyleSheet()
    buf = io.BytesIO()
    page = landscape(A4) if doc.landscape else A4
    pdf = SimpleDocTemplate(
        buf,
        pagesize=page,
        title=doc.title,
        author="Byvekst",
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
    )
    story: list[Any] = [P(_esc(doc.title), styles["Title"])]
    if doc.subtitle:
        story.append(P(_esc(doc.subtitle), styles["Italic"]))
    grid = TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("FONTSIZE", (0, 0), (-1, -1), 8),
        ]
    )
    cell = styles["BodyText"].clone("cell", fontSize=8, leading=10)
    right = cell.clone("right", alignment=TA_RIGHT)
    width = page[0] - 36 * mm
    for block in doc.blocks:
        if isinstance(block, Heading):
            story.append(P(_esc(block.text), styles["Heading2" if block.level <= 1 else "Heading3"]))
        elif isinstance(block, Paragraph):
            for part in block.text.split("\n"):
                story.append(P(_esc(part), styles["BodyText"]))
        elif isinstance(block, Facts):
            rows = [[P(f"<b>{_esc(a)}</b>", cell), P(_esc(b), cell)] for a, b in block.rows]
            if rows:
                story.append(T(rows, colWidths=[width * 0.32, width * 0.68], style=grid))
        elif isinstance(block, Table):
            if block.caption:
                story.append(P(f"<b>{_esc(block.caption)}</b>", styles["BodyText"]))
            styles_by_column = [right if n else cell for n in block.numeric()]
            rows = [[P(f"<b>{_esc(h)}</b>", st) for h, st in zip(block.headers, styles_by_column, strict=True)]]
            rows += [[P(_esc(c), st) for c, st in zip(r, styles_by_column, strict=True)] for r in block.rows]
            t = T(rows, repeatRows=1, style=grid, colWidths=[width * share for share in block.shares(doc.line)])
            t.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8efe9"))]))
            story.append(t)
        story.append(Spacer(1, 3 * mm))

    def footer(canvas: Any, _doc: Any) -> None:
        canvas.setFont("Helvetica", 7)
        canvas.drawString(18 * mm, 10 * mm, f"{doc.footer} – {doc.title} – side {canvas.getPageNumber()}")

    pdf.build(story, onFirstPage=footer, onLaterPages=footer)
    return buf.getvalue()
