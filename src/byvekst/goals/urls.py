from django.urls import path

from byvekst.goals import views

urlpatterns = [
    path("mal/", views.indicator_list, name="indicator-list"),
    path("mal/gevinster/", views.benefits, name="benefits"),
    path("mal/forbruk/", views.progress, name="goal-progress"),
    path("mal/<slug:code>/", views.indicator_detail, name="indicator-detail"),
    path("prosjekter/<str:code>/gevinster/", views.project_benefits, name="project-benefits"),
]
