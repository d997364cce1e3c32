from django.urls import path

from dtks.intake import views_proposals as proposals

app_name = "intake"
urlpatterns = [
    path("", proposals.proposal_list_view, name="proposal_list"),
    path("baru/", proposals.proposal_create_view, name="proposal_create"),
    path("<int:proposal_id>/", proposals.proposal_detail_view, name="proposal_detail"),
    path("<int:proposal_id>/hapus/", proposals.proposal_delete_view, name="proposal_delete"),
    path("<int:proposal_id>/ajukan/", proposals.proposal_submit_view, name="proposal_submit"),
    path("<int:proposal_id>/musdes/", proposals.musdes_view, name="musdes"),
    path(
        "<int:proposal_id>/berita-acara/",
        proposals.minutes_download_view,
        name="minutes_download",
    ),
    path(
        "<int:proposal_id>/rumah-tangga/baru/",
        proposals.household_form_view,
        name="household_create",
    ),
    path(
        "<int:proposal_id>/rumah-tangga/periksa/",
        proposals.household_validate_view,
        name="household_validate_new",
    ),
    path(
        "<int:proposal_id>/rumah-tangga/<int:household_id>/",
        proposals.household_form_view,
        name="household_edit",
    ),
    path(
        "<int:proposal_id>/rumah-tangga/<int:household_id>/periksa/",
        proposals.household_validate_view,
        name="household_validate",
    ),
    path(
        "<int:proposal_id>/rumah-tangga/<int:household_id>/hapus/",
        proposals.household_delete_view,
        name="household_delete",
    ),
]
