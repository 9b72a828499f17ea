from __future__ import annotations

from typing import Any

from byvekst.engine.format import parse_instance, result_to_dict
from byvekst.engine.milp import optimise
from tests.engine.checker import check


def project(
    pid: str, cost: list[float], value: float, *, start: tuple[int, int] = (2027, 2027), **kw: Any
) -> dict[str, Any]:
    d = {
        "id": pid,
        "owner": kw.pop("owner", "Bergen kommune"),
        "area": kw.pop("area", "Sentrum"),
        "focus_area": kw.pop("focus_area", "Kollektiv"),
        "cost_profile": cost,
        "funding": kw.pop("funding", {"bompenger": 1.0}),
        "value": value,
        "earliest_start": start[0],
        "latest_start": start[1],
    }
    d.update(kw)
    return d


def instance(
    projects: list[dict[str, Any]], budget: Any = 10.0, *, years: tuple[int, ...] = (2027,), **kw: Any
) -> dict[str, Any]:
    rows = (
        budget
        if isinstance(budget, dict)
        else {"bompenger": budget if isinstance(budget, list) else [budget] * len(years)}
    )
    doc = {
        "format": "byvekst.portfolio/1",
        "name": "test",
        "years": list(years),
        "funding_sources": list(rows),
        "budget": rows,
        "projects": projects,
    }
    doc.update(kw)
    return doc


def solve(doc: dict[str, Any], **kw: Any) -> dict[str, Any]:
    result = result_to_dict(optimise(parse_instance(doc), **kw))
    if result["status"] in ("optimal", "feasible"):
        check(doc, result)
    return result


def starts(result: dict[str, Any]) -> dict[str, int]:
    return {s["id"]: s["start"] for s in result["selected"]}
