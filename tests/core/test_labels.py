from __future__ import annotations

from byvekst.core.labels import codes_by_label
from byvekst.projects.models import FUNDING_SOURCES, MeasureKind


def test_codes_are_found_by_code_and_by_label_in_both_languages() -> None:
    kinds = codes_by_label(MeasureKind.choices)
    assert kinds["investering"] == "investering" and kinds["investment"] == "investering"  # code, English label
    sources = codes_by_label(FUNDING_SOURCES, after_colon=True)
    assert sources["programområdetiltak"] == sources["statlig_programomrade"] == "statlig_programomrade"
    assert "programområdetiltak" not in codes_by_label(FUNDING_SOURCES)
