from django.urls import path

from dtks.programs import views, views_runs

# One path parameter per route (the programme of a run's list comes as ?program=CODE): the
# region-scope sweep fills every parameter with every identifier it knows.
app_name = "programs"
RUN = "penetapan-kelayakan/<int:run_id>/"
urlpatterns = [
    path("", views.programme_list_view, name="programme_list"),
    path("upah-minimum/", views.minimum_wage_view, name="minimum_wages"),
    path("versi/<int:rule_set_id>/", views.rule_set_view, name="rule_set"),
    path("penetapan-kelayakan/", views_runs.run_list_view, name="run_list"),
    path(RUN, views_runs.run_detail_view, name="run_detail"),
    path(RUN + "penerima/", views_runs.beneficiary_list_view, name="beneficiaries"),
    path(RUN + "penerima.csv", views_runs.beneficiary_csv_view, name="beneficiaries_csv"),
    path(RUN + "penerima.xlsx", views_runs.beneficiary_xlsx_view, name="beneficiaries_xlsx"),
    path(RUN + "perubahan/", views_runs.diff_view, name="diff"),
    path(RUN + "perubahan.csv", views_runs.diff_csv_view, name="diff_csv"),
    path("<str:code>/", views.programme_detail_view, name="programme_detail"),
]
