from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from byvekst.api import api
from byvekst.core import views as core_views

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("favicon.ico", core_views.favicon),
    path("", include("byvekst.overview.urls")),
    path("", include("byvekst.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
    path("", include("byvekst.governance.urls")),
    path("", include("byvekst.assessment.urls")),
    path("", include("byvekst.cases.urls")),
    path("", include("byvekst.portfolio.urls")),
    path("", include("byvekst.followup.urls")),
    path("", include("byvekst.collaboration.urls")),
    path("", include("byvekst.goals.urls")),
    path("", include("byvekst.projects.urls")),
]

if settings.OIDC_ENABLED:
    urlpatterns.append(path("oidc/", include("mozilla_django_oidc.urls")))

handler400 = "byvekst.core.views.bad_request"
handler403 = "byvekst.core.views.forbidden"
handler404 = "byvekst.core.views.not_found"
handler500 = "byvekst.core.views.server_error"
