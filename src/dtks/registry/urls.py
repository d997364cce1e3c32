from django.urls import path

from dtks.registry import views

app_name = "registry"
urlpatterns = [
    path("", views.household_list_view, name="household_list"),
    path("rumah-tangga/<int:household_id>/", views.household_detail_view, name="household_detail"),
    path("wilayah/", views.region_view, name="region_root"),
    path("wilayah/<str:code>/", views.region_view, name="region"),
    path("ekspor.csv", views.export_csv_view, name="export_csv"),
    path("ekspor.xlsx", views.export_xlsx_view, name="export_xlsx"),
]
