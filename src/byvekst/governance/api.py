"""JSON endpoints for the governance register; the same services and policy as the pages."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from ninja.responses import Status
from pydantic import StrictBool

from byvekst.core.policy import can, require
from byvekst.core.schema import Slug
from byvekst.governance import selectors, services
from byvekst.governance.models import ConfigVersion, Forum, MandateVersion, Membership, Party, User

router = Router(tags=["governance"])


class PartyOut(Schema):
    slug: str
    name: str
    short_name: str
    kind: str
    contact: str


class PartyIn(Schema):
    contact: str = Field(..., max_length=200, description="where the party's people are reached")


class ForumOut(Schema):
    slug: str
    name: str
    code: str
    kind: str
    area_code: str
    reports_to: str | None = Field(None, alias="reports_to.slug")
    replaced_by: str | None = Field(None, alias="replaced_by.slug")
    started_on: dt.date
    ended_on: dt.date | None
    current_mandate: int | None = Field(None, alias="mandate.current_id")


class MandateIn(Schema):
    purpose: str = Field(..., min_length=1)
    responsibilities: str = Field(..., min_length=1)
    authority: str = ""
    competences: list[str] = []
    composition: str = ""
    meeting_frequency: str = ""
    time_expectation: str = ""
    member_rights: str = ""
    observer_rights: str = ""
    quorum_rule: MandateVersion.Quorum = MandateVersion.Quorum.MAJORITY
    quorum_minimum: int | None = Field(None, ge=1, le=100)
    anchoring_rule: Literal["note", "refuse"] = "note"
    member_parties: list[Slug] = Field([], max_length=20, description="party codes that must have a voting member")
    is_public: StrictBool = True
    change_reason: str = ""


class MandateOut(MandateIn):
    id: int
    forum: str = Field(..., alias="mandate.forum.slug")
    number: int
    status: str
    agreed_on: dt.date | None
    decision: str = Field(
        "", alias="decision_number", description="the number of the decision that agreed it (GET /api/decisions/…)"
    )


class MembershipIn(Schema):
    person: str = Field(..., description="username")
    forum: str = Field(..., description="forum slug")
    party: str | None = Field(None, description="party slug")
    role: Membership.Role
    start: dt.date
    end: dt.date | None = None


class MembershipOut(Schema):
    id: int
    person: str = Field(..., alias="person.username")
    forum: str = Field(..., alias="forum.slug")
    party: str | None = Field(None, alias="party.slug")
    role: str
    start: dt.date
    end: dt.date | None


@router.get("/parties", response=list[PartyOut])
def list_parties(request: HttpRequest) -> Any:
    require(request.user, "register.view")
    return selectors.parties()


@router.patch("/parties/{slug}", response=PartyOut)
def update_party(request: HttpRequest, slug: str, payload: PartyIn) -> Any:
    party = get_object_or_404(Party, slug=slug)
    require(request.user, "party.edit", party)  # the secretariat, or the party's own people
    return services.party_update(actor=request.user, party=party, data=payload.dict())


@router.get("/forums", response=list[ForumOut])
def list_forums(request: HttpRequest) -> Any:
    require(request.user, "register.view")
    return Forum.objects.select_related("reports_to", "replaced_by", "mandate")


@router.get("/forums/{slug}", response=ForumOut)
def get_forum(request: HttpRequest, slug: str) -> Any:
    require(request.user, "register.view")
    return get_object_or_404(Forum.objects.select_related("reports_to", "replaced_by", "mandate"), slug=slug)


def _mandate_version(request: HttpRequest, pk: int) -> MandateVersion:
    version = get_object_or_404(MandateVersion.objects.select_related("mandate__forum"), pk=pk)
    if not can(request.user, "mandate.view", version):
        raise Http404
    return version


@router.get("/forums/{slug}/mandates", response=list[MandateOut])
def list_mandates(request: HttpRequest, slug: str) -> Any:
    forum = get_object_or_404(Forum, slug=slug)
    return [
        v
        for v in selectors.mandate_versions(forum).select_related("mandate__forum")
        if can(request.user, "mandate.view", v)
    ]


@router.post("/forums/{slug}/mandates", response={201: MandateOut})
def create_mandate(request: HttpRequest, slug: str, payload: MandateIn) -> Any:
    forum = get_object_or_404(Forum, slug=slug)
    require(request.user, "mandate.draft", forum)
    return Status(201, services.mandate_draft(actor=request.user, forum=forum, data=payload.dict()))


@router.get("/mandates/{pk}", response=MandateOut)
def get_mandate(request: HttpRequest, pk: int) -> Any:
    return _mandate_version(request, pk)


@router.put("/mandates/{pk}", response=MandateOut)
def update_mandate(request: HttpRequest, pk: int, payload: MandateIn) -> Any:
    version = _mandate_version(request, pk)
    require(request.user, "mandate.edit", version)
    return services.mandate_update(actor=request.user, version=version, data=payload.dict())


@router.get("/memberships", response=list[MembershipOut])
def list_memberships(request: HttpRequest, forum: Slug | None = None) -> Any:
    require(request.user, "register.view")
    qs = selectors.active_memberships().select_related("person", "forum", "party")
    return qs.filter(forum__slug=forum) if forum else qs


@router.post("/memberships", response={201: MembershipOut})
def create_membership(request: HttpRequest, payload: MembershipIn) -> Any:
    forum = get_object_or_404(Forum, slug=payload.forum)
    require(request.user, "membership.manage", forum)
    person = User.objects.filter(username=payload.person).first()
    if person is None:
        raise ValidationError({"person": f"No person with the username {payload.person!r}."})
    party = Party.objects.filter(slug=payload.party).first() if payload.party else None
    if payload.party and party is None:
        raise ValidationError({"party": f"No party with the slug {payload.party!r}."})
    membership = services.membership_create(
        actor=request.user,
        person=person,
        forum=forum,
        party=party,
        role=payload.role,
        start=payload.start,
        end=payload.end,
    )
    return Status(201, membership)


class EntryOut(Schema):
    code: str
    name: str


class ConfigOut(Schema):
    number: int
    status: str
    adopted_on: dt.date | None
    decision: str = Field(
        "", alias="decision_number", description="the decision that adopted it (GET /api/decisions/…)"
    )
    areas: list[EntryOut]
    focus_areas: list[EntryOut]
    programme_areas: list[EntryOut]

    @staticmethod
    def resolve_areas(obj: ConfigVersion) -> Any:
        return list(selectors.config_entries(obj)["areas"])

    @staticmethod
    def resolve_focus_areas(obj: ConfigVersion) -> Any:
        return list(selectors.config_entries(obj)["focus_areas"])

    @staticmethod
    def resolve_programme_areas(obj: ConfigVersion) -> Any:
        return list(selectors.config_entries(obj)["programme_areas"])


@router.get("/configurations", response=list[ConfigOut])
def list_configurations(request: HttpRequest) -> Any:
    """Configuration versions (areas, focus areas, programme areas), newest first; the one in force is the newest
    adopted."""
    require(request.user, "status.view")
    return ConfigVersion.objects.order_by("-number")
