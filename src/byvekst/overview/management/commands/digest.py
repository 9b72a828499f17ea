"""E-mail each person the list of what waits for them (``byvekst digest``; run it daily from cron or a timer).
In development the console backend prints the messages; production sets EMAIL_BACKEND and SMTP settings."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.core.management.base import BaseCommand
from django.utils import translation
from django.utils.translation import gettext as _

from byvekst.governance.models import User
from byvekst.overview.tasks import tasks_for


class Command(BaseCommand):
    help = "E-mail each person with an address the tasks waiting for them."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = 0
        with translation.override(settings.LANGUAGE_CODE):
            for user in User.objects.filter(is_active=True).exclude(email="").order_by("username"):
                tasks = tasks_for(user)
                if not tasks:
                    continue
                lines = [f"- {t.kind}: {t.title}" + (f" ({_('due')} {t.due:%d.%m.%Y})" if t.due else "") for t in tasks]
                send_mail(
                    _("Byvekst: %(n)s tasks wait for you") % {"n": len(tasks)},
                    "\n".join([_("What waits for you in Byvekst:"), "", *lines]),
                    settings.DEFAULT_FROM_EMAIL,
                    [user.email],
                )
                sent += 1
        self.stdout.write(_("%(n)s e-mails sent.") % {"n": sent})
