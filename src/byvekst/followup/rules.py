"""The reporting rules: which deviations a status report shows against the adopted programme. Pure functions
over the report's figures, so that the rules are tested on hand-made numbers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from byvekst.core.templatetags.bv import amount


@dataclass(frozen=True)
class Thresholds:
    cost_percent: Decimal = Decimal("10")
    cost_mnok: Decimal = Decimal("20")
    slip_months: int = 3
    red_light: bool = True
    spend_ahead: bool = True


def months_between(planned: dt.date, forecast: dt.date) -> int:
    """Whole months from ``planned`` to ``forecast`` (negative when earlier)."""
    months = (forecast.year - planned.year) * 12 + forecast.month - planned.month
    if months > 0 and forecast.day < planned.day:
        months -= 1
    elif months < 0 and forecast.day > planned.day:
        months += 1
    return months


def findings(figures: dict[str, Any], rules: Thresholds) -> dict[str, dict[str, Any]]:
    """rule -> facts for every rule the figures break. ``figures``: adopted_cost, forecast_p50 (Decimal),
    milestones [{name, planned, forecast} as dates], lights {dimension: light}, spent_this_year,
    budget_this_year (Decimal)."""
    found: dict[str, dict[str, Any]] = {}
    adopted, forecast = figures["adopted_cost"], figures["forecast_p50"]
    over = forecast - adopted
    percent = (over / adopted * 100) if adopted > 0 else None
    if over > 0 and (over > rules.cost_mnok or (percent is not None and percent > rules.cost_percent)):
        found["cost"] = {
            "adopted": str(adopted),
            "forecast": str(forecast),
            "over": str(over),
            "percent": None if percent is None else str(round(percent, 1)),
        }
    slips = [
        {"name": m["name"], "planned": m["planned"].isoformat(), "forecast": m["forecast"].isoformat(), "months": n}
        for m in figures["milestones"]
        if m.get("planned") and m.get("forecast")
        for n in [months_between(m["planned"], m["forecast"])]
        if n > rules.slip_months
    ]
    if slips:
        found["milestone"] = {"milestones": slips}
    red = sorted(d for d, light in figures["lights"].items() if light == "red")
    if rules.red_light and red:
        found["red"] = {"dimensions": red}
    spent, budget = figures["spent_this_year"], figures["budget_this_year"]
    if rules.spend_ahead and spent > budget:
        found["spend"] = {"spent": str(spent), "budget": str(budget), "over": str(spent - budget)}
    return found


def mnok(value: Any) -> str:
    return amount(Decimal(str(value)))


def describe(rule: str, facts: dict[str, Any]) -> str:
    """One sentence in the reader's language of what the rule found."""
    from byvekst.followup.models import DIMENSION_LABELS

    if rule == "cost":
        text = _("The forecast is %(f)s MNOK against %(a)s MNOK adopted: %(o)s MNOK more") % {
            "f": mnok(facts["forecast"]),
            "a": mnok(facts["adopted"]),
            "o": mnok(facts["over"]),
        }
        if facts.get("percent") is not None:
            text += " (" + _("%(p)s %%") % {"p": mnok(facts["percent"])} + ")"
        return text + "."
    if rule == "milestone":
        return " ".join(
            _("“%(name)s” is forecast %(n)s months after the plan (%(planned)s → %(forecast)s).")
            % {
                "name": m["name"],
                "n": m["months"],
                "planned": dt.date.fromisoformat(m["planned"]).strftime("%d.%m.%Y"),
                "forecast": dt.date.fromisoformat(m["forecast"]).strftime("%d.%m.%Y"),
            }
            for m in facts.get("milestones", [])
        )
    if rule == "red":
        names = ", ".join(str(DIMENSION_LABELS[d]).lower() for d in facts.get("dimensions", []))
        return _("Red light on: %(d)s.") % {"d": names}
    if rule == "spend":
        return _("Spent %(s)s MNOK this year against a budget of %(b)s MNOK.") % {
            "s": mnok(facts["spent"]),
            "b": mnok(facts["budget"]),
        }
    return ""
