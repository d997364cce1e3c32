from django.urls import path

from dtks.identity import views_pemadanan as views

app_name = "pemadanan"
urlpatterns = [
    path("", views.pemadanan_list_view, name="list"),
    path("mulai/", views.pemadanan_start_view, name="start"),
    path("<int:run_id>/", views.pemadanan_detail_view, name="detail"),
]
