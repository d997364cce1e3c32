from django.urls import path

from dtks.assessment import views

app_name = "assessment"
urlpatterns = [
    path("", views.overview_view, name="overview"),
    path("model/", views.model_list_view, name="model_list"),
    path("model/<int:model_id>/", views.model_detail_view, name="model_detail"),
    path("model/<int:model_id>/setujui/", views.model_approve_view, name="model_approve"),
    path("model/<int:model_id>/pensiunkan/", views.model_retire_view, name="model_retire"),
    path("peringkat/", views.ranking_list_view, name="ranking_list"),
    path("peringkat/<int:ranking_id>/", views.ranking_detail_view, name="ranking_detail"),
]
