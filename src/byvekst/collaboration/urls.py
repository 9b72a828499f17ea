from django.urls import path

from byvekst.collaboration import views

urlpatterns = [
    path("samarbeid/uenigheter/", views.disagreement_list, name="disagreement-list"),
    path("samarbeid/uenigheter/<int:pk>/", views.disagreement_detail, name="disagreement-detail"),
    path("samarbeid/temadager/", views.themeday_list, name="themeday-list"),
    path("samarbeid/temadager/<int:pk>/", views.themeday_detail, name="themeday-detail"),
    path("samarbeid/temadager/<int:pk>/invitasjon.ics", views.themeday_ics, name="themeday-ics"),
    path("samarbeid/tidsbruk/", views.time_use_page, name="time-use"),
]
