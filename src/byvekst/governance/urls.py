from django.urls import path

from byvekst.governance import views

urlpatterns = [
    path("organisasjon/", views.organisation, name="organisation"),
    path("mine-fora/", views.my_forums, name="my-forums"),
    path("konfigurasjon/", views.configuration, name="configuration"),
    path("fora/<slug:slug>/", views.forum_detail, name="forum-detail"),
    path("fora/<slug:slug>/medlemskap/ny/", views.membership_new, name="membership-new"),
    path("fora/<slug:slug>/mandat/ny/", views.mandate_new, name="mandate-new"),
    path("medlemskap/<int:pk>/avslutt/", views.membership_end, name="membership-end"),
    path("onboarding/<int:pk>/", views.onboarding_tick, name="onboarding-tick"),
    path("mandat/<int:pk>/", views.mandate_version, name="mandate-version"),
    path("mandat/<int:pk>/rediger/", views.mandate_edit, name="mandate-edit"),
    path("mandat/<int:pk>/sammenlign/<int:other>/", views.mandate_compare, name="mandate-compare"),
]
