"""Writes to project sheets. One function per use case, each with its audit record in the same transaction."""

from __future__ import annotations

import datetime as dt
from collections import Counter as CounterOf
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from byvekst.audit.services import appending, changed, record
from byvekst.core.files import accepted_upload
from byvekst.core.http import validated
from byvekst.core.models import next_numbers
from byvekst.governance.models import Party
from byvekst.projects.models import (
    Attachment,
    ChecklistAnswer,
    ChecklistItem,
    Project,
    Risk,
    SheetComment,
    SheetStatus,
    SheetVersion,
)
from byvekst.projects.validation import check_complete, check_rules

AREA_PREFIX = {"nordost": "NO", "sor": "SO", "vest": "VE", "sentrum": "BS"}
# Field groups of a sheet, defined once: the snapshot, the import and the version comparison use them.
COST_FIELDS = (
    "cost_p10",
    "cost_p50",
    "cost_p85",
    "price_year",
    "cost_profile",
    "funding",
    "earliest_start",
    "latest_start",
)
EFFECT_FIELDS = (
    "car_trips_per_day",
    "vehicle_km_per_day",
    "walk_trips_per_day",
    "cycle_trips_per_day",
    "pt_trips_per_day",
    "net_benefit",
    "public_cost",
)
SHEET_FIELDS = (
    "title",
    "external_id",
    "description",
    "need",
    "owner_id",
    "road_owner",
    "operator",
    "municipality",
    "other_municipalities",
    "other_areas",
    "region_wide",
    "district",
    "area_code",
    "location",
    "programme_area_code",
    "focus_area_codes",
    "phase",
    "measure_kind",
    *COST_FIELDS,
    "requested",
    "granted",
    "granted_before",
    "remaining_after",
    "completion_year",
    "quantity",
    "quantity_unit",
    *EFFECT_FIELDS,
    "effect_method",
    "impacts",
    "exclusive_group",
    "capacity_person_months",
)
# The order in which a comparison of two versions shows changes: cost, effect and risk first.
DIFF_ORDER = (*COST_FIELDS, *EFFECT_FIELDS, "nnb", "impacts", "risks")


class EditConflict(Exception):
    """Someone saved the sheet after this edit began. ``current`` is what is stored now."""

    def __init__(self, current: dict[str, Any]) -> None:
        super().__init__("edit conflict")
        self.current = current


def plain(v: Any) -> Any:
    if isinstance(v, Decimal):
        return format(v.normalize(), "f")  # 100.00 -> "100", 12.50 -> "12.5"; never "1E+2"
    if isinstance(v, dt.date):
        return v.isoformat()
    return v


def snapshot(project: Project) -> dict[str, Any]:
    """The whole sheet as JSON-ready data: what a frozen version stores and what versions are compared on."""
    data = {name: plain(getattr(project, name)) for name in SHEET_FIELDS}
    data["code"] = project.code
    data["owner"] = project.owner.name
    data["nnb"] = plain(project.nnb)
    data["risks"] = [
        {
            "description": r.description,
            "probability": r.probability,
            "consequence": r.consequence,
            "mitigation": r.mitigation,
            "responsible": r.responsible,
        }
        for r in project.risks.all()
    ]
    data["checklist"] = {str(a.item_id): {"answer": a.answer, "comment": a.comment} for a in project.checklist.all()}
    data["requires"] = sorted(p.code for p in project.requires.all())
    return data


def next_code(area_code: str, year: int) -> str:
    """The next project id of an area and year (``NO-2027-014``), from a counter taken under a lock."""
    return next_codes(area_code, year, 1)[0]


def next_codes(area_code: str, year: int, count: int) -> list[str]:
    """The next ``count`` project ids of an area and year, taken at once (an import reserves its ids)."""
    prefix = f"{AREA_PREFIX.get(area_code, area_code[:2].upper())}-{year}-"

    def highest() -> int:
        suffixes = Project.objects.filter(code__startswith=prefix).values_list("code", flat=True)
        return max((int(c.rsplit("-", 1)[1]) for c in suffixes if c.rsplit("-", 1)[1].isdigit()), default=0)

    return [f"{prefix}{n:03d}" for n in next_numbers(f"project:{prefix}", count, highest)]


def _apply(project: Project, data: dict[str, Any]) -> None:
    errors = check_rules({**{n: getattr(project, n) for n in SHEET_FIELDS}, **data})
    if errors:
        raise ValidationError(errors)
    requires = data.pop("requires", None)
    for key, value in data.items():
        setattr(project, key, value)
    # Lengths, choices and digits as the model declares them: the same limits the database has.
    project.clean_fields(exclude=["code", "status", "lock_version", "owner"])
    if requires is not None:
        project._pending_requires = list(requires)  # type: ignore[attr-defined]


def _save_requires(project: Project) -> None:
    pending = getattr(project, "_pending_requires", None)
    if pending is not None:
        if project.code in {p.code for p in pending}:
            raise ValidationError({"requires": _("A project cannot depend on itself.")})
        project.requires.set(pending)


def _check_external_ids(projects: list[Project]) -> None:
    """An owner's own id names one sheet of that owner: refused when two sheets would share it (one query)."""
    wanted = [(p.owner_id, p.external_id) for p in projects if p.external_id]
    if not wanted:
        return
    seen: set[tuple[int, str]] = set()
    taken = {
        (owner, ext)
        for owner, ext, pk in Project.objects.filter(external_id__in={e for _o, e in wanted}).values_list(
            "owner_id", "external_id", "pk"
        )
        if pk not in {p.pk for p in projects if p.pk}
    }
    for pair in wanted:
        if pair in seen or pair in taken:
            raise ValidationError(
                {"external_id": _("The owner already has a sheet with its own id %(id)s.") % {"id": pair[1]}}
            )
        seen.add(pair)


def _known(model: Any, rows: list[Any]) -> Any:
    """A queryset whose rows are already known, as a prefetch leaves it: read without a query."""
    qs = model.objects.all()
    qs._result_cache, qs._prefetch_done = list(rows), True
    return qs


@dataclass(frozen=True)
class NewSheet:
    owner: Party
    area_code: str
    title: str
    data: dict[str, Any] = field(default_factory=dict)
    code: str | None = None


def project_create(
    *, actor: Any, owner: Party, area_code: str, title: str, data: dict[str, Any] | None = None, code: str | None = None
) -> Project:
    """A new sheet (a draft) with its checklist: :func:`projects_create` for one."""
    return projects_create(actor=actor, sheets=[NewSheet(owner, area_code, title, dict(data or {}), code)])[0]


@transaction.atomic
def projects_create(*, actor: Any, sheets: list[NewSheet]) -> list[Project]:
    """New sheets (drafts) with their checklists, each checked by the same rules and recorded in the audit trail
    with its whole content. The form makes one; an Excel import makes thousands in one go: ids are reserved per
    area at once, rows are written in batches and the audit chain is appended in one locked batch."""
    year = dt.date.today().year
    wanted = CounterOf(s.area_code for s in sheets if not s.code)
    codes = {area: iter(next_codes(area, year, n)) for area, n in wanted.items()}
    projects = []
    for sheet in sheets:
        project = Project(
            owner=sheet.owner,
            area_code=sheet.area_code,
            title=sheet.title,
            code=sheet.code or next(codes[sheet.area_code]),
        )
        _apply(project, dict(sheet.data))
        pending = getattr(project, "_pending_requires", [])
        if project.code in {p.code for p in pending}:
            raise ValidationError({"requires": _("A project cannot depend on itself.")})
        projects.append(project)
    _check_external_ids(projects)
    Project.objects.bulk_create(projects, batch_size=500)  # ids come back (PostgreSQL; SQLite ≥ 3.35)
    items = list(ChecklistItem.objects.filter(active=True))
    answers = ChecklistAnswer.objects.bulk_create(
        [ChecklistAnswer(project=p, item=item) for p in projects for item in items], batch_size=2000
    )
    through = Project.requires.through
    through.objects.bulk_create(
        [
            through(from_project_id=p.pk, to_project_id=r.pk)
            for p in projects
            for r in getattr(p, "_pending_requires", [])
        ],
        batch_size=2000,
    )
    by_project: dict[int, list[ChecklistAnswer]] = defaultdict(list)
    for a in answers:
        by_project[a.project_id].append(a)
    with appending():
        for project in projects:
            # A new sheet's related rows are known: the snapshot need not read them back.
            project._prefetched_objects_cache = {  # type: ignore[attr-defined]
                "risks": _known(Risk, []),
                "checklist": _known(ChecklistAnswer, by_project[project.pk]),
                "requires": _known(Project, getattr(project, "_pending_requires", [])),
            }
            record(actor=actor, event_type="project.created", obj=project, new=snapshot(project))
            del project._prefetched_objects_cache  # type: ignore[attr-defined]
    return projects


@transaction.atomic
def project_update(*, actor: Any, project: Project, data: dict[str, Any], lock_version: int) -> Project:
    """Save the working copy. Refused with :class:`EditConflict` when someone saved since ``lock_version``."""
    stored = Project.objects.select_for_update().get(pk=project.pk)
    if stored.lock_version != lock_version:
        raise EditConflict(snapshot(stored))
    if not stored.is_editable:
        raise ValidationError({"status": _("Only drafts and returned sheets can be edited.")})
    if "owner_id" in data and data["owner_id"] != stored.owner_id:
        raise ValidationError({"owner": _("Changing the owner is a step for the secretariat, with a reason.")})
    before = snapshot(stored)
    _apply(stored, dict(data))
    _check_external_ids([stored])
    stored.lock_version += 1
    stored.save()
    _save_requires(stored)
    old, new = changed(before, snapshot(stored))
    record(actor=actor, event_type="project.updated", obj=stored, old=old, new=new)
    return stored


def applicable_checklist(project: Project) -> list[ChecklistAnswer]:
    """The checklist items that apply to the sheet: those for every programme area and those for its own."""
    return [
        a
        for a in project.checklist.select_related("item")
        if a.item.programme_area_code in ("", project.programme_area_code)
    ]


def submission_errors(project: Project) -> dict[str, str]:
    data = {n: getattr(project, n) for n in SHEET_FIELDS}
    errors = {**check_complete(data), **check_rules(data)}
    missing = [
        a.item.text
        for a in applicable_checklist(project)
        if a.item.mandatory and a.answer not in (ChecklistAnswer.Answer.YES, ChecklistAnswer.Answer.NOT_RELEVANT)
    ]
    if missing:
        errors["checklist"] = _("Mandatory checklist items not answered yes or not relevant: %(items)s.") % {
            "items": "; ".join(missing)
        }
    return errors


def _transition(
    actor: Any, project: Project, to: str, event: str, allowed_from: tuple[str, ...], reason: str = ""
) -> Project:
    stored = Project.objects.select_for_update().get(pk=project.pk)
    if stored.status not in allowed_from:
        raise ValidationError(
            {
                "status": _("A sheet that is %(status)s cannot be moved this way.")
                % {"status": stored.get_status_display().lower()}
            }
        )
    old = stored.status
    stored.status = to
    stored.lock_version += 1
    stored.save(update_fields=["status", "lock_version", "updated_at"])
    record(
        actor=actor,
        event_type=event,
        obj=stored,
        old={"status": old},
        new={"status": to, **({"reason": reason} if reason else {})},
    )
    return stored


@transaction.atomic
def sheet_set_status(*, actor: Any, project: Project, status: str, reason: str) -> Project:
    """A programme decision moves a quality-assured sheet into the action programme or leaves it out (one audit
    record per sheet, with the decision as the reason). Only the sheet services change a sheet's status."""
    if status not in (SheetStatus.IN_PROGRAMME, SheetStatus.NOT_PRIORITISED):
        raise ValidationError({"status": _("Only a programme decision moves a sheet this way.")})
    allowed = (SheetStatus.APPROVED, SheetStatus.IN_PROGRAMME, SheetStatus.NOT_PRIORITISED)
    return _transition(actor, project, status, "project.programme_status", allowed, reason)


@transaction.atomic
def sheet_change_owner(*, actor: Any, project: Project, owner: Party, reason: str) -> Project:
    """The secretariat moves a sheet to another owner (party), with the reason recorded."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the sheet changes owner.")})
    stored = Project.objects.select_for_update().get(pk=project.pk)
    if stored.owner_id == owner.pk:
        raise ValidationError({"owner": _("The sheet already belongs to %(p)s.") % {"p": owner}})
    old = stored.owner.name
    stored.owner, stored.lock_version = owner, stored.lock_version + 1
    stored.save(update_fields=["owner", "lock_version", "updated_at"])
    record(
        actor=actor,
        event_type="project.owner_changed",
        obj=stored,
        old={"owner": old},
        new={"owner": owner.name, "reason": reason.strip()},
    )
    return stored


@transaction.atomic
def sheet_submit(*, actor: Any, project: Project) -> SheetVersion:
    """Submit for coordination; the sheet as it is now is frozen as the next version."""
    errors = submission_errors(project)
    if errors:
        raise ValidationError(errors)
    stored = _transition(
        actor, project, SheetStatus.SUBMITTED, "project.submitted", (SheetStatus.DRAFT, SheetStatus.RETURNED)
    )
    number = (stored.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = SheetVersion.objects.create(
        project=stored,
        number=number,
        snapshot=snapshot(stored),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    record(actor=actor, event_type="project.version_frozen", obj=stored, new={"version": number})
    return version


@transaction.atomic
def sheet_start_review(*, actor: Any, project: Project) -> Project:
    return _transition(actor, project, SheetStatus.IN_REVIEW, "project.review_started", (SheetStatus.SUBMITTED,))


@transaction.atomic
def sheet_comment(*, actor: Any, project: Project, field: str, text: str) -> SheetComment:
    if not text.strip():
        raise ValidationError({"text": _("Write the comment.")})
    last = project.versions.aggregate(n=Max("number"))["n"]
    comment = SheetComment.objects.create(
        project=project, field=field, text=text.strip(), author=actor, version_number=last
    )
    record(actor=actor, event_type="project.commented", obj=project, new={"field": field, "text": comment.text})
    return comment


@transaction.atomic
def sheet_answer(*, actor: Any, comment: SheetComment, answer: str) -> SheetComment:
    if not answer.strip():
        raise ValidationError({"answer": _("Write the answer.")})
    comment.answer = answer.strip()
    comment.answered_by = actor
    comment.save(update_fields=["answer", "answered_by"])
    record(
        actor=actor,
        event_type="project.comment_answered",
        obj=comment.project,
        new={"comment": comment.pk, "answer": comment.answer},
    )
    return comment


@transaction.atomic
def sheet_return(*, actor: Any, project: Project) -> Project:
    if not project.comments.filter(answer="").exists():
        raise ValidationError({"comments": _("Write at least one comment to say what must change before returning.")})
    return _transition(actor, project, SheetStatus.RETURNED, "project.returned", (SheetStatus.IN_REVIEW,))


@transaction.atomic
def sheet_approve(*, actor: Any, project: Project) -> Project:
    return _transition(actor, project, SheetStatus.APPROVED, "project.approved", (SheetStatus.IN_REVIEW,))


@transaction.atomic
def checklist_save(*, actor: Any, project: Project, answers: Mapping[int, tuple[str, str]]) -> list[ChecklistAnswer]:
    """Answer the sheet's checklist in one go: ``answers`` maps a checklist item's id to (answer, comment); an
    empty answer leaves the item unanswered. Only what changed is saved and recorded, in one audit event."""
    rows = {a.item_id: a for a in project.checklist.select_related("item")}
    errors = {
        f"answer-{item}": _("Choose yes, no or not relevant.")
        for item, (value, _comment) in answers.items()
        if item not in rows or value not in ("", *ChecklistAnswer.Answer.values)
    }
    errors.update(
        {
            f"comment-{item}": _("At most 300 characters.")
            for item, (_v, comment) in answers.items()
            if len(comment) > 300
        }
    )
    if errors:
        raise ValidationError(errors)
    changed = [
        (rows[item], value, comment.strip())
        for item, (value, comment) in answers.items()
        if (rows[item].answer, rows[item].comment) != (value, comment.strip())
    ]
    if not changed:
        return []
    old = {a.item.text: {"answer": a.answer, "comment": a.comment} for a, _v, _c in changed}
    for a, value, comment in changed:
        a.answer, a.comment = value, comment
    ChecklistAnswer.objects.bulk_update([a for a, _v, _c in changed], ["answer", "comment"])
    record(
        actor=actor,
        event_type="project.checklist_answered",
        obj=project,
        old=old,
        new={a.item.text: {"answer": a.answer, "comment": a.comment} for a, _v, _c in changed},
    )
    return [a for a, _v, _c in changed]


@transaction.atomic
def risk_add(*, actor: Any, project: Project, data: dict[str, Any]) -> Risk:
    errors = {
        k: _("Choose a value from 1 to 5.")
        for k in ("probability", "consequence")
        if not 1 <= int(data.get(k) or 0) <= 5
    }
    if not str(data.get("description", "")).strip():
        errors["description"] = _("Describe the risk.")
    if errors:
        raise ValidationError(errors)
    risk = Risk.objects.create(project=project, **data)
    record(actor=actor, event_type="project.risk_added", obj=project, new={"risk": data})
    return risk


@transaction.atomic
def risk_rescore(*, actor: Any, risk: Risk, probability: int, consequence: int, reason: str) -> Risk:
    """New probability and consequence for a risk of a sheet in the programme, from a status report (issue 12:
    a programme project's sheet changes through reports, not free edits). Unchanged scores write nothing."""
    if not (1 <= probability <= 5 and 1 <= consequence <= 5):
        raise ValidationError({"probability": _("Choose a value from 1 to 5.")})
    if (risk.probability, risk.consequence) == (probability, consequence):
        return risk
    old = {"probability": risk.probability, "consequence": risk.consequence}
    risk.probability, risk.consequence = probability, consequence
    risk.save(update_fields=["probability", "consequence"])
    record(
        actor=actor,
        event_type="project.risk_rescored",
        obj=risk.project,
        old={"risk": risk.description, **old},
        new={"risk": risk.description, "probability": probability, "consequence": consequence, "reason": reason},
    )
    return risk


@transaction.atomic
def risk_delete(*, actor: Any, risk: Risk) -> None:
    project = risk.project
    record(actor=actor, event_type="project.risk_removed", obj=project, old={"risk": risk.description})
    risk.delete()


def _comparable(value: Any) -> Any:
    """A stored value with numbers compared as numbers: "45", "45.0" and 45 are the same amount."""
    if isinstance(value, list):
        return [_comparable(v) for v in value]
    if isinstance(value, dict):
        return {k: _comparable(v) for k, v in value.items()}
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            return value
        return number.normalize() if number.is_finite() else value
    return value


def diff(a: dict[str, Any], b: dict[str, Any]) -> list[tuple[str, Any, Any]]:
    """(field, old, new) for every field that differs in value (equal numbers written differently do not),
    cost, effect and risk first."""
    keys = [k for k in DIFF_ORDER if k in a or k in b]
    keys += sorted(k for k in set(a) | set(b) if k not in DIFF_ORDER and k not in ("code",))
    return [(k, a.get(k), b.get(k)) for k in keys if _comparable(a.get(k)) != _comparable(b.get(k))]


@transaction.atomic
def attachment_add(
    *, actor: Any, project: Project, title: str, file: Any, restricted: bool, legal_basis: str
) -> Attachment:
    if restricted and not legal_basis:
        raise ValidationError({"legal_basis": _("A restricted attachment needs its legal basis.")})
    content_type = accepted_upload(file)
    attachment = validated(
        Attachment(
            project=project,
            title=title.strip(),
            file=file,
            restricted=restricted,
            legal_basis=legal_basis if restricted else "",
            content_type=content_type,
            uploaded_by=actor,
        ),
        exclude=("file",),
    )
    attachment.save()
    # Recorded on the attachment, not the project: the project's history is shown to everyone who reads the
    # sheet, and the title of a restricted attachment is itself restricted.
    record(
        actor=actor,
        event_type="project.attachment_added",
        obj=attachment,
        new={"project": project.code, "title": title, "restricted": restricted, "legal_basis": attachment.legal_basis},
    )
    return attachment
