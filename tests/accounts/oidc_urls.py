from django.urls import include, path

from byvekst.urls import urlpatterns as portal

urlpatterns = [path("oidc/", include("mozilla_django_oidc.urls")), *portal]
