"""The byindeks on small hand-computed data: matching hour by hour and date by date, the 16-hour and 16-day
rules, completeness, the base-weighted city index with its t-interval and coverage, chaining and the three-year
rolling mean; the CSV reader names row and field; the CLI answers JSON."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from byvekst.engine.byindeks import Count, byindeks, chained, read_counts, rolling, t975
from byvekst.engine.cli import main

VOLUMES = {"A": (100, 110), "B": (200, 190), "C": (50, 60)}  # light vehicles per hour: 2023, 2024


def january(year: int, point: str, volume: float, days: int = 16, hours: range = range(6, 22)) -> list[Count]:
    """``days`` days of January with one count per hour in ``hours`` (16 hours: 06–21)."""
    return [Count(point, dt.datetime(year, 1, d, h), volume) for d in range(1, days + 1) for h in hours]


def both_years() -> tuple[list[Count], list[Count]]:
    now = [c for p, (_a, b) in VOLUMES.items() for c in january(2024, p, b)]
    before = [c for p, (a, _b) in VOLUMES.items() for c in january(2023, p, a)]
    return now, before


def test_the_city_index_by_hand() -> None:
    now, before = both_years()
    result = byindeks(now, before, 2024)
    # Points: A 110/100 = 1.10, B 190/200 = 0.95, C 60/50 = 1.20; base weights 2/7, 4/7, 1/7 (256 hours each).
    assert [(p.point, round(p.index, 4), p.hours, p.months) for p in result.points] == [
        ("A", 1.1, 256, 1),
        ("B", 0.95, 256, 1),
        ("C", 1.2, 256, 1),
    ]
    assert result.index == pytest.approx(92160 / 89600)  # = 1.028571…: 2.9 % more traffic
    assert result.change == pytest.approx(2.857, abs=1e-3)
    # s² = Σw(I−Ī)² / (1 − Σw²) = 0.0091837 / (4/7) = 0.016071; SE = √(s²·3/7) = 0.082993; t(2) = 4.303.
    assert result.low == pytest.approx(1.028571 - 4.303 * 0.082993, abs=1e-5)
    assert result.high == pytest.approx(1.028571 + 4.303 * 0.082993, abs=1e-5)
    assert result.coverage == pytest.approx(768 / (3 * 744))  # matched point-hours of January's point-hours


def test_days_months_and_completeness_decide_what_counts() -> None:
    now, before = both_years()
    # Point D has only 15 hours a day: no day counts, so no month, so the point drops out.
    now += january(2024, "D", 10, hours=range(6, 21))
    before += january(2023, "D", 20, hours=range(6, 21))
    # Point E has 15 days: its month does not count.
    now += january(2024, "E", 10, days=15)
    before += january(2023, "E", 20, days=15)
    assert [p.point for p in byindeks(now, before, 2024).points] == ["A", "B", "C"]
    # At exactly 99 % complete an hour is left out: with 17 days, point F loses one hour of 1 January, so that
    # day has 15 hours and drops out; the month still has its 16 days.
    more_now, more_before = january(2024, "F", 10, days=17), january(2023, "F", 20, days=17)
    patched = [Count(c.point, c.hour, c.volume, 0.99 if (c.hour.day, c.hour.hour) == (1, 6) else 1) for c in more_now]
    f = next(p for p in byindeks(patched, more_before, 2024).points if p.point == "F")
    assert (f.hours, f.index) == (256, 0.5)  # 16 days of 16 hours
    with pytest.raises(ValueError):
        byindeks(now[:10], before[:10], 2024)


def test_29_february_has_no_match() -> None:
    now = [Count("A", dt.datetime(2024, 2, d, h), 10) for d in range(1, 30) for h in range(24)]
    before = [Count("A", dt.datetime(2023, 2, d, h), 10) for d in range(1, 29) for h in range(24)]
    result = byindeks(now, before, 2024)
    assert result.points[0].hours == 28 * 24 and result.coverage == pytest.approx(28 / 29)


def test_chained_level_and_three_year_rolling_mean() -> None:
    levels = chained({2019: 0.98, 2020: 0.902, 2021: 1.05}, 2018)
    assert levels[2019] == pytest.approx(0.98) and levels[2021] == pytest.approx(0.98 * 0.902 * 1.05)
    means = rolling(levels)
    assert list(means) == [2020, 2021]
    assert means[2020] == pytest.approx((1 + 0.98 + 0.98 * 0.902) / 3)
    assert chained({2020: 1.0}, 2018) == {2018: 1.0}  # a missing year breaks the chain


def test_t_quantiles() -> None:
    assert t975(2) == 4.303 and t975(30) == 2.042
    assert t975(60) == pytest.approx(2.000, abs=2e-3) and t975(1000) == pytest.approx(1.962, abs=1e-3)


def test_the_csv_reader_names_row_and_field() -> None:
    text = (
        "punkt;tidspunkt;lengdeklasse;antall;fulltallighet\n"
        "A;2024-01-01T06:00;<5.6;120;100\n"
        "A;2024-01-01T06:00;>=5.6;15;100\n"  # heavy vehicles: not in the index
        "A;1. januar;<5.6;120;100\n"
        "B;2024-01-01T07:00;<5.6;mange;100\n"
        "B;2024-01-01T08:00;<5.6;12;140\n"
    )
    counts, errors = read_counts(text)
    assert [(c.point, c.volume) for c in counts] == [("A", 120.0)]
    assert [str(e) for e in errors] == [
        "row 4, tidspunkt: “1. januar” is not a date and hour (2024-03-01T07:00)",
        "row 5, antall: “mange” is not a count",
        "row 6, fulltallighet: “140” is not a per cent from 0 to 100",
    ]
    assert (
        str(read_counts("punkt,antall\nA,1\n")[1][0])
        == "row 1, : missing column(s) tidspunkt, lengdeklasse, fulltallighet"
    )


def test_the_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    now, before = both_years()
    for name, counts in (("2024.csv", now), ("2023.csv", before)):
        rows = ["punkt,tidspunkt,lengdeklasse,antall,fulltallighet"]
        rows += [f"{c.point},{c.hour.isoformat()},<5.6,{c.volume},100" for c in counts]
        (tmp_path / name).write_text("\n".join(rows), encoding="utf-8")
    assert main(["byindeks", str(tmp_path / "2024.csv"), str(tmp_path / "2023.csv"), "--year", "2024"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["index"] == pytest.approx(1.028571, abs=1e-6) and answer["coverage"] == pytest.approx(
        0.3441, abs=1e-4
    )
    (tmp_path / "bad.csv").write_text("punkt;tidspunkt\n", encoding="utf-8")
    assert main(["byindeks", str(tmp_path / "bad.csv"), str(tmp_path / "2023.csv"), "--year", "2024"]) == 2
    assert "missing column" in capsys.readouterr().err
