"""The portfolio exchange format ``byvekst.portfolio/1`` and its result ``byvekst.portfolio-result/1``.

See ``../shared/spec/portfolio-format.md``. :func:`parse_instance` validates a decoded JSON document exactly as
the spec says and raises :class:`FormatError` naming the path of the first problem
(``projects[12].funding: shares sum to 0.9, must be 1``). Unknown keys are errors, so that a misspelt
constraint is never silently ignored.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from byvekst.engine.reasons import Reason

FORMAT = "byvekst.portfolio/1"
RESULT_FORMAT = "byvekst.portfolio-result/1"
DIMENSIONS = ("area", "focus_area", "owner")
STATUSES = ("candidate", "mandatory", "excluded")
SHARE_TOLERANCE = 1e-6


class FormatError(ValueError):
    """An instance that does not follow the format; ``path`` says where."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}" if path else message)
        self.path = path
        self.message = message


@dataclass(frozen=True)
class Project:
    id: str
    owner: str
    area: str
    focus_area: str
    cost_profile: tuple[float, ...]
    funding: dict[str, float]
    value: float
    earliest_start: int
    latest_start: int
    name: str = ""
    cost_p85_profile: tuple[float, ...] | None = None
    status: str = "candidate"
    requires: tuple[str, ...] = ()
    exclusive_group: str | None = None

    def dimension(self, name: str) -> str:
        return str(getattr(self, name))

    def profile(self, basis: str) -> tuple[float, ...]:
        if basis == "p85":
            assert self.cost_p85_profile is not None
            return self.cost_p85_profile
        return self.cost_profile


@dataclass(frozen=True)
class Balance:
    dimension: str
    value: str
    min_share: float | None = None
    max_share: float | None = None


@dataclass(frozen=True)
class Capacity:
    owner: str
    year: int
    max_spend: float


@dataclass(frozen=True)
class Allocation:
    dimension: str
    value: str
    min_total: float | None = None
    max_total: float | None = None
    source: str | None = None  # an earmark of one funding source (e.g. a municipality's state programme money)


@dataclass(frozen=True)
class Instance:
    years: tuple[int, ...]
    funding_sources: tuple[str, ...]
    budget: dict[str, tuple[float, ...]]
    projects: tuple[Project, ...]
    name: str = ""
    currency_unit: str = "MNOK"
    price_basis: str = ""
    carry_over: bool = False
    discount_rate: float = 0.0
    cost_basis: str = "p50"
    beyond_horizon_budget: float | None = None
    balance: tuple[Balance, ...] = ()
    capacity: tuple[Capacity, ...] = ()
    allocations: tuple[Allocation, ...] = ()
    # Frames as the sources give them, besides (or instead of) per source and year: a total per source over the
    # period, and a total per year over all sources (cumulative with carry-over). An unlimited year of a source
    # is ``inf`` in ``budget`` (``null`` in the file).
    budget_totals: dict[str, float] = field(default_factory=dict)
    yearly_totals: tuple[float, ...] | None = None
    _index: dict[str, int] = field(default_factory=dict, init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._index.update({p.id: i for i, p in enumerate(self.projects)})

    def frames_total(self) -> float:
        """The money of the period: per source the smaller of its yearly frames and its total, and no more than
        the yearly totals allow (for the frontier's axis and proportional frames)."""
        total = sum(min(sum(self.budget[f]), self.budget_totals.get(f, math.inf)) for f in self.funding_sources)
        return min(total, sum(self.yearly_totals)) if self.yearly_totals is not None else total

    def totals_broken(self, spend: dict[str, list[float]], tol: float = 1e-9) -> list[tuple[str, Any, float]]:
        """The totals a spend per source and year breaks, as (kind, key, short): ``("source_total", source, …)``
        and ``("year_total", year, …)`` (with carry-over the first year whose running total is broken)."""
        out: list[tuple[str, Any, float]] = []
        for f, total in self.budget_totals.items():
            used = sum(spend.get(f, ()))
            if used > total + tol:
                out.append(("source_total", f, used - total))
        if self.yearly_totals is not None:
            used_acc = frame_acc = 0.0
            for t, year in enumerate(self.years):
                used = sum(row[t] for row in spend.values())
                used_acc, frame_acc = used_acc + used, frame_acc + self.yearly_totals[t]
                over = used_acc - frame_acc if self.carry_over else used - self.yearly_totals[t]
                if over > tol:
                    out.append(("year_total", year, over))
                    if self.carry_over:
                        break
        return out

    def project(self, pid: str) -> Project:
        return self.projects[self._index[pid]]

    def starts(self, p: Project) -> list[int]:
        return [s for s in self.years if p.earliest_start <= s <= p.latest_start]

    def discount(self, start: int) -> float:
        return float((1.0 + self.discount_rate) ** -(start - self.years[0]))


@dataclass(frozen=True)
class Result:
    instance: str
    status: str  # optimal | feasible | infeasible | no_solution
    objective: float | None
    bound: float | None
    gap: float | None
    solve_seconds: float
    selected: tuple[tuple[str, int], ...]
    spend: dict[str, tuple[float, ...]]
    reasons: tuple[Reason, ...] = ()  # why no portfolio fits (or which rules a baseline breaks), as data
    unit: str = "MNOK"  # the instance's currency unit, for the words

    @property
    def starts(self) -> dict[str, int]:
        return dict(self.selected)

    @property
    def explanation(self) -> tuple[str, ...]:
        return tuple(r.english(self.unit) for r in self.reasons)


# ----------------------------------------------------------------------------------------------------- parsing


def _is_number(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)


def _num(v: Any, path: str, *, minimum: float | None = None, maximum: float | None = None) -> float:
    if not _is_number(v):
        raise FormatError(path, f"must be a number, not {json.dumps(v)}")
    if minimum is not None and v < minimum:
        raise FormatError(path, f"must be at least {minimum}, not {v}")
    if maximum is not None and v > maximum:
        raise FormatError(path, f"must be at most {maximum}, not {v}")
    return float(v)


def _int(v: Any, path: str) -> int:
    if isinstance(v, bool) or not isinstance(v, int):
        raise FormatError(path, f"must be a whole number, not {json.dumps(v)}")
    return v


def _str(v: Any, path: str) -> str:
    if not isinstance(v, str) or not v.strip():
        raise FormatError(path, f"must be a non-empty text, not {json.dumps(v)}")
    return v


def _obj(v: Any, path: str, required: set[str], optional: set[str]) -> dict[str, Any]:
    if not isinstance(v, dict):
        raise FormatError(path, f"must be an object, not {type(v).__name__}")
    unknown = sorted(set(v) - required - optional)
    if unknown:
        where = f"{path}.{unknown[0]}" if path else unknown[0]
        raise FormatError(
            where, "unknown key (check the spelling; allowed: " + ", ".join(sorted(required | optional)) + ")"
        )
    missing = sorted(required - set(v))
    if missing:
        raise FormatError(f"{path}.{missing[0]}" if path else missing[0], "is required")
    return v


def _list(v: Any, path: str) -> list[Any]:
    if not isinstance(v, list):
        raise FormatError(path, f"must be a list, not {type(v).__name__}")
    return v


def _profile(v: Any, path: str) -> tuple[float, ...]:
    items = _list(v, path)
    if not items:
        raise FormatError(path, "must have at least one yearly amount")
    return tuple(_num(x, f"{path}[{i}]", minimum=0) for i, x in enumerate(items))


PROJECT_REQUIRED = {
    "id",
    "owner",
    "area",
    "focus_area",
    "cost_profile",
    "funding",
    "value",
    "earliest_start",
    "latest_start",
}
PROJECT_OPTIONAL = {"name", "cost_p85_profile", "status", "requires", "exclusive_group"}
TOP_REQUIRED = {"format", "years", "funding_sources", "budget", "projects"}
TOP_OPTIONAL = {
    "name",
    "currency_unit",
    "price_basis",
    "carry_over",
    "discount_rate",
    "cost_basis",
    "beyond_horizon_budget",
    "budget_totals",
    "yearly_totals",
    "balance",
    "capacity",
    "allocations",
}


def _parse_project(raw: Any, path: str, sources: tuple[str, ...], cost_basis: str) -> Project:
    d = _obj(raw, path, PROJECT_REQUIRED, PROJECT_OPTIONAL)
    pid = _str(d["id"], f"{path}.id")
    funding_raw = _obj(d["funding"], f"{path}.funding", set(), set(sources))
    if not funding_raw:
        raise FormatError(f"{path}.funding", "must give a share for at least one funding source")
    funding = {k: _num(v, f"{path}.funding.{k}", minimum=0, maximum=1) for k, v in funding_raw.items()}
    total = sum(funding.values())
    if abs(total - 1) > SHARE_TOLERANCE:
        raise FormatError(f"{path}.funding", f"shares sum to {round(total, 6):g}, must be 1")
    profile = _profile(d["cost_profile"], f"{path}.cost_profile")
    p85 = None
    if "cost_p85_profile" in d:
        p85 = _profile(d["cost_p85_profile"], f"{path}.cost_p85_profile")
        if len(p85) != len(profile):
            raise FormatError(
                f"{path}.cost_p85_profile", f"has {len(p85)} years but cost_profile has {len(profile)}; they must match"
            )
    elif cost_basis == "p85":
        raise FormatError(f"{path}.cost_p85_profile", 'is required when cost_basis is "p85"')
    earliest = _int(d["earliest_start"], f"{path}.earliest_start")
    latest = _int(d["latest_start"], f"{path}.latest_start")
    if latest < earliest:
        raise FormatError(f"{path}.latest_start", f"({latest}) is before earliest_start ({earliest})")
    status = d.get("status", "candidate")
    if status not in STATUSES:
        raise FormatError(f"{path}.status", f"must be one of {', '.join(STATUSES)}, not {json.dumps(status)}")
    requires = tuple(
        _str(r, f"{path}.requires[{i}]") for i, r in enumerate(_list(d.get("requires", []), f"{path}.requires"))
    )
    group = d.get("exclusive_group")
    return Project(
        id=pid,
        name=str(d.get("name", "")),
        owner=_str(d["owner"], f"{path}.owner"),
        area=_str(d["area"], f"{path}.area"),
        focus_area=_str(d["focus_area"], f"{path}.focus_area"),
        cost_profile=profile,
        cost_p85_profile=p85,
        funding=funding,
        value=_num(d["value"], f"{path}.value"),
        earliest_start=earliest,
        latest_start=latest,
        status=status,
        requires=requires,
        exclusive_group=None if group is None else _str(group, f"{path}.exclusive_group"),
    )


def _dimension(v: Any, path: str) -> str:
    if v not in DIMENSIONS:
        raise FormatError(path, f"must be one of {', '.join(DIMENSIONS)}, not {json.dumps(v)}")
    return str(v)


def _opt_num(d: dict[str, Any], key: str, path: str, **bounds: float) -> float | None:
    return None if d.get(key) is None else _num(d[key], f"{path}.{key}", **bounds)


def parse_instance(doc: Any) -> Instance:
    """Validate a decoded ``byvekst.portfolio/1`` document and return the instance."""
    d = _obj(doc, "", TOP_REQUIRED, TOP_OPTIONAL)
    if d["format"] != FORMAT:
        raise FormatError("format", f'must be "{FORMAT}", not {json.dumps(d["format"])}')
    years = tuple(_int(y, f"years[{i}]") for i, y in enumerate(_list(d["years"], "years")))
    if not years:
        raise FormatError("years", "must name at least one year")
    for i in range(1, len(years)):
        if years[i] != years[i - 1] + 1:
            raise FormatError(f"years[{i}]", f"years must be consecutive: {years[i - 1]} is followed by {years[i]}")
    sources = tuple(
        _str(s, f"funding_sources[{i}]") for i, s in enumerate(_list(d["funding_sources"], "funding_sources"))
    )
    if not sources:
        raise FormatError("funding_sources", "must name at least one funding source")
    if len(set(sources)) != len(sources):
        raise FormatError("funding_sources", "names a source twice")
    budget_raw = _obj(d["budget"], "budget", set(sources), set())
    budget: dict[str, tuple[float, ...]] = {}
    for s in sources:
        row = _list(budget_raw[s], f"budget.{s}")
        if len(row) != len(years):
            raise FormatError(f"budget.{s}", f"has {len(row)} numbers but there are {len(years)} years")
        budget[s] = tuple(math.inf if x is None else _num(x, f"budget.{s}[{i}]", minimum=0) for i, x in enumerate(row))
    totals_raw = _obj(d.get("budget_totals", {}), "budget_totals", set(), set(sources))
    budget_totals = {s: _num(v, f"budget_totals.{s}", minimum=0) for s, v in totals_raw.items()}
    yearly_totals = None
    if d.get("yearly_totals") is not None:
        row = _list(d["yearly_totals"], "yearly_totals")
        if len(row) != len(years):
            raise FormatError("yearly_totals", f"has {len(row)} numbers but there are {len(years)} years")
        yearly_totals = tuple(
            math.inf if x is None else _num(x, f"yearly_totals[{i}]", minimum=0) for i, x in enumerate(row)
        )
    cost_basis = d.get("cost_basis", "p50")
    if cost_basis not in ("p50", "p85"):
        raise FormatError("cost_basis", f'must be "p50" or "p85", not {json.dumps(cost_basis)}')
    carry = d.get("carry_over", False)
    if not isinstance(carry, bool):
        raise FormatError("carry_over", f"must be true or false, not {json.dumps(carry)}")
    projects = tuple(
        _parse_project(p, f"projects[{i}]", sources, cost_basis) for i, p in enumerate(_list(d["projects"], "projects"))
    )
    ids: dict[str, int] = {}
    for i, p in enumerate(projects):
        if p.id in ids:
            raise FormatError(f"projects[{i}].id", f"{p.id!r} is also the id of projects[{ids[p.id]}]")
        ids[p.id] = i
    for i, p in enumerate(projects):
        for j, r in enumerate(p.requires):
            if r not in ids:
                raise FormatError(f"projects[{i}].requires[{j}]", f"names {r!r}, which is not a project here")
            if r == p.id:
                raise FormatError(f"projects[{i}].requires[{j}]", "a project cannot require itself")
    balance = []
    for i, raw in enumerate(_list(d.get("balance", []), "balance")):
        path = f"balance[{i}]"
        b = _obj(raw, path, {"dimension", "value"}, {"min_share", "max_share"})
        lo = _opt_num(b, "min_share", path, minimum=0, maximum=1)
        hi = _opt_num(b, "max_share", path, minimum=0, maximum=1)
        if lo is not None and hi is not None and lo > hi:
            raise FormatError(f"{path}.min_share", f"({lo}) is above max_share ({hi})")
        balance.append(
            Balance(_dimension(b["dimension"], f"{path}.dimension"), _str(b["value"], f"{path}.value"), lo, hi)
        )
    capacity = []
    for i, raw in enumerate(_list(d.get("capacity", []), "capacity")):
        path = f"capacity[{i}]"
        c = _obj(raw, path, {"owner", "year", "max_spend"}, set())
        year = _int(c["year"], f"{path}.year")
        if year not in years:
            raise FormatError(f"{path}.year", f"{year} is not one of the instance's years")
        capacity.append(
            Capacity(_str(c["owner"], f"{path}.owner"), year, _num(c["max_spend"], f"{path}.max_spend", minimum=0))
        )
    allocations = []
    for i, raw in enumerate(_list(d.get("allocations", []), "allocations")):
        path = f"allocations[{i}]"
        a = _obj(raw, path, {"dimension", "value"}, {"min_total", "max_total", "source"})
        source = a.get("source")
        if source is not None and source not in sources:
            raise FormatError(f"{path}.source", f"{json.dumps(source)} is not one of funding_sources")
        lo = _opt_num(a, "min_total", path, minimum=0)
        hi = _opt_num(a, "max_total", path, minimum=0)
        if lo is not None and hi is not None and lo > hi:
            raise FormatError(f"{path}.min_total", f"({lo}) is above max_total ({hi})")
        allocations.append(
            Allocation(
                _dimension(a["dimension"], f"{path}.dimension"), _str(a["value"], f"{path}.value"), lo, hi, source
            )
        )
    return Instance(
        name=str(d.get("name", "")),
        currency_unit=str(d.get("currency_unit", "MNOK")),
        price_basis=str(d.get("price_basis", "")),
        years=years,
        funding_sources=sources,
        budget=budget,
        carry_over=carry,
        discount_rate=_num(d.get("discount_rate", 0), "discount_rate", minimum=0, maximum=1),
        cost_basis=cost_basis,
        beyond_horizon_budget=_opt_num(d, "beyond_horizon_budget", "", minimum=0),
        projects=projects,
        balance=tuple(balance),
        capacity=tuple(capacity),
        allocations=tuple(allocations),
        budget_totals=budget_totals,
        yearly_totals=yearly_totals,
    )


def load_instance(path: str | Path) -> Instance:
    """Read and validate an instance file. Unreadable files and bad JSON are FormatErrors too."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise FormatError("", f"cannot read {path}: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise FormatError("", f"{path} is not UTF-8 text") from exc
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FormatError("", f"{path} is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}") from exc
    return parse_instance(doc)


def _drop_none(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v is not None}


def instance_to_dict(inst: Instance) -> dict[str, Any]:
    """The instance as a ``byvekst.portfolio/1`` document (round-trips through :func:`parse_instance`)."""
    projects = []
    for p in inst.projects:
        d: dict[str, Any] = {
            "id": p.id,
            "name": p.name,
            "owner": p.owner,
            "area": p.area,
            "focus_area": p.focus_area,
            "cost_profile": list(p.cost_profile),
            "funding": dict(p.funding),
            "value": p.value,
            "earliest_start": p.earliest_start,
            "latest_start": p.latest_start,
            "status": p.status,
            "requires": list(p.requires),
        }
        if p.cost_p85_profile is not None:
            d["cost_p85_profile"] = list(p.cost_p85_profile)
        if p.exclusive_group is not None:
            d["exclusive_group"] = p.exclusive_group
        projects.append(d)
    return {
        "format": FORMAT,
        "name": inst.name,
        "currency_unit": inst.currency_unit,
        "price_basis": inst.price_basis,
        "years": list(inst.years),
        "funding_sources": list(inst.funding_sources),
        "budget": {k: [None if math.isinf(x) else x for x in v] for k, v in inst.budget.items()},
        **({"budget_totals": dict(inst.budget_totals)} if inst.budget_totals else {}),
        **(
            {"yearly_totals": [None if math.isinf(x) else x for x in inst.yearly_totals]}
            if inst.yearly_totals is not None
            else {}
        ),
        "carry_over": inst.carry_over,
        "discount_rate": inst.discount_rate,
        "cost_basis": inst.cost_basis,
        "beyond_horizon_budget": inst.beyond_horizon_budget,
        "projects": projects,
        "balance": [_drop_none(b.__dict__) for b in inst.balance],
        "capacity": [dict(c.__dict__) for c in inst.capacity],
        "allocations": [_drop_none(a.__dict__) for a in inst.allocations],
    }


def result_to_dict(result: Result) -> dict[str, Any]:
    d: dict[str, Any] = {
        "format": RESULT_FORMAT,
        "instance": result.instance,
        "status": result.status,
        "objective": result.objective,
        "bound": result.bound,
        "gap": result.gap,
        "solve_seconds": round(result.solve_seconds, 3),
        "selected": [{"id": pid, "start": start} for pid, start in result.selected],
        "spend": {k: [round(x, 6) for x in v] for k, v in result.spend.items()},
    }
    if result.reasons:
        d["explanation"] = list(result.explanation)
        d["reasons"] = [r.as_dict() for r in result.reasons]
    return d


def result_from_dict(doc: dict[str, Any]) -> Result:
    return Result(
        instance=doc.get("instance", ""),
        status=doc["status"],
        objective=doc.get("objective"),
        bound=doc.get("bound"),
        gap=doc.get("gap"),
        solve_seconds=float(doc.get("solve_seconds", 0)),
        selected=tuple((s["id"], int(s["start"])) for s in doc.get("selected", [])),
        spend={k: tuple(v) for k, v in doc.get("spend", {}).items()},
        reasons=tuple(Reason.from_dict(r) for r in doc["reasons"])
        if isinstance(doc.get("reasons"), list)
        else tuple(Reason("text", {"text": str(t)}) for t in doc.get("explanation", [])),
    )
