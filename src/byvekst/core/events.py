"""Audit records in words: what happened, and which fields changed from what to what, in the reader's language.
No event code, field name or raw dictionary reaches a page (the history page, timelines)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any, Literal

from django.apps import apps
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from byvekst.audit.models import AuditEvent

EVENTS = {
    "admin.added": gettext_lazy("Added in the administration"),
    "admin.changed": gettext_lazy("Changed in the administration"),
    "admin.deleted": gettext_lazy("Deleted in the administration"),
    "api_token.created": gettext_lazy("API token created"),
    "api_token.revoked": gettext_lazy("API token revoked"),
    "auth.logged_in": gettext_lazy("Logged in"),
    "auth.logged_out": gettext_lazy("Logged out"),
    "auth.login_failed": gettext_lazy("Failed login"),
    "auth.locked_out": gettext_lazy("Login blocked after too many attempts"),
    "auth.mfa_enrolled": gettext_lazy("Two-factor sign-in set up"),
    "auth.mfa_reset": gettext_lazy("Two-factor sign-in reset"),
    "auth.recovery_codes_made": gettext_lazy("New recovery codes made"),
    "benefit.planned": gettext_lazy("Benefit plan made"),
    "benefit.realised": gettext_lazy("Benefit measured"),
    "case.anchoring_recorded": gettext_lazy("Anchoring recorded"),
    "case.opened": gettext_lazy("Case opened"),
    "case.paper_saved": gettext_lazy("Case paper saved"),
    "case.treatment_added": gettext_lazy("Treatment added to the case"),
    "config.adopted": gettext_lazy("Configuration adopted"),
    "config.drafted": gettext_lazy("Configuration drafted"),
    "config.entries_set": gettext_lazy("Configuration entries changed"),
    "criteria.adopted": gettext_lazy("Criteria adopted"),
    "criteria.created": gettext_lazy("Criteria set created"),
    "decision.follow_up": gettext_lazy("Follow-up of a decision updated"),
    "deviation.closed": gettext_lazy("Deviation closed"),
    "disagreement.escalated": gettext_lazy("Disagreement moved up the ladder"),
    "disagreement.position": gettext_lazy("A party's position in a disagreement"),
    "disagreement.registered": gettext_lazy("Disagreement registered"),
    "disagreement.resolved": gettext_lazy("Disagreement resolved"),
    "deviation.decided": gettext_lazy("Deviation decided"),
    "deviation.explained": gettext_lazy("Deviation explained by the owner"),
    "deviation.opened": gettext_lazy("Deviation opened by a status report"),
    "deviation.to_case": gettext_lazy("Deviation sent to the Council as a case"),
    "deviation.updated": gettext_lazy("Deviation updated by a newer status report"),
    "decision.recorded": gettext_lazy("Decision recorded"),
    "demo.projects_loaded": gettext_lazy("Demo projects loaded"),
    "forum.created": gettext_lazy("Forum created"),
    "frames.adopted": gettext_lazy("Budget frames adopted"),
    "indicator.value_set": gettext_lazy("Indicator value entered"),
    "frames.created": gettext_lazy("Budget frames drafted"),
    "mandate.agreed": gettext_lazy("Mandate agreed"),
    "mandate.drafted": gettext_lazy("Mandate drafted"),
    "mandate.updated": gettext_lazy("Mandate draft changed"),
    "meeting.attendance": gettext_lazy("Attendance recorded"),
    "meeting.conflict_declared": gettext_lazy("Conflict of interest declared"),
    "meeting.held": gettext_lazy("Meeting held"),
    "meeting.item_added": gettext_lazy("Case put on the agenda"),
    "meeting.item_readiness": gettext_lazy("Agenda item marked (not) ready"),
    "meeting.scheduled": gettext_lazy("Meeting scheduled"),
    "membership.created": gettext_lazy("Membership registered"),
    "membership.ended": gettext_lazy("Membership ended"),
    "minutes.approved": gettext_lazy("Minutes approved"),
    "minutes.circulated": gettext_lazy("Minutes circulated for comments"),
    "minutes.published": gettext_lazy("Minutes published"),
    "onboarding.ticked": gettext_lazy("Onboarding item ticked"),
    "order.acknowledged": gettext_lazy("Order acknowledged"),
    "order.attachment_added": gettext_lazy("Attachment sent with the report back on an order"),
    "order.closed": gettext_lazy("Order closed"),
    "order.closed_by_decision": gettext_lazy("Order closed by a decision"),
    "order.created": gettext_lazy("Order sent"),
    "order.reported": gettext_lazy("Order reported back"),
    "ordertemplate.agreed": gettext_lazy("Order template agreed"),
    "ordertemplate.drafted": gettext_lazy("Order template drafted"),
    "party.updated": gettext_lazy("Party changed"),
    "person.added": gettext_lazy("Person added"),
    "person.changed": gettext_lazy("Person changed"),
    "programme.adopted": gettext_lazy("Action programme adopted"),
    "programme.decided": gettext_lazy("Action programme decided by the Steering Group"),
    "programme.proposed": gettext_lazy("Action programme proposed"),
    "programme.recommended": gettext_lazy("Action programme recommended by the Council"),
    "programme.revision_started": gettext_lazy("Revision of the action programme started"),
    "project.approved": gettext_lazy("Sheet quality-assured"),
    "project.attachment_added": gettext_lazy("Attachment added"),
    "project.checklist_answered": gettext_lazy("Checklist answered"),
    "project.comment_answered": gettext_lazy("Comment answered"),
    "project.commented": gettext_lazy("Comment on the sheet"),
    "project.created": gettext_lazy("Sheet created"),
    "project.returned": gettext_lazy("Sheet returned to the working group"),
    "project.review_started": gettext_lazy("Coordination of the sheet started"),
    "project.risk_added": gettext_lazy("Risk added"),
    "project.risk_rescored": gettext_lazy("Risk scored again in a status report"),
    "project.risk_removed": gettext_lazy("Risk removed"),
    "project.submitted": gettext_lazy("Sheet submitted"),
    "project.updated": gettext_lazy("Sheet changed"),
    "project.version_frozen": gettext_lazy("Sheet version frozen"),
    "projects.imported": gettext_lazy("Sheets imported from Excel"),
    "report.submitted": gettext_lazy("Status report sent"),
    "run.failed": gettext_lazy("Optimisation run failed"),
    "run.finished": gettext_lazy("Optimisation run finished"),
    "run.queued": gettext_lazy("Optimisation run queued"),
    "run.requeued": gettext_lazy("Optimisation run queued again"),
    "scenario.created": gettext_lazy("Scenario created"),
    "scenario.imported": gettext_lazy("Scenario imported"),
    "score.proposed": gettext_lazy("Score proposed"),
    "themeday.held": gettext_lazy("Theme day held"),
    "themeday.planned": gettext_lazy("Theme day planned"),
    "themeday.registered": gettext_lazy("Registered for a theme day"),
    "score.reviewed": gettext_lazy("Score reviewed"),
    "weights.set": gettext_lazy("Weights entered"),
}
# Keys the services record that are not model fields, with the words a reader sees for them.
KEY_LABELS = {
    "case": gettext_lazy("Case"),
    "changed": gettext_lazy("Changed"),
    "code": gettext_lazy("Code"),
    "late_paper": gettext_lazy("Paper sent late"),
    "criterion": gettext_lazy("Criterion"),
    "decision": gettext_lazy("Decision"),
    "deviation": gettext_lazy("Deviation"),
    "frames": gettext_lazy("Frames"),
    "month": gettext_lazy("Month"),
    "note": gettext_lazy("Note"),
    "year": gettext_lazy("Year"),
    "forums": gettext_lazy("Forums"),
    "positions": gettext_lazy("Positions"),
    "reason": gettext_lazy("Reason"),
    "report": gettext_lazy("Report back"),
    "to": gettext_lazy("To"),
    "under_way": gettext_lazy("Under way"),
    "what": gettext_lazy("What the report shows"),
    "forum": gettext_lazy("Forum"),
    "method": gettext_lazy("Method"),
    "minutes_status": gettext_lazy("Status of the minutes"),
    "mode": gettext_lazy("How it was decided"),
    "number": gettext_lazy("Number"),
    "order": gettext_lazy("Order"),
    "template": gettext_lazy("Order template"),
    "sections": gettext_lazy("Headings of the report back"),
    "project": gettext_lazy("Project"),
    "reservations": gettext_lazy("Reservations"),
    "scenario": gettext_lazy("Scenario"),
    "slug": gettext_lazy("Short name"),
    "status": gettext_lazy("Status"),
    "unanchored": gettext_lazy("Not anchored by"),
    "value": gettext_lazy("Value"),
    "weights": gettext_lazy("Weights"),
    "cr": gettext_lazy("Consistency ratio"),
    "created": gettext_lazy("Created"),
    "criteria": gettext_lazy("Criteria"),
    "current_version": gettext_lazy("Version in force"),
    "deadline": gettext_lazy("Deadline"),
    "final": gettext_lazy("Final"),
    "in_meeting": gettext_lazy("In the meeting"),
    "ip": gettext_lazy("IP address"),
    "local": gettext_lazy("Local sign-in"),
    "objective": gettext_lazy("Total value"),
    "on": gettext_lazy("On"),
    "result_status": gettext_lazy("Result"),
    "selected": gettext_lazy("Projects chosen"),
    "targets": gettext_lazy("What the decision changes"),
    "version": gettext_lazy("Version"),
    "votes": gettext_lazy("Votes"),
}

# Coded values of such keys, in words.
VALUE_LABELS = {
    "result_status": {
        "optimal": gettext_lazy("best portfolio (proven)"),
        "feasible": gettext_lazy("valid portfolio, not proven best"),
        "infeasible": gettext_lazy("no portfolio fits"),
        "no_solution": gettext_lazy("none found in time"),
    },
}

HIDDEN_KEYS = {"hash", "mac", "result_sha256", "password", "treatment"}  # "treatment": an id, for redaction


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class Described:
    event: AuditEvent
    what: str
    changes: list[Change]
    subject: str


@cache
def _field_labels() -> dict[str, str]:
    """Every model field's name (and attname) → its verbose name, for labelling changed values."""
    labels: dict[str, str] = {}
    for model in apps.get_models():
        for field in model._meta.get_fields():
            verbose = getattr(field, "verbose_name", None)
            if verbose and getattr(field, "name", None):
                labels.setdefault(field.name, str(verbose))
                labels.setdefault(getattr(field, "attname", field.name), str(verbose))
    return labels


@cache
def _field_choices() -> dict[str, dict[str, Any]]:
    """Every model field with choices → its codes and their labels (merged across models by field name), so that
    a stored code such as ``ikke_relevant`` reads as "Not relevant"."""
    choices: dict[str, dict[str, Any]] = {k: dict(v) for k, v in VALUE_LABELS.items()}  # lazy: read per language
    for model in apps.get_models():
        for field in model._meta.get_fields():
            flat = getattr(field, "flatchoices", None)
            if flat and getattr(field, "name", None):
                choices.setdefault(field.name, {}).update({str(k): v for k, v in flat if isinstance(k, str)})
    return choices


def label(key: str) -> str:
    if key in KEY_LABELS:
        return str(KEY_LABELS[key])
    text = _field_labels().get(key)
    words = str(_(text)) if text else key.replace("_", " ")
    return words[:1].upper() + words[1:]  # "cost P85 (MNOK)" → "Cost P85 (MNOK)", abbreviations kept


def value_text(value: Any, key: str = "") -> str:
    """A stored value as a reader writes it: numbers in the locale's format, lists joined, codes by their labels,
    nothing raw."""
    if isinstance(value, str) and value in _field_choices().get(key, {}):
        return str(_field_choices()[key][value])
    if value is None or value == "" or value == [] or value == {}:
        return "–"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, int | float):
        return number_format(value, decimal_pos=None if isinstance(value, int) else 2, use_l10n=True)
    if isinstance(value, str):
        try:
            number = Decimal(value)
        except InvalidOperation:
            return value
        if number.is_finite() and value.strip().replace(".", "", 1).lstrip("-").isdigit():
            return number_format(number.normalize(), use_l10n=True)
        return value
    if isinstance(value, list):
        return "; ".join(value_text(v, key) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{label(str(k))}: {value_text(v, str(k))}" for k, v in value.items() if k not in HIDDEN_KEYS)
    return str(value)


# What a reader may not see of an event: "details" hides the recorded values (a draft's text, a case paper, a
# comment), "all" hides the subject too (a restricted attachment's title is itself restricted).
Hide = Literal["details", "all"]
# Each app registers, in its policies module, a function telling which of a batch of events a person may not read
# in full (one or two queries per batch, so a page of history stays within its query budget).
REDACTORS: list[Callable[[Any, list[AuditEvent]], dict[int, Hide]]] = []


def redactor(
    fn: Callable[[Any, list[AuditEvent]], dict[int, Hide]],
) -> Callable[[Any, list[AuditEvent]], dict[int, Hide]]:
    REDACTORS.append(fn)
    return fn


def describe(event: AuditEvent, *, hide: Hide | None = None) -> Described:
    what = str(EVENTS.get(event.event_type, _("Change")))
    if hide == "all":
        return Described(event, what, [], _("Restricted attachment"))
    if hide == "details":
        return Described(event, what, [], event.object_repr)
    old, new = event.old if isinstance(event.old, dict) else {}, event.new if isinstance(event.new, dict) else {}
    keys = [k for k in dict.fromkeys([*old, *new]) if k not in HIDDEN_KEYS]
    changes = [Change(label(k), value_text(old.get(k), k) if k in old else "", value_text(new.get(k), k)) for k in keys]
    return Described(event, what, changes, event.object_repr)


def described_for(user: Any, events: list[AuditEvent]) -> list[Described]:
    """Events in words, as this person may read them (docs/decisions/0010-who-reads-what.md)."""
    hidden: dict[int, Hide] = {}
    for find in REDACTORS:
        for seq, how in find(user, events).items():
            hidden[seq] = "all" if "all" in (how, hidden.get(seq)) else how
    return [describe(e, hide=hidden.get(e.seq)) for e in events]
