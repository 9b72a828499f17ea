from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from byvekst.governance.models import User
from byvekst.governance.services import api_token_create


class Command(BaseCommand):
    help = "API tokens for scripts. `byvekst token create USERNAME [--name N]` prints a new token on its last line."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["create"])
        parser.add_argument("username")
        parser.add_argument("--name", default="Skript")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"], is_active=True).first()
        if user is None:
            raise CommandError(f"No active person with the username {options['username']!r}.")
        token, plain = api_token_create(actor=None, user=user, name=options["name"])
        self.stdout.write(f"Token «{token.name}» for {user.get_username()} (shown once; store it safely):")
        self.stdout.write(plain)
