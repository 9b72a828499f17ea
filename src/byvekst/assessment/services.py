"""Writes for criteria, weights and scores; each with its audit record in the same transaction."""

from __future__ import annotations

from itertools import combinations
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from byvekst.assessment.models import CriteriaSet, Criterion, Score, WeightSet
from byvekst.audit.services import record
from byvekst.core.decisions import DecisionRef
from byvekst.engine.mcda import (
    MatrixError,
    aggregate_judgements,
    ahp_weights,
    direct_weights,
    matrix_from_judgements,
    swing_weights,
)
from byvekst.governance.models import Party
from byvekst.projects.models import Project


@transaction.atomic
def criteria_set_create(*, actor: Any, name: str, criteria: list[dict[str, Any]]) -> CriteriaSet:
    if not criteria:
        raise ValidationError({"criteria": _("A criteria set needs at least one criterion.")})
    number = (CriteriaSet.objects.aggregate(n=Max("number"))["n"] or 0) + 1
    cs = CriteriaSet.objects.create(number=number, name=name)
    for order, c in enumerate(criteria):
        Criterion.objects.create(criteria_set=cs, order=order, **c)
    record(actor=actor, event_type="criteria.created", obj=cs, new={"name": name, "criteria": criteria})
    return cs


@transaction.atomic
def criteria_set_adopt(*, actor: Any, criteria_set: CriteriaSet, decision: DecisionRef) -> CriteriaSet:
    """The Steering Group's decision adopts the criteria set; it never changes again."""
    cs = CriteriaSet.objects.select_for_update().get(pk=criteria_set.pk)
    if cs.is_adopted:
        raise ValidationError({"status": _("This criteria set is already adopted.")})
    cs.status, cs.adopted_on, cs.decision_number = CriteriaSet.Status.ADOPTED, decision.date, decision.number
    cs.save()
    record(actor=actor, event_type="criteria.adopted", obj=cs, new={"decision": decision.number})
    return cs


def _codes(cs: CriteriaSet) -> list[str]:
    return list(cs.criteria.values_list("code", flat=True))


def _store(
    actor: Any,
    cs: CriteriaSet,
    party: Party | None,
    method: str,
    inputs: dict[str, Any],
    weights: dict[str, float],
    cr: float | None,
) -> WeightSet:
    ws, _created = WeightSet.objects.update_or_create(
        criteria_set=cs,
        party=party,
        defaults={
            "method": method,
            "inputs": inputs,
            "weights": weights,
            "consistency_ratio": cr,
            "updated_by": actor if getattr(actor, "is_authenticated", False) else None,
        },
    )
    record(
        actor=actor,
        event_type="weights.set",
        obj=ws,
        new={"party": party.slug if party else None, "method": method, "weights": weights, "cr": cr},
    )
    return ws


@transaction.atomic
def weights_ahp(*, actor: Any, criteria_set: CriteriaSet, party: Party, judgements: dict[str, float]) -> WeightSet:
    """``judgements`` maps "codeA|codeB" (A before B in the set's order) to a_AB on Saaty's 1/9…9 scale."""
    codes = _codes(criteria_set)
    upper: dict[tuple[int, int], float] = {}
    errors = {}
    for i, j in combinations(range(len(codes)), 2):
        key = f"{codes[i]}|{codes[j]}"
        value = judgements.get(key)
        if value is None or not (1 / 9 - 1e-9 <= float(value) <= 9 + 1e-9):
            errors[key] = _("Give a judgement between 1/9 and 9.")
        else:
            upper[(i, j)] = float(value)
    if errors:
        raise ValidationError(errors)
    try:
        weights, cr = ahp_weights(matrix_from_judgements(len(codes), upper))
    except MatrixError as exc:
        raise ValidationError({"judgements": str(exc)}) from exc
    return _store(
        actor,
        criteria_set,
        party,
        WeightSet.Method.AHP,
        {"judgements": judgements},
        dict(zip(codes, weights, strict=True)),
        cr,
    )


@transaction.atomic
def weights_swing(*, actor: Any, criteria_set: CriteriaSet, party: Party, points: dict[str, float]) -> WeightSet:
    try:
        weights = swing_weights({c: float(points.get(c, 0)) for c in _codes(criteria_set)})
    except ValueError as exc:
        raise ValidationError({"points": str(exc)}) from exc
    return _store(actor, criteria_set, party, WeightSet.Method.SWING, {"points": points}, weights, None)


@transaction.atomic
def weights_direct(*, actor: Any, criteria_set: CriteriaSet, party: Party, values: dict[str, float]) -> WeightSet:
    try:
        weights = direct_weights({c: float(values.get(c, 0)) for c in _codes(criteria_set)})
    except ValueError as exc:
        raise ValidationError({"values": str(exc)}) from exc
    return _store(actor, criteria_set, party, WeightSet.Method.DIRECT, {"values": values}, weights, None)


@transaction.atomic
def weights_aggregate(*, actor: Any, criteria_set: CriteriaSet) -> WeightSet:
    """The aggregate weights: geometric mean of every party's AHP judgements, then the eigenvector."""
    codes = _codes(criteria_set)
    parties = criteria_set.weight_sets.filter(method=WeightSet.Method.AHP, party__isnull=False)
    matrices = []
    for ws in parties:
        j = ws.inputs["judgements"]
        upper = {(a, b): float(j[f"{codes[a]}|{codes[b]}"]) for a, b in combinations(range(len(codes)), 2)}
        matrices.append(matrix_from_judgements(len(codes), upper))
    if not matrices:
        raise ValidationError({"weights": _("No party has entered AHP judgements yet.")})
    weights, cr = ahp_weights(aggregate_judgements(matrices))
    return _store(
        actor,
        criteria_set,
        None,
        WeightSet.Method.AGGREGATE,
        {"parties": [ws.party.slug for ws in parties if ws.party]},
        dict(zip(codes, weights, strict=True)),
        cr,
    )


@transaction.atomic
def score_propose(*, actor: Any, project: Project, criterion: Criterion, value: int, justification: str) -> Score:
    errors = {}
    if not criterion.scale_min <= value <= criterion.scale_max:
        errors["value"] = _("Choose a level from %(a)s to %(b)s.") % {
            "a": criterion.scale_min,
            "b": criterion.scale_max,
        }
    if not justification.strip():
        errors["justification"] = _("Justify the score.")
    if criterion.kind == Criterion.Kind.COMPUTED:
        errors["value"] = _("This criterion is computed from the sheet and cannot be scored by hand.")
    if errors:
        raise ValidationError(errors)
    previous = Score.objects.filter(project=project, criterion=criterion).first()
    old = {"value": previous.value, "justification": previous.justification} if previous else None
    score, _created = Score.objects.update_or_create(
        project=project,
        criterion=criterion,
        defaults={
            "value": value,
            "justification": justification.strip(),
            "status": Score.Status.PROPOSED,
            "proposed_by": actor,
            "reviewed_by": None,
        },
    )
    record(
        actor=actor,
        event_type="score.proposed",
        obj=project,
        old=old,
        new={"criterion": criterion.code, "value": value, "justification": score.justification},
    )
    return score


@transaction.atomic
def score_review(*, actor: Any, score: Score) -> Score:
    score.status, score.reviewed_by = Score.Status.REVIEWED, actor
    score.save(update_fields=["status", "reviewed_by"])
    record(actor=actor, event_type="score.reviewed", obj=score.project, new={"criterion": score.criterion.code})
    return score
