from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

from byvekst.documents.numbers import grouped

register = template.Library()


@register.filter
def get(mapping: Any, key: Any) -> Any:
    """``{{ names|get:code }}``: a dictionary lookup by a variable key ('' when missing)."""
    if not mapping:
        return ""
    return mapping.get(key, key) if isinstance(mapping, dict) else ""


@register.filter
def config_rows(entries: Any) -> list[tuple[str, str, Any]]:
    """(kind, label, entries) for the three kinds of configuration entry, in page order."""
    from django.utils.translation import gettext as _

    labels = {"areas": _("Geographic areas"), "focus_areas": _("Focus areas"), "programme_areas": _("Programme areas")}
    return [(kind, labels[kind], entries[kind]) for kind in labels]


@register.filter
def web_url(value: Any) -> str:
    """The value if it is an http(s) address, else '' (a stored ``javascript:`` link is never rendered live)."""
    text = str(value or "").strip()
    return text if text.lower().startswith(("https://", "http://")) else ""


@register.filter
def in_words(events: Any, user: Any) -> list[Any]:
    """Audit records as :class:`byvekst.core.events.Described`, as ``user`` may read them."""
    from byvekst.core.events import described_for

    return described_for(user, list(events or []))


@register.simple_tag(takes_context=True)
def with_page(context: Any, number: int, param: str = "") -> str:
    """This page's query string with ``param`` (default ``page``) set to ``number`` (filters and other tables'
    pages kept)."""
    query = context["request"].GET.copy()
    query.pop("tabell", None)
    query[param or "page"] = number
    return "?" + query.urlencode()


@register.filter
def amount(value: Any, decimals: Any = 1) -> str:
    """A number as Norwegian (or English) readers write it: grouped thousands, rounded to fixed decimals, right
    for tables (1 451,0). Text passes through; nothing becomes "None"."""
    if value is None or value == "":
        return "–"
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return str(value)
    return grouped(value, int(decimals))


@register.filter
def chart_body(chart: Any) -> str:
    """The rows of the table behind a chart, written in one pass: a scatter of a thousand projects would
    otherwise cost the page a template loop per cell. The first cell of a row heads it; numbers as :func:`amount`."""
    from django.utils.html import escape
    from django.utils.safestring import mark_safe

    _headers, rows = chart.table()
    decimals = chart.decimals
    return mark_safe(
        "".join(
            f'<tr><th scope="row">{escape(row[0])}</th>'
            + "".join(f'<td class="num">{escape(amount(cell, decimals))}</td>' for cell in row[1:])
            + "</tr>"
            for row in rows
        )
    )


@register.filter
def percent(value: Any) -> str:
    """A share (0.42) as readers write it (42 %)."""
    if value is None or isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return "–"
    return f"{grouped(float(value) * 100, 0)}\u00a0%"


@register.filter
def isodate(value: Any) -> str:
    """A date stored as ISO text ("2027-05-31") as readers write it (31.05.2027)."""
    import datetime as dt

    try:
        return dt.date.fromisoformat(str(value)).strftime("%d.%m.%Y")
    except ValueError:
        return "–"


@register.filter
def unlocalize_int(value: Any) -> str:
    """An integer for markup (CSS, SVG attributes): never a locale's separators."""
    return str(int(value))


@register.filter
def target_of(obj: Any) -> str:
    """``app_label.model:pk`` of a record, as a case names what it proposes to change."""
    return f"{obj._meta.label_lower}:{obj.pk}"


@register.filter
def minus(value: Any, other: Any) -> Any:
    """``a|minus:b``: the difference of two numbers (None when either is missing)."""
    if value is None or other is None:
        return None
    return value - other
