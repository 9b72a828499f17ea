from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def to_xlsx(sheets: Sequence[tuple[str, list[str], list[list[Any]]]], notes: dict[str, str] | None = None) -> bytes:
    """A workbook with one table per sheet: (name, headers, rows). Headers bold, frozen, columns sized."""
    wb = Workbook()
    wb.remove(wb.active)
    for name, headers, rows in sheets:
        ws = wb.create_sheet(name[:31])
        ws.append(headers)
        for c in range(1, len(headers) + 1):
            ws.cell(row=1, column=c).font = Font(bold=True)
            ws.cell(row=1, column=c).fill = PatternFill("solid", fgColor="E8EFE9")
        for r, row in enumerate(rows, start=2):
            for c, value in enumerate(row, start=1):
                cell = ws.cell(row=r, column=c, value=value)
                if isinstance(value, str) and value.startswith(FORMULA_STARTS):
                    # Never a formula from data: a title such as "=HYPERLINK(...)" stays the text it is.
                    cell.data_type = "s"
                    cell.quotePrefix = True
        ws.freeze_panes = "A2"
        for i, h in enumerate(headers, start=1):
            width = max([len(str(h))] + [len(str(r[i - 1])) for r in rows[:200] if i - 1 < len(r)])
            ws.column_dimensions[get_column_letter(i)].width = min(max(10, width + 2), 60)
    if notes:
        ws = wb.create_sheet("Veiledning")
        for key, text in notes.items():
            ws.append([key, text])
        ws.column_dimensions["A"].width = 28
        ws.column_dimensions["B"].width = 100
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
