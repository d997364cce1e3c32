from django.urls import path

from dtks.identity import views_review

app_name = "identity_review"
urlpatterns = [
    path("", views_review.review_queue_view, name="queue"),
    path("<int:pair_id>/", views_review.review_pair_view, name="pair"),
]
