from django.urls import path

from byvekst.assessment import views

urlpatterns = [
    path("kriterier/", views.criteria_list, name="criteria-list"),
    path("kriterier/<int:number>/", views.criteria_set, name="criteria-set"),
    path("kriterier/<int:number>/vekter/samlet/", views.weights_aggregate, name="weights-aggregate"),
    path("kriterier/<int:number>/vekter/<slug:party>/", views.weights_ahp, name="weights-ahp"),
    path("kriterier/<int:number>/vekter/<slug:party>/<slug:method>/", views.weights_points, name="weights-points"),
    path("kriterier/<int:number>/rangering/", views.ranking, name="criteria-ranking"),
    path("kriterier/<int:number>/rangering/verdi-og-kostnad/", views.ranking_chart, name="criteria-ranking-chart"),
    path("prosjekter/<str:code>/vurdering/", views.project_scores, name="project-scores"),
]
