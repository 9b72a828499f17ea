"""Project sheets (prosjektark): a project with a working copy, frozen versions, checklist, risks, comments.

The working copy lives in columns on :class:`Project` so that lists filter and sort in the database; every
submission freezes an immutable :class:`SheetVersion` holding the whole sheet as JSON (``snapshot``), which is
what versions are compared on. ``lock_version`` is the optimistic lock: a save that started from an older
value is refused and the user is shown both versions to merge.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from byvekst.core.models import WriteOnce
from byvekst.governance.models import Party

FUNDING_SOURCES = [
    ("bompenger", _("Toll revenue (bompenger)")),
    ("statlig_programomrade", _("State: programme-area measures")),
    ("statlig_store_kollektiv", _("State: grant for large public-transport projects")),
    ("belonningsmidler", _("State: reward funds (belønningsmidler)")),
    ("fylkeskommunal", _("County funds")),
    ("kommunal", _("Municipal funds")),
]
IMPACT_THEMES = [
    ("trafikksikkerhet", _("Traffic safety")),
    ("arealbruk", _("Land use")),
    ("universell_utforming", _("Universal design")),
    ("klima_miljo", _("Climate and environment")),
    ("bykvalitet", _("Urban quality")),
]
AGREEMENT_START, AGREEMENT_END = 2019, 2029


class Phase(models.TextChoices):
    IDEA = "ide", _("Idea")
    STUDY = "utredning", _("Study")
    ZONING = "regulering", _("Zoning plan")
    DESIGN = "prosjektering", _("Detailed design")
    CONSTRUCTION = "bygging", _("Construction")
    DONE = "ferdig", _("Completed")


class MeasureKind(models.TextChoices):
    INVESTMENT = "investering", _("Investment")
    OPERATION = "drift", _("Operating measure (e.g. ticket prices, a trial)")
    FINANCING = "finansiering", _("Financing mechanism (e.g. reduced tolls)")


# The fields that fit only a built measure: an operating measure (ticket prices, a trial) or a financing
# mechanism (reduced tolls) has no road owner after completion, no quantity of works and no completion year.
INVESTMENT_ONLY = ("road_owner", "operator", "quantity", "quantity_unit", "completion_year")


class SheetStatus(models.TextChoices):
    DRAFT = "utkast", _("Draft")
    SUBMITTED = "innsendt", _("Submitted")
    IN_REVIEW = "under_samordning", _("Under coordination")
    RETURNED = "returnert", _("Returned with comments")
    APPROVED = "kvalitetssikret", _("Quality-assured")
    IN_PROGRAMME = "i_handlingsprogram", _("In the action programme")
    NOT_PRIORITISED = "ikke_prioritert", _("Not prioritised")


EDITABLE_STATUSES = (SheetStatus.DRAFT, SheetStatus.RETURNED)


class Project(models.Model):
    code = models.CharField(_("project id"), max_length=20, unique=True)
    status = models.CharField(_("status"), max_length=20, choices=SheetStatus.choices, default=SheetStatus.DRAFT)
    lock_version = models.PositiveIntegerField(default=1)
    # --- what and why
    title = models.CharField(_("title"), max_length=200)
    external_id = models.CharField(
        _("the owner's own id"),
        max_length=60,
        blank=True,
        help_text=_(
            "The owner's own reference (e.g. road and object number); unique per owner; an import matches on it."
        ),
    )
    description = models.TextField(_("description and scope"), blank=True)
    need = models.TextField(_("need and the problem it solves"), blank=True)
    # --- who and where
    owner = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="projects", verbose_name=_("owner (byggherre)")
    )
    road_owner = models.CharField(_("road owner after completion"), max_length=200, blank=True)
    operator = models.CharField(_("operation responsible after completion"), max_length=200, blank=True)
    municipality = models.CharField(_("municipality"), max_length=100, blank=True)
    other_municipalities = models.JSONField(_("other municipalities it lies in"), default=list, blank=True)
    other_areas = models.JSONField(_("other geographic areas it lies in"), default=list, blank=True)
    region_wide = models.BooleanField(_("region-wide (the whole urban area)"), default=False)
    measure_kind = models.CharField(
        _("kind of measure"), max_length=12, choices=MeasureKind.choices, default=MeasureKind.INVESTMENT
    )
    district = models.CharField(_("city district"), max_length=100, blank=True)
    area_code = models.SlugField(_("geographic area"), max_length=40)
    location = models.JSONField(_("location (GeoJSON)"), null=True, blank=True)
    programme_area_code = models.SlugField(_("programme area"), max_length=40, blank=True)
    focus_area_codes = models.JSONField(_("focus areas"), default=list, blank=True)
    phase = models.CharField(_("phase and plan status"), max_length=20, choices=Phase.choices, default=Phase.IDEA)
    # --- cost (MNOK, in price_year kroner)
    cost_p10 = models.DecimalField(_("cost P10 (MNOK)"), max_digits=12, decimal_places=2, null=True, blank=True)
    cost_p50 = models.DecimalField(_("cost P50 (MNOK)"), max_digits=12, decimal_places=2, null=True, blank=True)
    cost_p85 = models.DecimalField(_("cost P85 (MNOK)"), max_digits=12, decimal_places=2, null=True, blank=True)
    price_year = models.PositiveSmallIntegerField(_("price basis (year)"), null=True, blank=True)
    requested = models.DecimalField(
        _("requested from Miljøløftet in the period (MNOK)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    granted = models.DecimalField(
        _("granted in the period (MNOK)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    granted_before = models.DecimalField(
        _("granted before the period (MNOK)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    remaining_after = models.DecimalField(
        _("remaining need after the period (MNOK)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    completion_year = models.PositiveSmallIntegerField(_("completion year"), null=True, blank=True)
    quantity = models.DecimalField(_("quantity"), max_digits=10, decimal_places=2, null=True, blank=True)
    quantity_unit = models.CharField(_("unit of the quantity"), max_length=20, blank=True)
    cost_profile = models.JSONField(_("yearly cost profile (MNOK, P50)"), default=list, blank=True)
    funding = models.JSONField(_("funding split (%)"), default=dict, blank=True)
    earliest_start = models.PositiveSmallIntegerField(_("earliest start"), null=True, blank=True)
    latest_start = models.PositiveSmallIntegerField(_("latest start"), null=True, blank=True)
    # --- effects
    car_trips_per_day = models.IntegerField(_("change in car trips per day"), null=True, blank=True)
    vehicle_km_per_day = models.IntegerField(_("change in vehicle-km per day"), null=True, blank=True)
    walk_trips_per_day = models.IntegerField(_("new walking trips per day"), null=True, blank=True)
    cycle_trips_per_day = models.IntegerField(_("new cycling trips per day"), null=True, blank=True)
    pt_trips_per_day = models.IntegerField(_("new public-transport trips per day"), null=True, blank=True)
    effect_method = models.CharField(_("effect method and source"), max_length=300, blank=True)
    net_benefit = models.DecimalField(
        _("net benefit (MNOK, NPV)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    public_cost = models.DecimalField(
        _("public cost in the analysis (MNOK)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    impacts = models.JSONField(_("non-monetised impacts"), default=dict, blank=True)
    # --- portfolio
    requires = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="required_by", verbose_name=_("depends on")
    )
    exclusive_group = models.SlugField(_("alternatives group"), max_length=40, blank=True)
    capacity_person_months = models.DecimalField(
        _("capacity need (person-months per year)"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["code"]
        indexes = [models.Index(fields=["status"]), models.Index(fields=["area_code"])]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "external_id"], condition=~models.Q(external_id=""), name="external_id_per_owner"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("project-detail", args=[self.code])

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def nnb(self) -> Decimal | None:
        """Net benefit per budget krone (NNB = net benefit / public cost), as in V712 and TØI's calculator."""
        if self.net_benefit is None or not self.public_cost:
            return None
        return (self.net_benefit / self.public_cost).quantize(Decimal("0.01"))


class SheetVersion(WriteOnce):
    """A frozen sheet: written once at submission, never changed."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    snapshot = models.JSONField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["project", "-number"]
        constraints = [models.UniqueConstraint(fields=["project", "number"], name="sheet_version_number")]

    def __str__(self) -> str:
        return f"{self.project.code} v{self.number}"


class Risk(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="risks")
    description = models.CharField(_("risk"), max_length=300)
    probability = models.PositiveSmallIntegerField(_("probability (1–5)"))
    consequence = models.PositiveSmallIntegerField(_("consequence (1–5)"))
    mitigation = models.CharField(_("mitigation"), max_length=300, blank=True)
    responsible = models.CharField(_("risk owner"), max_length=120, blank=True)

    class Meta:
        ordering = ["-probability", "-consequence", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(probability__gte=1, probability__lte=5), name="risk_p_1_5"),
            models.CheckConstraint(condition=models.Q(consequence__gte=1, consequence__lte=5), name="risk_c_1_5"),
        ]

    def __str__(self) -> str:
        return self.description

    @property
    def score(self) -> int:
        return self.probability * self.consequence


class ChecklistItem(models.Model):
    text = models.CharField(_("item"), max_length=300)
    programme_area_code = models.SlugField(_("programme area (blank: all)"), max_length=40, blank=True)
    mandatory = models.BooleanField(_("mandatory"), default=True)
    order = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.text


class ChecklistAnswer(models.Model):
    class Answer(models.TextChoices):
        YES = "ja", _("Yes")
        NO = "nei", _("No")
        NOT_RELEVANT = "ikke_relevant", _("Not relevant")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="checklist")
    item = models.ForeignKey(ChecklistItem, on_delete=models.PROTECT)
    answer = models.CharField(_("answer"), max_length=15, choices=Answer.choices, blank=True)
    comment = models.CharField(_("comment"), max_length=300, blank=True)

    class Meta:
        ordering = ["item__order", "item__pk"]
        constraints = [models.UniqueConstraint(fields=["project", "item"], name="one_answer_per_item")]

    def __str__(self) -> str:
        return f"{self.project.code}: {self.item}"


def commentable_fields() -> list[tuple[str, str]]:
    """What a coordination comment can be about: the sheet as a whole, one of its fields, its risks or checklist."""
    return (
        [("__all__", str(_("The sheet as a whole")))]
        + [
            (f.name, str(f.verbose_name)[:1].upper() + str(f.verbose_name)[1:])
            for f in Project._meta.concrete_fields
            if f.name not in ("id", "code", "status", "lock_version", "created_at", "updated_at")
        ]
        + [("risks", str(_("Risk register"))), ("checklist", str(_("Checklist")))]
    )


class SheetComment(models.Model):
    """A comment from the coordination function on one field, and the working group's answer."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="comments")
    field = models.CharField(_("field"), max_length=60)
    text = models.TextField(_("comment"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version_number = models.PositiveIntegerField(null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.project.code} {self.field}: {self.text[:40]}"

    @property
    def field_label(self) -> str:
        return dict(commentable_fields()).get(self.field, self.field)


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"projects/{instance.project.code}/{filename}"


class Attachment(models.Model):
    class LegalBasis(models.TextChoices):
        NONE = "", _("Not restricted")
        INTERNAL = "offl-14", _("Offentleglova § 14 (internal document)")
        OUTSIDE = "offl-15", _("Offentleglova § 15 (obtained for internal preparation)")
        NEGOTIATION = "offl-23", _("Offentleglova § 23 (negotiating position, tender)")
        PERSONAL = "offl-13", _("Offentleglova § 13 (duty of confidentiality)")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="attachments")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=attachment_path)
    restricted = models.BooleanField(_("restricted (skjermet)"), default=False)
    legal_basis = models.CharField(_("legal basis"), max_length=10, choices=LegalBasis.choices, blank=True)
    content_type = models.CharField(max_length=120, default="application/octet-stream")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(restricted=False) | ~models.Q(legal_basis=""), name="restricted_needs_basis"
            )
        ]

    def __str__(self) -> str:
        return self.title


class PriceIndex(models.Model):
    """A cost index per year (e.g. Statistics Norway's construction cost index for road works), with its source:
    sheet amounts in one price year are converted to the frames' price year with it. A new version is a new row;
    the newest is used, and a run records the version it used."""

    name = models.CharField(_("name"), max_length=200)
    source = models.CharField(_("source"), max_length=300, help_text=_("Where the figures come from (a table, a URL)."))
    values = models.JSONField(_("index per year"), help_text=_('e.g. {"2020": 100.0, "2021": 104.9}'))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("price index")

    def __str__(self) -> str:
        return f"{self.name} (v{self.pk})"

    def factor(self, from_year: int, to_year: int) -> float | None:
        """What one krone of ``from_year`` is in ``to_year`` kroner; None when a year is missing."""
        a, b = self.values.get(str(from_year)), self.values.get(str(to_year))
        return float(b) / float(a) if a and b else None
