from django.urls import path

from dtks.intake import views_imports as views

app_name = "imports"
urlpatterns = [
    path("", views.import_list_view, name="import_list"),
    path("baru/", views.import_new_view, name="import_new"),
    path("<int:batch_id>/", views.import_detail_view, name="import_detail"),
    path("<int:batch_id>/ulang/", views.import_retry_view, name="import_retry"),
    path("<int:batch_id>/karantina.csv", views.quarantine_csv_view, name="quarantine_csv"),
    path("<int:batch_id>/karantina.xlsx", views.quarantine_xlsx_view, name="quarantine_xlsx"),
]
