from django.urls import path

from dtks.identity import views_linkage as views

app_name = "linkage"
urlpatterns = [
    path("proses/", views.run_list_view, name="run_list"),
    path("proses/<int:run_id>/", views.run_detail_view, name="run_detail"),
    path("orang/<int:person_id>/", views.person_detail_view, name="person_detail"),
]
