from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("code"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
        help_text=_("The six digits from your authenticator app, or one of your recovery codes."),
    )


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("name of the new token"), max_length=100, help_text=_("What the token is for, e.g. “Report script”.")
    )
