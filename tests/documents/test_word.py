from __future__ import annotations

import io
from pathlib import Path

from django.utils import translation
from docx import Document as Docx

from byvekst.documents.spec import Document, Facts, Heading, Table, number
from byvekst.documents.word import to_docx
from tests.conftest import printed

TITLE = "Bybanen byggetrinn 5 sentrum–Åsane: forberedende arbeider og grunnerverv"


def _programme_like() -> Document:
    """The widest table the portal writes: the action programme's projects by year."""
    with translation.override("nb"):
        rows = [
            [f"BS-2027-{i:03d}", TITLE, "Vestland fylkeskommune", "2027", *[number(1451 * i / 7) for _y in range(4)]]
            for i in range(1, 30)
        ]
        total = number(1451)
    return Document(
        title="Handlingsprogram 2027–2030",
        blocks=[
            Facts([("Periode", "2027–2030")]),
            Heading("Per programområde (MNOK)"),
            Table(["Programområde", "2027", "2028", "Sum"], [["Kollektivtiltak", total, total, total]]),
            Heading("Prosjekter"),
            Table(["ID", "Tittel", "Eier", "Start", "2027", "2028", "2029", "2030"], rows),
        ],
    )


def test_numbers_are_norwegian_and_columns_know_they_hold_numbers() -> None:
    with translation.override("nb"):
        assert number(1451) in ("1\xa0451,0", "1 451,0")
    table = _programme_like().blocks[-1]
    assert isinstance(table, Table)
    assert table.numeric() == [False, False, False, True, True, True, True, True]
    shares = table.shares(115)
    assert abs(sum(shares) - 1) < 1e-9 and shares[1] == max(shares)  # the title gets the room


def test_word_files_are_a4_with_right_aligned_numbers() -> None:
    narrow = Document(title="Saksliste", blocks=[Table(["#", "Sak"], [["1", "2027/1 Handlingsprogram"]])])
    section = Docx(io.BytesIO(to_docx(narrow))).sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)  # A4 portrait
    doc = Docx(io.BytesIO(to_docx(_programme_like())))
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (297, 210)  # too wide: landscape
    projects = doc.tables[-1]
    assert projects.rows[1].cells[4].paragraphs[0].alignment == 2  # RIGHT
    assert projects.rows[1].cells[1].paragraphs[0].alignment is None


def test_libreoffice_prints_the_programme_on_a4_with_whole_words(tmp_path: Path) -> None:
    page = printed(to_docx(_programme_like()), tmp_path)
    assert page.size_mm == (297, 210)
    assert "Programområde" in page.text  # no "Programo mråde": the column is wide enough for its words
    assert "Kollektivtiltak" in page.text and "fylkeskommune" in page.text
    assert "1 451,0" in page.text.replace("\xa0", " ")
    assert "Bybanen byggetrinn 5 sentrum–Åsane:" in page.text and "fylkeskommune" in page.text
    assert "BS-2027-001" in page.text and "1 036,4" in page.text.replace("\xa0", " ")  # no code or number broken
