from django.urls import path

from byvekst.cases import views

urlpatterns = [
    path("saker/", views.case_list, name="case-list"),
    path("saker/<int:year>/<int:seq>/", views.case_detail, name="case-detail"),
    path("behandling/<int:pk>/saksframlegg/", views.paper_edit, name="paper-edit"),
    path("behandling/<int:pk>/saksframlegg.<str:fmt>", views.paper_export, name="paper-export"),
    path("behandling/<int:pk>/forankring/<slug:party>/", views.anchoring, name="anchoring"),
    path("behandling/<int:pk>/utfall/", views.treatment_outcome, name="treatment-outcome"),
    path("behandling/<int:pk>/kommentar/", views.paper_comment, name="paper-comment"),
    path("moter/", views.meeting_list, name="meeting-list"),
    path("moter/<int:pk>/", views.meeting_detail, name="meeting-detail"),
    path("moter/<int:pk>/handling/<slug:action>/", views.meeting_action, name="meeting-action"),
    path("moter/<int:pk>/innkalling.ics", views.meeting_ics, name="meeting-ics"),
    path("moter/<int:pk>/<slug:which>.<str:fmt>", views.meeting_document, name="meeting-document"),
    path("vedtak/", views.decision_register, name="decision-register"),
    path("vedtak/<int:pk>/oppfolging/", views.decision_follow_up, name="decision-follow-up"),
    path("vedtak/<str:number>/", views.decision_detail, name="decision-detail"),
]
