from django.urls import path

from byvekst.portfolio import views

urlpatterns = [
    path("portefolje/", views.overview, name="portfolio"),
    path("portefolje/import/", views.scenario_import, name="scenario-import"),
    path("portefolje/rammer/ny/", views.frame_new, name="frame-new"),
    path("portefolje/sammenlign/", views.compare, name="run-compare"),
    path("portefolje/scenario/ny/", views.scenario_new, name="scenario-new"),
    path("portefolje/scenario/<int:pk>/", views.scenario_detail, name="scenario-detail"),
    path("portefolje/scenario/<int:pk>/eksport.json", views.scenario_export, name="scenario-export"),
    path("portefolje/scenario/<int:pk>/kjor/", views.run_start, name="run-start"),
    path("portefolje/kjoring/<int:pk>/", views.run_detail, name="run-detail"),
    path("portefolje/kjoring/<int:pk>/juster/", views.run_adjust, name="run-adjust"),
    path("portefolje/kjoring/<int:pk>/verdi-og-kostnad/", views.run_chart, name="run-chart"),
    path("portefolje/kjoring/<int:pk>/foreslaa/", views.programme_propose, name="programme-propose"),
    path("handlingsprogram/<int:pk>/", views.programme_detail, name="programme-detail"),
    path("handlingsprogram/<int:pk>/mot-forrige/", views.programme_revision_compare, name="programme-revision-compare"),
    path("handlingsprogram/<int:pk>/endre/", views.programme_amend, name="programme-amend"),
    path("handlingsprogram/<int:pk>/eksport.<str:fmt>", views.programme_export, name="programme-export"),
    path(
        "handlingsprogram/<int:pk>/sammenlign/<int:a>/<int:b>/",
        views.programme_version_compare,
        name="programme-compare",
    ),
]
