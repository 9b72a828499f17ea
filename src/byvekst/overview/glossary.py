"""The words of portfolio management as the portal uses them, for readers who are not analysts. Each entry has an
anchor that pages link to (``{% url 'glossary' %}#core-index``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

TERMS = [
    (
        "value",
        _("Value"),
        _(
            "How much a project adds to the goals, in points from the criteria and the weights. Values add up: the "
            "value of a portfolio is the sum of its projects' values. Points compare projects with each other; they "
            "are not kroner."
        ),
    ),
    (
        "value-per-krone",
        _("Value per krone"),
        _(
            "A project's value divided by its cost in the period (points per MNOK). Small, cheap projects often score "
            "high on this."
        ),
    ),
    (
        "frame",
        _("Frame"),
        _(
            "The money a funding source makes available each year of the period (MNOK, in the frames' price level). "
            "The frames are adopted by the Steering Group."
        ),
    ),
    (
        "carry-over",
        _("Carry-over"),
        _(
            "Money not used one year may be used later: a year can spend more than its own frame as long as the spend "
            "up to and including that year stays within the frames up to and including that year."
        ),
    ),
    (
        "p50-p85",
        _("P50 and P85"),
        _(
            "Cost estimates with uncertainty: P50 is the cost the project will stay under with 50 % probability, P85 "
            "with 85 % probability. A scenario chooses which of the two it counts against the frames (the cost basis)."
        ),
    ),
    (
        "mandatory",
        _("Mandatory project"),
        _(
            "A project that is under way or bound by an earlier decision. It is always in the portfolio; the others "
            "are chosen around it."
        ),
    ),
    (
        "optimal",
        _("Best portfolio (optimum)"),
        _(
            "The combination of projects and start years with the highest total value that keeps every frame and rule. "
            "The portal searches all combinations with a solver (HiGHS) and proves when nothing better exists."
        ),
    ),
    (
        "gap",
        _("Gap"),
        _(
            "How far, at most, the portfolio found can be from the best possible one, as a share of its value. 0 means "
            "proven best; 0.0001 means at most 0.01 % from the best."
        ),
    ),
    (
        "seed",
        _("Seed"),
        _(
            "The starting number for the random draws of the uncertainty analysis. The same seed gives the same "
            "numbers again, so anyone can check a result."
        ),
    ),
    (
        "gain-over-ranking",
        _("Gain over ranking"),
        _(
            "How much more value the best portfolio gives than the simple rule of taking projects in order of value "
            "per krone until the money runs out."
        ),
    ),
    (
        "frontier",
        _("Efficient frontier"),
        _(
            "The value of the best portfolio if every frame were scaled up or down. A steep curve means more money "
            "would buy much more value; a flat one that the frames are not what holds the portfolio back."
        ),
    ),
    (
        "exceed-probability",
        _("Probability of exceeding a frame"),
        _(
            "Costs are drawn many times between each project's P50 and P85 (with some correlation between projects); "
            "the share of draws in which the chosen portfolio spends more than a frame."
        ),
    ),
    (
        "core-index",
        _("Core index"),
        _(
            "The share of the parties' weight sets under which a project is in the best portfolio. 1.00 means in "
            "whatever party's weights are used (robust); 0.14 means in under one party's weights in seven."
        ),
    ),
    (
        "fixed-frames",
        _("Fixed frames per party"),
        _(
            "What it would cost in value to split the money between the owners in advance, in proportion to their "
            "candidates, instead of choosing across the whole region."
        ),
    ),
    (
        "aggregate-weights",
        _("Aggregate weights"),
        _(
            "The parties' weights combined into one set (geometric mean, normalised), used when the Council has not "
            "agreed on one party's set."
        ),
    ),
    (
        "ahp",
        _("AHP (pairwise comparison)"),
        _(
            'A way to set weights by comparing the criteria two at a time ("how much more important is A than B?", 1 '
            "to 9). The portal checks that the answers are consistent."
        ),
    ),
    (
        "swing",
        _("SWING"),
        _(
            "A way to set weights by asking which criterion's move from worst to best matters most, giving it 100, "
            "and rating the others against it."
        ),
    ),
    (
        "stability",
        _("Stability interval"),
        _(
            "For one weight: how far it can move (the others changing in proportion) before the five best projects "
            "change. A wide interval means the ranking does not hang on that weight."
        ),
    ),
    (
        "manual-adjustment",
        _("Manual adjustment"),
        _(
            "Forcing a project in at a chosen start year, or out, and running again. The run shows what the "
            "adjustment costs in value against the best portfolio."
        ),
    ),
]
