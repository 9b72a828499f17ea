"""What a decision changes (docs/decisions/0009-adoption-through-decisions.md).

A case may name targets: the records it proposes to change (a mandate draft, a configuration, a criteria set,
frames, an action programme). When a forum records a decision on the case, every target with an effect for the
treatment's kind is applied by calling the owning app's service with a :class:`~byvekst.core.decisions.DecisionRef`,
and the decision keeps a :class:`~byvekst.cases.models.DecisionEffect` row linking to what it changed.

Effects for governance and assessment records are defined here (those apps are below cases); apps above cases
(portfolio) register their own in their ``AppConfig.ready``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from byvekst.assessment.models import CriteriaSet
from byvekst.assessment.services import criteria_set_adopt
from byvekst.core.decisions import DecisionRef
from byvekst.governance.models import CaseKind, ConfigVersion, MandateVersion, Subject
from byvekst.governance.services import config_adopt, mandate_agree, mandate_missing_fields


@dataclass(frozen=True)
class Effect:
    target_type: str  # app_label.model
    kind: str  # the treatment kind that applies it (vedtak, innstilling)
    subject: str  # the case's kind of matter
    action: str
    label: Callable[[], str]
    load: Callable[[str], Any]  # the target, or None when it does not exist
    check: Callable[[Any], str | None]  # why it cannot be applied now, or None
    apply: Callable[[Any, DecisionRef, Any], str]  # (actor, decision, target) -> the changed record's url


REGISTRY: dict[tuple[str, str], Effect] = {}
# Called after an outside body's outcome is recorded on a treatment (portfolio adopts a programme there).
OUTCOME_LISTENERS: list[Callable[[Any, Any], None]] = []


def register(effect: Effect) -> None:
    key = (effect.target_type, effect.kind)
    if key in REGISTRY:
        raise RuntimeError(f"two effects for {key}")
    REGISTRY[key] = effect


def effects_for(target_type: str) -> list[Effect]:
    return [e for (t, _k), e in REGISTRY.items() if t == target_type]


def loader(model: Any) -> Callable[[str], Any]:
    def load(target_id: str) -> Any:
        return model.objects.filter(pk=target_id).first() if str(target_id).isdigit() else None

    return load


def _mandate_check(version: MandateVersion) -> str | None:
    if version.is_agreed:
        return _("%(v)s is already agreed.") % {"v": version}
    missing = mandate_missing_fields(version)
    return _("%(v)s is not complete: %(m)s") % {"v": version, "m": " ".join(missing.values())} if missing else None


def _agree_mandate(actor: Any, decision: DecisionRef, version: MandateVersion) -> str:
    mandate_agree(actor=actor, version=version, decision=decision)
    return version.get_absolute_url()


def _adopt_config(actor: Any, decision: DecisionRef, config: ConfigVersion) -> str:
    config_adopt(actor=actor, config=config, decision=decision)
    return config.get_absolute_url()


def _adopt_criteria(actor: Any, decision: DecisionRef, cs: CriteriaSet) -> str:
    criteria_set_adopt(actor=actor, criteria_set=cs, decision=decision)
    return cs.get_absolute_url()


register(
    Effect(
        "governance.mandateversion",
        CaseKind.VEDTAK,
        Subject.MANDATES,
        "agree",
        lambda: _("agree the mandate"),
        loader(MandateVersion),
        _mandate_check,
        _agree_mandate,
    )
)
register(
    Effect(
        "governance.configversion",
        CaseKind.VEDTAK,
        Subject.FOCUS_AREAS,
        "adopt",
        lambda: _("adopt the configuration"),
        loader(ConfigVersion),
        lambda c: (
            _("Configuration version %(n)s is already adopted.") % {"n": c.number}
            if c.status == ConfigVersion.Status.ADOPTED
            else None
        ),
        _adopt_config,
    )
)
register(
    Effect(
        "assessment.criteriaset",
        CaseKind.VEDTAK,
        Subject.CRITERIA,
        "adopt",
        lambda: _("adopt the criteria"),
        loader(CriteriaSet),
        lambda cs: _("%(cs)s is already adopted.") % {"cs": cs} if cs.is_adopted else None,
        _adopt_criteria,
    )
)
