"""The quick choice widgets draw the same markup as Django's own, without a template per option."""

from __future__ import annotations

import pytest
from django import forms
from django.test.html import parse_html

from byvekst.core.widgets import QuickCheckboxes, QuickSelectMultiple

CHOICES = [("1", "A & <b>B</b>"), ("2", "C"), ("3", "D")]


@pytest.mark.parametrize(
    ("django_widget", "quick_widget"),
    [(forms.CheckboxSelectMultiple, QuickCheckboxes), (forms.SelectMultiple, QuickSelectMultiple)],
)
@pytest.mark.parametrize("value", [[], ["2"], ["1", "3"], None])
def test_same_markup_as_django(
    django_widget: type[forms.Widget], quick_widget: type[forms.Widget], value: list[str] | None
) -> None:
    attrs = {"id": "id_p", "aria-describedby": "id_p_helptext"}
    theirs = django_widget(choices=CHOICES).render("p", value, attrs)
    ours = quick_widget(choices=CHOICES).render("p", value, attrs)
    assert parse_html(ours) == parse_html(theirs)
    assert "&lt;b&gt;" in ours  # labels are escaped


def test_without_an_id_no_label_points_anywhere() -> None:
    html = QuickCheckboxes(choices=CHOICES).render("p", ["1"], {})
    assert parse_html(html) == parse_html(forms.CheckboxSelectMultiple(choices=CHOICES).render("p", ["1"], {}))
    assert " for=" not in html
