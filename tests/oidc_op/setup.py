"""Prepare the provider's database: a signing key, a client for Byvekst, and a person (run with `shell`)."""

import os

from django.contrib.auth.models import User
from oidc_provider.models import Client, ResponseType

client, _ = Client.objects.get_or_create(
    client_id="byvekst",
    defaults={
        "name": "Byvekst",
        "client_type": "confidential",
        "client_secret": "byvekst-secret",
        "require_consent": False,
        "jwt_alg": "RS256",
    },
)
client.redirect_uris = [os.environ["OIDC_REDIRECT_URI"]]
client.save()
client.response_types.set([ResponseType.objects.get(value="code")])
User.objects.filter(username="kari").exists() or User.objects.create_user(
    "kari", email="kari.nordmann@bergen.kommune.no", password="kari-passord-123", first_name="Kari"
)
User.objects.filter(username="ukjent").exists() or User.objects.create_user(
    "ukjent", email="ukjent@example.com", password="ukjent-passord-123"
)
