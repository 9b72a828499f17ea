from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from byvekst.api import api
from byvekst.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("historikk/", core_views.audit_log, name="audit-log"),
    path("logg-inn/", auth_views.LoginView.as_view(), name="login"),
    path("logg-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
    path("", include("byvekst.governance.urls")),
    path("", include("byvekst.assessment.urls")),
    path("", include("byvekst.cases.urls")),
    path("", include("byvekst.portfolio.urls")),
    path("", include("byvekst.projects.urls")),
]

handler403 = "byvekst.core.views.forbidden"
handler404 = "byvekst.core.views.not_found"
handler500 = "byvekst.core.views.server_error"
