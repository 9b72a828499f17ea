from __future__ import annotations

from byvekst.engine.format import parse_instance
from byvekst.engine.milp import optimise
from byvekst.engine.why import explain_selection
from tests.engine.helpers import instance, project


def test_reasons_on_a_hand_made_scenario() -> None:
    doc = instance(
        [
            project("M", [2], 1, status="mandatory"),
            project("A", [4], 10, exclusive_group="g"),
            project("B", [4], 8, exclusive_group="g"),
            project("C", [3], 6),
            project("D", [3], 1),
            project("E", [1], 5, requires=["F"]),
            project("F", [1], 0, status="excluded"),
            project("G", [20], 100),
            project("H", [1], 1, start=(2030, 2031)),
        ],
        10,
    )
    inst = parse_instance(doc)
    result = optimise(inst)
    assert result.starts == {"M": 2027, "A": 2027, "C": 2027}
    why = explain_selection(inst, result)
    assert why["M"].startswith("In: mandatory")
    assert why["A"].startswith("In: value 10.0 for 4.0 MNOK")
    assert why["B"] == "Out: the alternative A was chosen instead."
    assert why["E"] == "Out: it depends on F, which is out."
    assert why["F"] == "Out: excluded by the scenario's rules."
    assert why["G"] == "Out: at any allowed start it would break the bompenger frame in 2027 (short by 19.0 MNOK)."
    assert why["H"].startswith("Out: its start window 2030–2031")
    # D (3 MNOK) would break the frame by 2 with 9 spent — also a frame reason; C is in.
    assert why["D"].startswith("Out: at any allowed start it would break the bompenger frame in 2027 (short by 2.0")


def test_too_little_value() -> None:
    doc = instance([project("A", [5], 10), project("B", [5], -1)], 20)
    inst = parse_instance(doc)
    why = explain_selection(inst, optimise(inst))
    assert why["B"].startswith("Out: it fits the frames, but its value (-1.0")
