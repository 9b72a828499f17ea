from django.urls import path

from byvekst.projects import views

urlpatterns = [
    path("prosjekter/", views.project_list, name="project-list"),
    path("prosjekter/kart/", views.project_map, name="project-map"),
    path("prosjekter/ny/", views.project_new, name="project-new"),
    path("prosjekter/mal.xlsx", views.excel_template, name="project-template"),
    path("prosjekter/import/", views.excel_import, name="project-import"),
    path("prosjekter/<str:code>/", views.project_detail, name="project-detail"),
    path("prosjekter/<str:code>/rediger/", views.project_edit, name="project-edit"),
    path("prosjekter/<str:code>/handling/<slug:action>/", views.project_action, name="project-action"),
    path("prosjekter/<str:code>/kommentar/", views.comment_add, name="project-comment"),
    path("prosjekter/<str:code>/eier/", views.owner_change, name="project-owner"),
    path("prosjekter/<str:code>/risiko/", views.risk_add, name="project-risk-add"),
    path("prosjekter/<str:code>/vedlegg/", views.attachment_add, name="project-attachment-add"),
    path("prosjekter/<str:code>/eksport.<str:fmt>", views.sheet_export, name="project-export"),
    path("prosjekter/<str:code>/versjoner/<int:a>/<int:b>/", views.version_diff, name="project-diff"),
    path("kommentar/<int:pk>/svar/", views.comment_answer, name="comment-answer"),
    path("prosjekter/<str:code>/sjekkliste/", views.checklist_save, name="checklist-save"),
    path("risiko/<int:pk>/slett/", views.risk_delete, name="risk-delete"),
    path("vedlegg/<int:pk>/", views.attachment_download, name="attachment-download"),
]
