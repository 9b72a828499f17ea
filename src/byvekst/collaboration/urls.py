from django.urls import path

from byvekst.collaboration import views

urlpatterns = [
    path("samarbeid/uenigheter/", views.disagreement_list, name="disagreement-list"),
    path("samarbeid/uenigheter/<int:pk>/", views.disagreement_detail, name="disagreement-detail"),
]
