from django.urls import path

from byvekst.followup import views

urlpatterns = [
    path("oppfolging/", views.overview, name="followup"),
    path("oppfolging/rapporter/<int:pk>/", views.report_detail, name="report-detail"),
    path("oppfolging/statusrapporter.xlsx", views.reports_workbook, name="reports-workbook"),
    path("oppfolging/revisjon/", views.revision, name="revision"),
    path("oppfolging/avvik/", views.deviation_list, name="deviation-list"),
    path("oppfolging/avvik/<int:pk>/", views.deviation_detail, name="deviation-detail"),
    path("oppfolging/bestillinger/", views.order_list, name="order-list"),
    path("oppfolging/bestillinger/<int:pk>/", views.order_detail, name="order-detail"),
    path("oppfolging/bestillinger/<int:pk>/vedlegg/<int:attachment>/", views.order_attachment, name="order-attachment"),
    path("oppfolging/bestillingsmaler/", views.order_templates, name="order-templates"),
    path("prosjekter/<str:code>/statusrapport/", views.project_reports, name="project-reports"),
]
