"""Choice widgets for long lists (a portfolio of a thousand projects).

Django renders each option of a select or checkbox list through its own template include, which costs about a
millisecond per option: a form with three pickers over 1,000 projects took over a second to draw. These widgets
write the same markup in Python (every value and label escaped), and :class:`QuickModelMultipleChoiceField` reads
its choices as rows of a few columns rather than as model instances, so the cost is that of one narrow query."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.models import ModelChoiceIterator
from django.forms.utils import flatatt
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


def _mark(on: bool, flag: str) -> str:
    return flag if on else ""


class QuickSelectMultiple(forms.SelectMultiple):
    """``<select multiple>`` with the options written in one pass."""

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        final = self.build_attrs(self.attrs, {**(attrs or {}), "name": name, "multiple": True})
        chosen = set(self.format_value(value))
        options = "".join(
            f'<option value="{escape(v)}"{_mark(str(v) in chosen, " selected")}>{escape(label)}</option>'
            for v, label in self.choices
        )
        return mark_safe(f"<select{flatatt(final)}>{options}</select>")


class QuickCheckboxes(forms.CheckboxSelectMultiple):
    """A list of checkboxes, each in its own labelled row (the markup of Django's own widget)."""

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        final = self.build_attrs(self.attrs, attrs)
        id_ = final.pop("id", None)
        shared = flatatt({**final, "type": "checkbox", "name": name})
        chosen = set(self.format_value(value))
        rows = []
        for i, (v, label) in enumerate(self.choices):
            row_id = f"{id_}_{i}" if id_ else ""
            rows.append(
                f"<div><label{flatatt({'for': row_id}) if id_ else ''}>"
                f'<input{shared} value="{escape(v)}"{flatatt({"id": row_id}) if id_ else ""}'
                f"{_mark(str(v) in chosen, ' checked')}> {escape(label)}</label></div>"
            )
        return mark_safe(f"<div{flatatt({'id': id_}) if id_ else ''}>{''.join(rows)}</div>")


class ColumnChoices(ModelChoiceIterator):
    """The choices as (pk, label) read from a few columns: no model instance, no JSON field decoded."""

    def __iter__(self) -> Any:
        columns = getattr(self.field, "label_columns", ("pk",))
        for pk, *values in self.queryset.values_list("pk", *columns):
            yield (pk, " ".join(str(v) for v in values))


class QuickModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A model multiple choice over a long list, labelled by ``label_columns`` (what ``str()`` of the model
    shows); the chosen objects come back as model instances, as from Django's own field."""

    iterator = ColumnChoices
    widget = QuickSelectMultiple

    def __init__(self, queryset: Any, *, label_columns: tuple[str, ...], **kwargs: Any) -> None:
        self.label_columns = label_columns
        super().__init__(queryset, **kwargs)
