from django.urls import path

from byvekst.overview import views

urlpatterns = [
    path("", views.home, name="home"),
    path("mine-oppgaver/antall/", views.task_count, name="task-count"),
    path("historikk/", views.history, name="audit-log"),
    path("offentlig/", views.public, name="public"),
    path("ordliste/", views.glossary, name="glossary"),
    path("gjennomforing/", views.status, name="implementation-status"),
    path("prosjekter/<str:code>/tidslinje/", views.project_history, name="project-history"),
]
